import { randomUUID } from 'node:crypto';

/** Ids are UUIDs made by the application, so the same schema works on SQLite and PostgreSQL. */
export const newId = (): string => randomUUID();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID.test(value);

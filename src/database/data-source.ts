import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';
import { serialiseSqliteConnection } from './sqlite-serialised';

/** What a data source opens: the entities and migrations, given by the composition root (src/schema.ts). */
export interface DatabaseSchema {
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
}

/**
 * sqlite3 without `verbose()`: TypeORM calls `driver.verbose()`, which wraps every query call in a function that
 * runs util.inspect over all its parameters (a report's whole text and bytes) for longer stack traces — about a
 * sixth of the API's CPU when reports are submitted (see BENCHMARKS.md). Errors keep their own messages.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sqlite3Module = require('sqlite3') as object;
const sqlite3Quiet = { verbose: () => sqlite3Module };

/**
 * One place that turns DATABASE_URL into TypeORM options: SQLite (a file, WAL so readers do not block the
 * worker's writes) by default, PostgreSQL when the URL says so. Never `synchronize`: migrations own the schema.
 */
export function buildDataSourceOptions(database: DatabaseConfig, schema: DatabaseSchema): DataSourceOptions {
  const common = { entities: schema.entities, migrations: schema.migrations, synchronize: false, migrationsRun: false, logging: false } as const;
  if (database.type === 'postgres') {
    return { ...common, type: 'postgres', url: database.url, extra: { max: 10, connectionTimeoutMillis: 5000 } };
  }
  if (database.database !== ':memory:') fs.mkdirSync(path.dirname(database.database), { recursive: true });
  return {
    ...common,
    type: 'sqlite',
    driver: sqlite3Quiet,
    database: database.database,
    enableWAL: database.database !== ':memory:',
    // API and worker processes share the file: wait for its lock, but boundedly. No `busyErrorRetry`: TypeORM
    // retries a busy statement forever, and a stale snapshot stays busy forever (jobs left active, see README).
    busyTimeout: sqliteBusyTimeoutMs(database),
  };
}

/** How long a statement waits for the connection or the file's lock before it fails with SQLITE_BUSY. */
export const sqliteBusyTimeoutMs = (database: DatabaseConfig): number => (database.type === 'sqlite' && database.busyTimeoutMs) || DEFAULT_SQLITE_BUSY_TIMEOUT_MS;
export const DEFAULT_SQLITE_BUSY_TIMEOUT_MS = 10_000;

/** Every data source of the service is made here: on SQLite its callers take turns on the one connection. */
export function createDataSource(options: DataSourceOptions, database: DatabaseConfig): DataSource {
  const dataSource = new DataSource(options);
  serialiseSqliteConnection(dataSource, sqliteBusyTimeoutMs(database));
  return dataSource;
}

/** Opens a data source and brings the schema up to date. */
export async function openDatabase(database: DatabaseConfig, schema: DatabaseSchema): Promise<DataSource> {
  const dataSource = createDataSource(buildDataSourceOptions(database, schema), database);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}

/** A short description of where the data lives, for logs (never prints a password). */
export function describeDatabase(database: DatabaseConfig): string {
  if (database.type === 'sqlite') return `sqlite ${database.database}`;
  const url = new URL(database.url);
  return `postgres ${url.hostname}:${url.port || 5432}${url.pathname}`;
}

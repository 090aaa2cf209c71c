import { BeforeInsert, PrimaryColumn } from 'typeorm';
import { newId } from '../common/entity-id';

/** Every table's key: a UUID made by the application, the same on SQLite and PostgreSQL. */
export abstract class UuidEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @BeforeInsert()
  assignId(): void {
    this.id ??= newId();
  }
}

/** Bytes as base64 in a text column: one portable type on SQLite and PostgreSQL (sizes bounded by MAX_UPLOAD_MB). */
export const base64Column = {
  to: (bytes?: Buffer | null) => (bytes == null ? bytes : bytes.toString('base64')),
  from: (text: string | null) => (text === null ? null : Buffer.from(text, 'base64')),
};

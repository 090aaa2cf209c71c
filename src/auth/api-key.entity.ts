import { Column, CreateDateColumn, Entity, Index } from 'typeorm';
import { UuidEntity } from '../database/uuid-entity';

export type Role = 'admin' | 'reviewer' | 'agency';
export const ROLES: readonly Role[] = ['admin', 'reviewer', 'agency'];

/** Only the SHA-256 of a key is stored: a leaked database does not leak working keys. */
@Entity('api_keys')
export class ApiKey extends UuidEntity {
  @Column({ type: 'varchar', length: 200, nullable: true })
  name: string | null;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @Column({ type: 'varchar', length: 36, nullable: true })
  organisationId: string | null;

  @Index('IDX_api_keys_keyHash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  keyHash: string;

  /** first characters of the key, to recognise it in a list without storing it */
  @Column({ type: 'varchar', length: 16 })
  prefix: string;

  @CreateDateColumn()
  createdAt: Date;

  @Column({ type: Date, nullable: true })
  revokedAt: Date | null;

  @Column({ type: Date, nullable: true })
  lastUsedAt: Date | null;
}

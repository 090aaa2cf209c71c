import { Column, CreateDateColumn, Entity, Index } from 'typeorm';
import { UuidEntity } from '../database/uuid-entity';

/** Who did what to keys and scores; written in the same transaction as the change it records. */
@Entity('audit_log')
export class AuditLogEntry extends UuidEntity {
  @Index('IDX_audit_log_action')
  @Column({ type: 'varchar', length: 64 })
  action: string;

  /** api key id, or `env:ADMIN_API_KEY`, or `cli` */
  @Column({ type: 'varchar', length: 64 })
  actor: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  subjectId: string | null;

  @Column({ type: 'simple-json', nullable: true })
  details: Record<string, unknown> | null;

  @CreateDateColumn()
  createdAt: Date;
}

import { BeforeInsert, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { newId } from '../common/entity-id';

/** Who did what to keys and scores; written in the same transaction as the change it records. */
@Entity('audit_log')
export class AuditLogEntry {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

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

  @BeforeInsert()
  assignId(): void {
    this.id ??= newId();
  }
}

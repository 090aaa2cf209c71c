import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Report } from '../../reports/report.entity';
import { UuidEntity } from '../../database/uuid-entity';
import type { ItemStatus } from '../../scoring/engine/score-card.types';

/**
 * A reviewer's decision on one item of one report. Tied to the rubric version it was made under: it applies to
 * every scoring of the report with that version and is flagged for review (not applied) under another.
 */
@Entity('overrides')
export class Override extends UuidEntity {
  @Index('IDX_overrides_reportId')
  @Column({ type: 'varchar', length: 36 })
  reportId: string;

  /** the report it belongs to: deleting the report deletes this row (ON DELETE CASCADE) */
  @ManyToOne(() => Report, { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'reportId' })
  report?: Report;

  /** the assessment it was made on (history); the override itself follows the report and rubric version */
  @Column({ type: 'varchar', length: 36, nullable: true })
  assessmentId: string | null;

  @Column({ type: 'varchar', length: 32 })
  itemId: string;

  @Column({ type: 'varchar', length: 100 })
  rubricId: string;

  @Column({ type: 'varchar', length: 32 })
  rubricVersion: string;

  @Column({ type: 'varchar', length: 16 })
  status: ItemStatus;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'varchar', length: 64 })
  actor: string;

  @Column({ type: 'simple-json' })
  before: { status: string; score: number; total: number };

  @Column({ type: 'simple-json' })
  after: { status: string; score: number; total: number };

  @CreateDateColumn()
  createdAt: Date;
}

/** An item that does not apply to an issuer (or a whole organisation) until it expires. */
@Entity('waivers')
export class Waiver extends UuidEntity {
  @Index('IDX_waivers_organisationId')
  @Column({ type: 'varchar', length: 36 })
  organisationId: string;

  /** null: every report of the organisation */
  @Column({ type: 'varchar', length: 200, nullable: true })
  issuer: string | null;

  @Column({ type: 'varchar', length: 32 })
  itemId: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: Date })
  expiresAt: Date;

  @Column({ type: 'varchar', length: 64 })
  actor: string;

  @CreateDateColumn()
  createdAt: Date;
}

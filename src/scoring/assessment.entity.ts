import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Report } from '../reports/report.entity';
import { UuidEntity } from '../database/uuid-entity';
import type { PlanDigest } from './engine/plan-digest';
import type { ScoreCard } from './engine/score-card.types';

export type AssessmentStatus = 'queued' | 'running' | 'done' | 'failed';

/**
 * The record of one scoring of one report against one rubric version and profile. The unique key is what
 * makes at-least-once queue delivery safe: a retry finds the row and finishes it instead of adding another.
 */
@Entity('assessments')
@Index('IDX_assessments_unique_scoring', ['reportId', 'rubricId', 'rubricVersion', 'profile'], { unique: true })
export class Assessment extends UuidEntity {
  @Index('IDX_assessments_reportId')
  @Column({ type: 'varchar', length: 36 })
  reportId: string;

  /** the report it belongs to: deleting the report deletes this row (ON DELETE CASCADE) */
  @ManyToOne(() => Report, { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'reportId' })
  report?: Report;

  @Column({ type: 'varchar', length: 100 })
  rubricId: string;

  @Column({ type: 'varchar', length: 32 })
  rubricVersion: string;

  @Column({ type: 'varchar', length: 32 })
  profile: string;

  /** why this rubric, when the report's year did not choose it (RubricRegistry.select): the card says so */
  @Column({ type: 'text', nullable: true })
  rubricNote: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: AssessmentStatus;

  @Column({ type: 'real', nullable: true })
  total: number | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  grade: string | null;

  @Column({ type: 'simple-json', nullable: true })
  card: ScoreCard | null;

  /**
   * What plan fulfilment needs of the report read with this rubric (engine/plan-digest.ts), written with the card;
   * null for rows scored before the column existed. Not selected unless asked for: only plan fulfilment reads it.
   */
  @Column({ type: 'simple-json', nullable: true, select: false })
  planDigest?: PlanDigest | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** how many times a rescore was asked for; part of the job id so each asked rescore runs once */
  @Column({ type: 'integer', default: 0 })
  generation: number;

  @CreateDateColumn()
  createdAt: Date;

  /** when this scoring was last asked for (creation or rescore), to the millisecond: "latest" means this */
  @Column({ type: Date })
  requestedAt: Date;

  @Column({ type: Date, nullable: true })
  startedAt: Date | null;

  @Column({ type: Date, nullable: true })
  finishedAt: Date | null;
}

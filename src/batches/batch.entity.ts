import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { base64Column, UuidEntity } from '../database/uuid-entity';
import { Report } from '../reports/report.entity';

export type BatchStatus = 'queued' | 'running' | 'done';
export type BatchItemStatus = 'queued' | 'done' | 'failed';

/**
 * A season of reports scored together. Progress lives here, not only in Redis: `done` and `failed` are
 * incremented in the same transaction as an item's status change, so they survive any worker and never count
 * an item twice.
 */
@Entity('batches')
export class Batch extends UuidEntity {
  @Index('IDX_batches_organisationId')
  @Column({ type: 'varchar', length: 36 })
  organisationId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  status: BatchStatus;

  @Column({ type: 'integer' })
  total: number;

  @Column({ type: 'integer', default: 0 })
  done: number;

  @Column({ type: 'integer', default: 0 })
  failed: number;

  @Column({ type: 'varchar', length: 100 })
  rubricId: string;

  @Column({ type: 'varchar', length: 32 })
  rubricVersion: string;

  /** rubricId@rubricVersion scores every report (it was asked for); false: each report's year chooses */
  @Column({ type: 'boolean', default: false })
  rubricFixed: boolean;

  /** the profile every report is scored with; null: each report's own (detected or given) */
  @Column({ type: 'varchar', length: 32, nullable: true })
  profile: string | null;

  @Column({ type: 'varchar', length: 64 })
  createdBy: string;

  /** copy detection and plan fulfilment, computed once when the last item has ended */
  @Column({ type: 'simple-json', nullable: true })
  analysis: BatchAnalysis | null;

  @CreateDateColumn()
  createdAt: Date;

  @Column({ type: Date, nullable: true })
  startedAt: Date | null;

  @Column({ type: Date, nullable: true })
  finishedAt: Date | null;
}

export interface BatchAnalysis {
  copies: Array<{
    a: string;
    b: string;
    shareA: number;
    shareB: number;
    copiedChars: number;
    earlier?: boolean;
    passages: Array<{ a: string; b: string; chars: number }>;
  }>;
  /** by report id */
  planFulfilment: Record<string, { previousReportId: string; previousYear: number | null; planned: number; done: Array<{ item: string; evidence: { quote: string; start: number; end: number } }>; silent: string[]; share: number }>;
  error?: string;
}

/** One uploaded file of a batch. The bytes stay here until processed, so a worker on any machine can do intake. */
@Entity('batch_items')
@Index('IDX_batch_items_batch_position', ['batchId', 'position'], { unique: true })
export class BatchItem extends UuidEntity {
  @Column({ type: 'varchar', length: 36 })
  batchId: string;

  @Column({ type: 'integer' })
  position: number;

  /** the file's name, with its folder inside a zip */
  @Column({ type: 'varchar', length: 500 })
  filename: string;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ type: 'integer' })
  size: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  issuer: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  level: string | null;

  @Column({ type: 'integer', nullable: true })
  year: number | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  publishedAt: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: BatchItemStatus;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  reportId: string | null;

  /** the report it belongs to: deleting the report deletes this row (ON DELETE CASCADE) */
  @ManyToOne(() => Report, { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'reportId' })
  report?: Report;

  @Column({ type: 'varchar', length: 36, nullable: true })
  assessmentId: string | null;

  @Column({ type: 'text', nullable: true, transformer: base64Column })
  bytes: Buffer | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** while a scanned file is recognised: pages done of pages (GET /batches/:id shows it) */
  @Column({ type: 'simple-json', nullable: true })
  ocrProgress: { pages: number; recognisedPages: number } | null;

  @CreateDateColumn()
  createdAt: Date;

  @Column({ type: Date, nullable: true })
  finishedAt: Date | null;
}

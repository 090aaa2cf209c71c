import { Column, CreateDateColumn, Entity, Index } from 'typeorm';
import { base64Column, UuidEntity } from '../database/uuid-entity';
import type { ReportFormat, ReportLevel, Script, Section } from '../intake/intake.types';

/**
 * Text recognition of a scanned report. A scan sent to POST /reports is stored at once as `queued` with empty
 * texts; its `recognise` job reads the pages (`recognisedPages` of `pages` while `running`), fills the texts and
 * metadata, and queues the scoring. Batch items are recognised in their own job and stored `done`.
 */
export interface ReportOcr {
  status: 'queued' | 'running' | 'done' | 'failed';
  pages: number;
  recognisedPages: number;
  /** mean recognition confidence 0–1, once done */
  confidence: number | null;
  /** why recognition failed, for the agency (Chinese) */
  error?: string;
}

/**
 * A submitted report: the original bytes (a reviewer may download them), the extracted text evidence is quoted
 * from, the normalised text matching runs on, and the detected structure. Unique per organisation and content.
 */
@Entity('reports')
@Index('IDX_reports_org_sha256', ['organisationId', 'sha256'], { unique: true })
export class Report extends UuidEntity {
  @Index('IDX_reports_organisationId')
  @Column({ type: 'varchar', length: 36 })
  organisationId: string;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ type: 'varchar', length: 8 })
  format: ReportFormat;

  @Column({ type: 'varchar', length: 255, nullable: true })
  filename: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  title: string | null;

  @Index('IDX_reports_issuer')
  @Column({ type: 'varchar', length: 200, nullable: true })
  issuer: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  level: ReportLevel | null;

  @Column({ type: 'integer', nullable: true })
  year: number | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  publishedAt: string | null;

  /** the profile asked for at submission; null means "from the issuer" */
  @Column({ type: 'varchar', length: 32, nullable: true })
  profile: string | null;

  @Column({ type: 'varchar', length: 16 })
  script: Script;

  @Column({ type: 'integer' })
  chars: number;

  @Column({ type: 'text' })
  extractedText: string;

  @Column({ type: 'text' })
  normalisedText: string;

  @Column({ type: 'simple-json' })
  sections: Section[];

  @Column({ type: 'text', transformer: base64Column })
  originalBytes: Buffer;

  /** null for text documents; set for scans and photos (see ReportOcr) */
  @Column({ type: 'simple-json', nullable: true })
  ocr: ReportOcr | null;

  @Index('IDX_reports_batchId')
  @Column({ type: 'varchar', length: 36, nullable: true })
  batchId: string | null;

  @CreateDateColumn()
  createdAt: Date;
}

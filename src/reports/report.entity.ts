import { BeforeInsert, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { newId } from '../common/entity-id';
import type { ReportFormat, ReportLevel, Script, Section } from './intake/intake.types';

/**
 * A submitted report: the original bytes (a reviewer may download them), the extracted text evidence is quoted
 * from, the normalised text matching runs on, and the detected structure. Unique per organisation and content.
 */
@Entity('reports')
@Index('IDX_reports_org_sha256', ['organisationId', 'sha256'], { unique: true })
export class Report {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

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

  /** base64 in a text column: one portable type on SQLite and PostgreSQL (bounded by MAX_UPLOAD_MB) */
  @Column({ type: 'text', transformer: { to: (bytes?: Buffer) => bytes?.toString('base64'), from: (text: string | null) => (text === null ? null : Buffer.from(text, 'base64')) } })
  originalBytes: Buffer;

  @Index('IDX_reports_batchId')
  @Column({ type: 'varchar', length: 36, nullable: true })
  batchId: string | null;

  @CreateDateColumn()
  createdAt: Date;

  @BeforeInsert()
  assignId(): void {
    this.id ??= newId();
  }
}

import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/app-options';
import type { AppConfig } from '../config/app-config';
import { IntakeError, levelOverride } from '../intake/intake.types';
import { IntakePool } from '../intake-pool/intake-pool';
import { JobQueue, PermanentJobError, type JobProgress } from '../queue';
import { textColumns } from './report-columns';
import { Report, type ReportOcr } from './report.entity';
import { intakeRequest, type ReportInput, type ReportOverrides } from './report-input';
import { ReportScoring } from './report-scorer';

/** A scan sent to POST /reports before its recognition: what is known of it. */
export interface PendingScan {
  format: 'pdf' | 'image';
  sha256: string;
  /** pages to recognise */
  scanPages: number;
}

/**
 * Scans sent to POST /reports are recognised in a queued job, not in the request: OCR takes seconds a page, and
 * the agency follows the pages in GET /reports/:id (`ocr.recognisedPages` of `ocr.pages`). The report row exists
 * from the start with empty texts; the job fills them and the detected metadata, then queues the scoring.
 */
@Injectable()
export class ScanRecognitionService implements OnModuleInit {
  private readonly logger = new Logger(ScanRecognitionService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: JobQueue,
    private readonly pool: IntakePool,
    private readonly scoring: ReportScoring,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A recognised scan is scored next, through the scorer the scoring feature registered. */
  private score(report: Report): Promise<unknown> {
    return this.scoring.queue(report);
  }

  onModuleInit(): void {
    this.queue.handle('recognise', (data, attempt, maxAttempts, progress) => this.recognise(data.reportId, attempt, maxAttempts, progress));
  }

  /**
   * Stores the scan (once per organisation and content, as every report) and queues its recognition. What the
   * user said (issuer, level, year, …) is stored now and given to intake as overrides when the text arrives. A
   * scan whose recognition failed is queued again when sent again: the limits may have changed.
   */
  async store(organisationId: string, scan: PendingScan, input: ReportInput, overrides: ReportOverrides): Promise<{ report: Report; created: boolean }> {
    const repo = this.dataSource.getRepository(Report);
    const existing = await repo.findOneBy({ organisationId, sha256: scan.sha256 });
    if (existing) {
      if (existing.ocr?.status === 'failed') await this.requeue(existing);
      return { report: existing, created: false };
    }
    const row = repo.create({
      organisationId,
      sha256: scan.sha256,
      format: scan.format,
      filename: input.filename?.slice(0, 255) ?? null,
      title: overrides.title?.slice(0, 500) ?? null,
      issuer: overrides.issuer?.slice(0, 200) ?? null,
      level: overrides.level ?? overrides.governmentLevel ?? null,
      year: overrides.year ?? null,
      publishedAt: overrides.publishedAt ?? null,
      profile: overrides.profile ?? null,
      script: 'simplified',
      chars: 0,
      extractedText: '',
      normalisedText: '',
      sections: [],
      originalBytes: input.bytes,
      batchId: null,
      ocr: { status: 'queued', pages: scan.scanPages, recognisedPages: 0, confidence: null },
    });
    let report: Report;
    try {
      report = await repo.save(row, { transaction: false });
    } catch (error) {
      const raced = await repo.findOneBy({ organisationId, sha256: scan.sha256 });
      if (raced) return { report: raced, created: false };
      throw error;
    }
    await this.queue.add({ name: 'recognise', jobId: `recognise.${report.id}`, data: { reportId: report.id } });
    return { report, created: true };
  }

  /** The `recognise` job: OCR with progress, then the report gets its text and its scoring is queued. */
  async recognise(reportId: string, attempt: number, maxAttempts: number, progress: JobProgress): Promise<string> {
    const repo = this.dataSource.getRepository(Report);
    const report = await repo.findOneBy({ id: reportId });
    if (!report) return 'gone';
    if (report.ocr?.status === 'done' || !report.ocr) {
      await this.score(report);
      return 'already_done';
    }
    const pages = report.ocr.pages;
    // page updates are written in order, and all of them before the final row
    let writes = this.setOcr(reportId, { status: 'running', pages, recognisedPages: 0, confidence: null });
    const onOcrPage = (done: number, total: number) => {
      writes = writes.then(() => this.setOcr(reportId, { status: 'running', pages: total, recognisedPages: done, confidence: null }));
      progress({ recognisedPages: done, pages: total }).catch(() => undefined);
    };
    try {
      const input = { bytes: report.originalBytes, filename: report.filename ?? undefined, stored: 'report' as const };
      const intake = await this.pool.intake(intakeRequest(input, storedOverrides(report), this.config), onOcrPage);
      await writes;
      await repo.update({ id: reportId }, textColumns(intake));
      await this.score(await repo.findOneByOrFail({ id: reportId }));
      return 'done';
    } catch (error) {
      await writes.catch(() => undefined);
      const permanent = error instanceof IntakeError;
      if (permanent || attempt >= maxAttempts) {
        const message = permanent ? error.message : `文字识别未能完成：${(error as Error).message}`;
        this.logger.warn(`recognition of report ${reportId} failed: ${message}`);
        await this.setOcr(reportId, { status: 'failed', pages, recognisedPages: 0, confidence: null, error: message.slice(0, 1000) });
      }
      if (permanent) throw new PermanentJobError(error.message);
      throw error;
    }
  }

  private async requeue(report: Report): Promise<void> {
    const ocr: ReportOcr = { status: 'queued', pages: report.ocr!.pages, recognisedPages: 0, confidence: null };
    await this.setOcr(report.id, ocr);
    report.ocr = ocr;
    await this.queue.add({ name: 'recognise', jobId: `recognise.${report.id}.${Date.now()}`, data: { reportId: report.id } });
  }

  private async setOcr(reportId: string, ocr: ReportOcr): Promise<void> {
    await this.dataSource.getRepository(Report).update({ id: reportId }, { ocr });
  }
}

/** Before recognition only the user can have set these columns: they are the overrides the user gave. */
function storedOverrides(report: Report): ReportOverrides {
  const overrides: ReportOverrides = {};
  if (report.title) overrides.title = report.title;
  if (report.issuer) overrides.issuer = report.issuer;
  Object.assign(overrides, levelOverride(report.level));
  if (report.year) overrides.year = report.year;
  if (report.publishedAt) overrides.publishedAt = report.publishedAt;
  return overrides;
}

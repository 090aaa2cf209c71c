import { BadRequestException, ConflictException, HttpException, Inject, Injectable, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { canSeeOrganisation, type Principal } from '../auth/principal';
import { isUuid } from '../common/entity-id';
import type { Page } from '../common/pagination.dto';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-options';
import { Report } from '../reports/report.entity';
import { ReportsService } from '../reports/reports.service';
import { RubricNotFoundError, RubricRegistry } from '../rubric/rubric-loader';
import type { RubricDefinition } from '../rubric/rubric.types';
import { Assessment } from '../scoring/assessment.entity';
import { AssessmentRepository } from '../scoring/assessment.repository';
import { ScoringService } from '../scoring/scoring.service';
import { Batch, BatchItem } from './batch.entity';
import { BatchRepository } from './batch.repository';
import { BatchReportsRepository } from './batch-reports.repository';
import { CONTENT_TYPES, contentDisposition, toCsv, toJson, toXlsx, type ExportFormat } from './batch-export';
import { distribution, exportRows, gapFrequency, ranking, withCheckKinds, type BatchEntry, type Distribution, type FailedEntry, type GapFrequencyRow, type RankingRow } from './batch-report';
import { JobQueue } from '../queue';
import { batchFlow } from './batch-runner';
import type { CopyPair } from './copy-detection';
import type { PlanFulfilment } from './plan-fulfilment';
import { applyOverrides, type ItemAdjustment } from './overrides/apply-overrides';
import type { ScoreCard } from '../scoring/engine/score-card.types';
import { OverridesService } from './overrides/overrides.service';
import { batchLimits, BatchInputError, collectBatchFiles, parseManifest, type BatchFile } from './upload';
import { errorBody } from '../common/error-codes';
import { assertLevel } from '../rubrics/requested-rubric';

@Injectable()
export class BatchesService {
  private readonly logger = new Logger(BatchesService.name);

  constructor(
    private readonly batches: BatchRepository,
    private readonly reportRows: BatchReportsRepository,
    private readonly assessmentRows: AssessmentRepository,
    private readonly reports: ReportsService,
    private readonly scoring: ScoringService,
    private readonly overrides: OverridesService,
    private readonly rubrics: RubricRegistry,
    private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Checks the whole upload (zips, limits, manifest) before storing anything, then queues the flow. */
  async create(principal: Principal, uploads: Array<{ filename: string; bytes: Buffer }>, manifest: Buffer | undefined, name?: string): Promise<Batch> {
    let files: BatchFile[];
    try {
      files = await collectBatchFiles(uploads, manifest ? parseManifest(manifest) : undefined, batchLimits(this.config.maxUploadMb));
    } catch (error) {
      if (error instanceof BatchInputError) throw new HttpException(errorBody(error.status === 413 ? 'FILE_TOO_LARGE' : 'INVALID_BATCH_UPLOAD', error.message), error.status);
      throw error;
    }
    return this.createFor(await this.reports.organisationFor(principal), principal.keyId, files, { name });
  }

  /**
   * `rubric` (id or id@version; the current one by default) and `profile` (each report's own by default) hold
   * for every file of the batch; both are checked before anything is stored.
   */
  async createFor(organisationId: string, actor: string, files: BatchFile[], options: { name?: string; rubric?: string; profile?: string } = {}): Promise<Batch> {
    const { name, profile } = options;
    const rubric = this.scoring.resolveRubric(options.rubric);
    this.scoring.assertProfile(profile, rubric);
    for (const f of files) assertLevel(this.rubrics, f.level, `${f.filename}：`);
    const { batch, itemIds } = await this.batches.createWithItems(
      {
        organisationId,
        name: name ?? `${new Date().toISOString().slice(0, 10)} · ${files.length} 份报告`,
        status: 'queued',
        total: files.length,
        done: 0,
        failed: 0,
        rubricId: rubric.id,
        rubricVersion: rubric.version,
        rubricFixed: options.rubric !== undefined,
        profile: profile ?? null,
        createdBy: actor,
        analysis: null,
        startedAt: null,
        finishedAt: null,
      },
      files.map((f, position) => ({
        position,
        filename: f.filename,
        sha256: f.sha256,
        size: f.bytes.length,
        issuer: f.issuer ?? null,
        level: f.level ?? null,
        year: f.year ?? null,
        publishedAt: f.publishedAt ?? null,
        status: 'queued',
        error: null,
        reportId: null,
        assessmentId: null,
        bytes: f.bytes,
        attempts: 0,
        finishedAt: null,
      })),
    );
    try {
      // ids from the rows, so adding the same flow again (a retried request) adds no second job
      const { parent, children } = batchFlow(batch.id, itemIds);
      await this.queue.addFlow(parent, children);
    } catch (error) {
      this.logger.error(`batch ${batch.id} could not be queued: ${(error as Error).message}`);
      await this.batches.deleteWithItems(batch.id);
      throw new ServiceUnavailableException(errorBody('QUEUE_UNAVAILABLE', '队列未接受该批次，未存储任何内容，请重试'));
    }
    return batch;
  }

  /** A batch the caller may see, or 404 — never revealing that another organisation's batch exists. */
  async findVisible(principal: Principal, id: string): Promise<Batch> {
    const batch = isUuid(id) ? await this.batches.findById(id) : null;
    if (!batch || !canSeeOrganisation(principal, batch.organisationId)) throw new NotFoundException(errorBody('BATCH_NOT_FOUND', `未找到批次 ${id}`));
    return batch;
  }

  async list(principal: Principal, page: number, limit: number): Promise<Page<Batch>> {
    const [items, total] = await this.batches.page(principal.visibleOrganisationIds, page, limit);
    return { items, total, page, limit };
  }

  /** The batch's scanned files being recognised now, with their pages done (GET /batches/:id). */
  async recognising(batch: Batch): Promise<Array<Pick<BatchItem, 'filename' | 'ocrProgress'>>> {
    if (batch.status === 'done') return [];
    return this.batches.recognising(batch.id);
  }

  /** The batch's scored reports as cards with overrides and waivers applied, and its failed files. */
  async entries(batch: Batch): Promise<BatchEntries> {
    const items = await this.batches.itemSummaries(batch.id);
    const done = items.filter((i) => i.status === 'done' && i.reportId && i.assessmentId);
    const reports = new Map<string, Report>();
    const assessments = new Map<string, Assessment>();
    for (const r of await this.reportRows.headings(done.map((i) => i.reportId!))) reports.set(r.id, r);
    for (const a of await this.assessmentRows.findByIds(done.map((i) => i.assessmentId!))) assessments.set(a.id, a);
    const adjustments = await this.overrides.adjustmentsFor([...reports.values()], [...assessments.values()]);
    const analysis = batch.analysis;
    const entries: BatchEntry[] = [];
    const failed: FailedEntry[] = items.filter((i) => i.status === 'failed').map((i) => ({ file: i.filename, error: i.error ?? 'failed' }));
    for (const item of done) {
      const assessment = assessments.get(item.assessmentId!);
      if (!assessment?.card) {
        failed.push({ file: item.filename, error: `assessment ${assessment?.status ?? 'missing'}${assessment?.error ? `: ${assessment.error}` : ''}` });
        continue;
      }
      const list = adjustments.get(item.reportId!) ?? [];
      entries.push({
        key: item.id,
        file: item.filename,
        reportId: item.reportId,
        // overrides are applied with the rubric the report was scored with: each report's year chose its own
        card: this.cardOf(assessment.card, assessment, list),
        planFulfilment: analysis?.planFulfilment[item.reportId!] ?? null,
      });
    }
    // earlier reports named by copy pairs are not in the batch: name them too
    // pairs are rows of their own since batch_copies; a batch finished before keeps them in its analysis
    const copies = !analysis ? [] : analysis.copies.length ? analysis.copies : await this.batches.copies(batch.id);
    const outside = [...new Set(copies.filter((c) => c.earlier && !reports.has(c.b)).map((c) => c.b))];
    for (const r of await this.reportRows.headings(outside)) reports.set(r.id, r);
    const reportFiles = new Map([...reports.values()].map((r) => [r.id, r.filename ?? r.title ?? r.id]));
    return { entries, failed, reports, reportFiles, copies };
  }

  /**
   * The rubric a batch was created under, or one of its reports was scored with. One that is no longer loaded is
   * the client's conflict (409 RUBRIC_NOT_LOADED), not a fault of the server; anything else the registry throws
   * stays a 500.
   */
  rubricOf(scored: Pick<Batch, 'rubricId' | 'rubricVersion'>): RubricDefinition {
    try {
      return this.rubrics.get(scored.rubricId, scored.rubricVersion);
    } catch (error) {
      if (!(error instanceof RubricNotFoundError)) throw error;
      throw new ConflictException({ error: 'RUBRIC_NOT_LOADED', message: `该批次所用的评估细则 ${scored.rubricId}@${scored.rubricVersion} 未加载，无法给出结果` });
    }
  }

  /**
   * A stored card as the batch shows it: overrides applied with the rubric the report was scored with (each
   * report's year chose its own), and check kinds filled in on cards stored before items carried them.
   */
  private cardOf(card: ScoreCard, assessment: Assessment, adjustments: ItemAdjustment[]): ScoreCard {
    const complete = card.items.every((it) => it.check);
    if (complete && !adjustments.length) return card;
    const rubric = this.rubricOf(assessment);
    const withKinds = complete ? card : withCheckKinds(card, rubric);
    return adjustments.length ? applyOverrides(withKinds, adjustments, rubric) : withKinds;
  }

  async results(principal: Principal, id: string): Promise<BatchResults> {
    const batch = await this.findVisible(principal, id);
    const { entries, failed, reports, reportFiles, copies } = await this.entries(batch);
    const rubric = this.rubricOf(batch);
    const fileOf = new Map(entries.map((e) => [e.reportId!, e.file]));
    const describe = (reportId: string) => {
      const r = reports.get(reportId);
      return { reportId, file: fileOf.get(reportId) ?? r?.filename ?? null, issuer: r?.issuer ?? null, year: r?.year ?? null };
    };
    return {
      batch,
      ranking: ranking(entries, copies, reportFiles).map(({ key: _key, ...row }) => row),
      gapFrequency: gapFrequency(entries),
      distribution: distribution(entries, rubric),
      failed,
      copies: copies.map((c) => ({ ...c, a: describe(c.a), b: describe(c.b), earlier: c.earlier === true })),
      planFulfilment: entries
        .filter((e) => e.planFulfilment?.previousReportId)
        .map((e) => ({ reportId: e.reportId, file: e.file, ...(e.planFulfilment as PlanFulfilment & { previousReportId: string }) })),
      analysisError: batch.analysis?.error,
    };
  }

  async export(principal: Principal, id: string, format: ExportFormat): Promise<{ body: Buffer; contentType: string; disposition: string }> {
    const batch = await this.findVisible(principal, id);
    const { entries, failed, reportFiles, copies } = await this.entries(batch);
    const rows = exportRows(entries, copies, reportFiles);
    const body = format === 'csv' ? toCsv(rows) : format === 'json' ? toJson(rows) : await toXlsx(rows, gapFrequency(entries), failed);
    return { body, contentType: CONTENT_TYPES[format], disposition: contentDisposition(`${batch.name}.${format}`) };
  }
}

/** What results are computed from and of; the controller maps it to BatchResultsDto. */
export interface BatchResults {
  batch: Batch;
  ranking: Array<Omit<RankingRow, 'key'>>;
  gapFrequency: GapFrequencyRow[];
  distribution: Distribution;
  failed: FailedEntry[];
  copies: Array<Omit<CopyPair, 'a' | 'b' | 'earlier'> & { a: CopyParty; b: CopyParty; earlier: boolean }>;
  planFulfilment: Array<PlanFulfilment & { previousReportId: string; reportId: string | null; file: string }>;
  analysisError?: string;
}

interface CopyParty {
  reportId: string;
  file: string | null;
  issuer: string | null;
  year: number | null;
}

/** A batch's scored entries and failed files, with the reports they and their copy pairs name. */
export interface BatchEntries {
  entries: BatchEntry[];
  failed: FailedEntry[];
  /** the batch's reports and the earlier ones copy pairs name */
  reports: Map<string, Report>;
  /** how results and exports name a report: its file (its title, for one stored without a file name) */
  reportFiles: Map<string, string>;
  copies: CopyPair[];
}

import { HttpException, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import * as path from 'node:path';
import { IntakeError, levelOverride } from '../intake/intake.types';
import type { StoredCard, StoredIntake } from '../intake-pool/intake-task';
import type { RubricDefinition } from '../rubric/rubric.types';
import { Report } from '../reports/report.entity';
import { ReportsService, type ReportOverrides } from '../reports/reports.service';
import { RubricRegistry, type RubricSelection } from '../rubric/rubric-loader';
import { PlanDigests } from '../scoring/plan-digests';
import { PermanentScoringError, ScoringService } from '../scoring/scoring.service';
import type { Batch, BatchAnalysis } from './batch.entity';
import { BatchRepository, type ItemToRun } from './batch.repository';
import { BatchReportsRepository } from './batch-reports.repository';
import { JobQueue, PermanentJobError, type JobProgress, type JobRef, type PendingWork } from '../queue';
import { findCopiesWith, measureYielding, quoteCopies, type CopyDoc } from './copy-detection';
import { chunks } from '../database/in-chunks';
import { matchPlan } from './plan-fulfilment';

/** What a batch item the queue ended without a result says (the results' failed list shows it to reviewers). */
export const STRANDED_ITEM = '未能完成处理：该文件的评估任务中断且没有结果，请重新提交该文件';

/** A batch's flow: its parent job and one child per item, ids from the rows so adding it again adds nothing. */
export function batchFlow(batchId: string, itemIds: string[]): { parent: JobRef; children: JobRef[] } {
  return {
    parent: { name: 'batch', jobId: `batch.${batchId}`, data: { batchId } },
    children: itemIds.map((itemId) => ({ name: 'item', jobId: `batch-item.${itemId}`, data: { itemId } })),
  };
}

/**
 * The work of a batch's jobs, shared by the BullMQ processors and inline mode. Every step is safe to run twice:
 * a report is stored once per content, an assessment once per report and rubric version, and an item changes
 * status (and moves the batch counters) only from `queued`.
 */
@Injectable()
export class BatchRunner implements OnModuleInit {
  private readonly logger = new Logger(BatchRunner.name);

  constructor(
    private readonly batches: BatchRepository,
    private readonly reportRows: BatchReportsRepository,
    private readonly reports: ReportsService,
    private readonly scoring: ScoringService,
    private readonly rubrics: RubricRegistry,
    private readonly queue: JobQueue,
    private readonly digests: PlanDigests,
  ) {}

  /** The handlers of a batch's flow: one `item` job per file, the `batch` parent once all have ended. */
  onModuleInit(): void {
    this.queue.handle('item', (data, attempt, maxAttempts, progress) => this.runItem(data.itemId, attempt, maxAttempts, progress));
    this.queue.handle('batch', (data) => this.finalise(data.batchId));
    this.queue.recoverFrom((abandonedBefore) => this.unfinishedFlows(abandonedBefore));
  }

  /**
   * For the reconciler: each batch not done, as its flow with the items still queued (all of them may be done).
   * When no item ended since `abandonedBefore`, a parent job that was going to run has had its chance: the
   * reconciler may finalise the batch itself (finalise's guarded update makes that once, whoever else tries).
   */
  private async unfinishedFlows(abandonedBefore: Date): Promise<PendingWork[]> {
    const flows: PendingWork[] = [];
    for (const batch of await this.batches.unfinished()) {
      const items = await this.batches.queuedItems(batch.id);
      const { parent, children } = batchFlow(batch.id, items.map((item) => item.id));
      const settled = batch.createdAt < abandonedBefore && !(await this.batches.anyItemEndedSince(batch.id, abandonedBefore));
      flows.push({ job: parent, children, finish: settled ? async () => (await this.finalise(batch.id)) === 'done' : undefined });
    }
    return flows;
  }

  /**
   * One file: intake and scoring in one pass on the intake pool, then the report and its done assessment stored
   * (so each report gets exactly one assessment), item done. When the stored report is not the one just read
   * (the same content stored before, a scan) or the card's rubric or profile is not the one the stored report
   * gets, the assessment is made and run the ordinary way instead.
   */
  async runItem(itemId: string, attempt: number, maxAttempts: number, progress: JobProgress = async () => undefined): Promise<string> {
    const startedAt = new Date();
    const found = await this.batches.itemToRun(itemId);
    if (!found) return 'gone';
    const { item, batch } = found;
    if (item.status !== 'queued') return `already_${item.status}`;
    if (!batch) return 'gone';
    // one statement a job fewer: only the batch's first items find it queued
    if (batch.status === 'queued') await this.batches.markStarted(batch.id);
    let assessmentId: string | null = null;
    try {
      const bytes = item.bytes ?? Buffer.alloc(0);
      const input = { bytes, filename: item.filename };
      // a scan's pages as they are recognised: on the item for GET /batches/:id, and as the job's progress
      let writes = Promise.resolve();
      const onOcrPage = (recognisedPages: number, pages: number) => {
        writes = writes.then(() => this.batches.setOcrProgress(item.id, { pages, recognisedPages }).then(() => undefined, () => undefined));
        progress({ recognisedPages, pages }).catch(() => undefined);
      };
      const ref = batch.rubricFixed ? `${batch.rubricId}@${batch.rubricVersion}` : undefined;
      const poolInput = { bytes, filename: path.posix.basename(item.filename), stored: 'batch-item' as const };
      const overrides = this.metadataOf(item);
      const { intake, card, planDigestJson } = await this.reports
        .checkForStorage(poolInput, overrides, ref, batch.profile ?? undefined, onOcrPage)
        .finally(() => writes)
        .catch((error: unknown) => {
          // a profile or rubric the year's rubric refuses: the ordinary way below says why, as it always did
          if (error instanceof IntakeError) throw error;
          return { intake: null, card: null, planDigestJson: undefined };
        });
      const { report, created } = await this.reports.store(batch.organisationId, intake ?? (await this.reports.extract(poolInput, overrides)), input, null, batch.id);
      // each report by its own year, as a single report would be (a season can hold reports of two outlines),
      // unless the batch was given one rubric (`scorecard batch --queue --rubric`)
      const { rubric, note } = this.rubricFor(batch, report.year);
      const profile = this.scoring.profileFor(report, rubric, batch.profile);
      const sameScoring = card && intake && created && storedAsRead(report, intake) && cardScoredAs(card, rubric, profile, note);
      const recorded = sameScoring ? await this.scoring.recordScored(report, card, startedAt, planDigestJson) : null;
      if (recorded) assessmentId = recorded.id;
      else {
        const { assessment } = await this.scoring.ensureAssessment(report, rubric, profile, note);
        assessmentId = assessment.id;
        if (assessment.status !== 'done') await this.scoring.runAssessment(assessment.id);
      }
      await this.batches.finishItem(item, 'done', { reportId: report.id, assessmentId, attempts: Math.max(item.attempts + 1, attempt) });
      return 'done';
    } catch (error) {
      const permanent = error instanceof IntakeError || error instanceof PermanentScoringError || (error instanceof HttpException && error.getStatus() < 500);
      if (permanent || attempt >= maxAttempts) {
        if (assessmentId) await this.scoring.markFailed(assessmentId, error).catch((e) => this.logger.error(e));
        await this.batches.finishItem(item, 'failed', { error: (error as Error).message.slice(0, 2000), attempts: Math.max(item.attempts + 1, attempt) });
      }
      if (permanent) throw new PermanentJobError((error as Error).message);
      throw error;
    }
  }

  /**
   * After every item has ended (the flow's parent job): items a lost job never ended are failed, copy detection
   * and plan fulfilment run once over the batch, and the batch is done with counters recounted from its items.
   */
  async finalise(batchId: string): Promise<string> {
    const batch = await this.batches.findById(batchId);
    if (!batch) return 'gone';
    if (batch.status === 'done') return 'already_done';
    const stranded = await this.batches.queuedItems(batchId);
    for (const item of stranded) await this.batches.finishItem(item, 'failed', { error: STRANDED_ITEM });

    let analysis: BatchAnalysis;
    try {
      analysis = await this.analyse(batch);
    } catch (error) {
      this.logger.error(`analysis of batch ${batchId} failed: ${(error as Error).stack ?? error}`);
      analysis = { copies: [], planFulfilment: {}, error: (error as Error).message };
    }
    // only from unfinished: the parent job and the reconciler (or two of them) may finalise at once; one does
    const finished = await this.batches.finish(batchId, await this.batches.countEnded(batchId), analysis);
    return finished ? 'done' : 'already_done';
  }

  /** The rubric for a report of this year (RubricRegistry.select); none loaded is for good, not worth a retry. */
  private rubricFor(batch: Pick<Batch, 'rubricFixed' | 'rubricId' | 'rubricVersion'>, year: number | null | undefined): RubricSelection {
    const ref = batch.rubricFixed ? `${batch.rubricId}@${batch.rubricVersion}` : undefined;
    try {
      return this.rubrics.select(ref, year);
    } catch (error) {
      throw new PermanentScoringError(`no rubric to score a report of ${year ?? 'an unknown year'}${ref ? ` with ${ref}` : ''}: ${(error as Error).message}`);
    }
  }


  private metadataOf(item: ItemToRun): ReportOverrides {
    const overrides: ReportOverrides = {};
    if (item.issuer) overrides.issuer = item.issuer;
    Object.assign(overrides, levelOverride(item.level));
    if (item.year) overrides.year = item.year;
    if (item.publishedAt) overrides.publishedAt = item.publishedAt;
    return overrides;
  }

  /**
   * Copy detection over the batch's normalised texts, then plan fulfilment. The extracted texts are read only
   * where quotes are cut from them (traditional stays traditional), after detection: for the documents the
   * reported pairs name, then a part at a time for plan fulfilment. A season of them beside copy detection's
   * arrays was a worker's largest RSS.
   */
  private async analyse(batch: Batch): Promise<BatchAnalysis> {
    const ids = [...new Set((await this.batches.doneReportIds(batch.id)).filter((id): id is string => !!id))];
    const reports = await this.reportRows.matchingTexts(ids);
    reports.sort((a, b) => (a.id < b.id ? -1 : 1));

    const issuers = [...new Set(reports.map((r) => r.issuer).filter((i): i is string => !!i))];
    const earlier = await this.reportRows.matchingTextsBefore(batch.organisationId, issuers, batch.createdAt, new Set(ids));
    const doc = (r: Report): CopyDoc => ({ id: r.id, text: r.normalisedText, issuer: r.issuer });
    const batchDocs = reports.map(doc);
    const earlierDocs = earlier.map(doc);
    // measured a part at a time: the other jobs this worker holds renew their locks on the same event loop
    const found = await findCopiesWith(measureYielding, batchDocs, earlierDocs, {}, 'local');
    const originals = await this.reportRows.extractedTexts([...new Set(found.flatMap((f) => [f.pair.a, f.pair.b]))]);
    for (const d of [...batchDocs, ...earlierDocs]) d.original = originals.get(d.id);
    const copies = quoteCopies(found);
    return { copies, planFulfilment: await this.planFulfilment(batch, reports) };
  }

  /**
   * Each report against its issuer's previous-year report; the extracted texts of those that have one are read a
   * part at a time.
   */
  private async planFulfilment(batch: Batch, reports: Report[]): Promise<BatchAnalysis['planFulfilment']> {
    const byReport: BatchAnalysis['planFulfilment'] = {};
    for (const part of chunks(reports, 500)) {
      const withPrevious: Array<{ report: Report; previous: Pick<Report, 'id' | 'year'> }> = [];
      for (const report of part) {
        if (!report.issuer || !report.year) continue;
        const previous = await this.reports.previousYearReportRef(batch.organisationId, report.issuer, report.year);
        if (previous) withPrevious.push({ report, previous });
      }
      const originals = await this.reportRows.extractedTexts(withPrevious.map(({ report }) => report.id));
      for (const { report, previous } of withPrevious) {
        // each report's parts are read with the section roles of the rubric its own year chooses: the digests its
        // scoring stored, the quotes cut from its own text
        const planned = await this.digests.of(previous.id, this.rubricFor(batch, previous.year).rubric);
        const reported = await this.digests.of(report.id, this.rubricFor(batch, report.year).rubric);
        const original = originals.get(report.id);
        if (!planned || !reported || original === undefined) continue; // deleted while the batch was being analysed
        byReport[report.id] = { previousReportId: previous.id, ...matchPlan(planned, reported, original) };
      }
    }
    return byReport;
  }
}

/** The stored row holds what this intake read (not a scan, no title or issuer cut to the column's length). */
function storedAsRead(report: Report, intake: StoredIntake): boolean {
  const { title, issuer } = intake.prepared.metadata;
  return !report.ocr && report.title === (title ?? null) && report.issuer === (issuer ?? null);
}

/** The card was scored with the rubric, profile and note the stored report gets. */
function cardScoredAs(card: StoredCard, rubric: RubricDefinition, profile: string, note: string | undefined): boolean {
  return card.rubric.id === rubric.id && card.rubric.version === rubric.version && card.profile === profile && (card.rubric.note ?? null) === (note ?? null);
}

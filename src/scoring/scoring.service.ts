import { Injectable, Logger } from '@nestjs/common';
// from its module, not intake's index, which loads every format's extractor
import { prepareText } from '../intake/prepare-report';
import { IntakeError, levelOverride } from '../intake/intake.types';
import { JsonText } from '../database/raw-sql';
import { IntakePool } from '../intake-pool/intake-pool';
import type { StoredCard, StoredScoring } from '../intake-pool/intake-task';
import type { Report } from '../reports/report.entity';
import { ReportsService, type ScoringColumns } from '../reports/reports.service';
import { RubricRegistry, type RubricSelection } from '../rubric/rubric-loader';
import type { ProfileName, RubricDefinition } from '../rubric/rubric.types';
import { assertProfile, requestedRubric, rubricRequestError } from '../rubrics/requested-rubric';
import type { Assessment } from './assessment.entity';
import { AssessmentRepository } from './assessment.repository';
import { resolveProfile } from './engine';

export class PermanentScoringError extends Error {}

/** The outcome of `runAssessment`, for the processor: nothing more to do, or fail for good. */
export type RunOutcome = 'done' | 'already_done' | 'gone';

@Injectable()
export class ScoringService {
  private readonly logger = new Logger(ScoringService.name);

  constructor(
    private readonly assessments: AssessmentRepository,
    private readonly reports: ReportsService,
    private readonly rubrics: RubricRegistry,
    private readonly pool: IntakePool,
  ) {}

  resolveRubric(ref?: string): RubricDefinition {
    return requestedRubric(this.rubrics, ref);
  }

  /** The rubric asked for, else the one whose period covers the report year (RubricRegistry.select). */
  selectRubric(ref: string | undefined, year: number | null | undefined): RubricSelection {
    try {
      return this.rubrics.select(ref, year);
    } catch (error) {
      throw rubricRequestError(this.rubrics, error, ref);
    }
  }

  /**
   * A profile the caller named must be one the rubric declares (when the rubric is not chosen yet — it depends on
   * the report's year — one that some loaded rubric declares): 400 UNKNOWN_PROFILE naming the valid ones.
   */
  assertProfile(profile: string | null | undefined, rubric?: RubricDefinition): void {
    assertProfile(this.rubrics, profile, rubric);
  }

  profileFor(report: Report, rubric: RubricDefinition, explicit?: string | null): ProfileName {
    this.assertProfile(explicit, rubric);
    // the stored level and issuer are what intake detected (or was told): no need to prepare the text again
    const stored = report.profile && rubric.profiles[report.profile] ? report.profile : null;
    return resolveProfile({ metadata: { ...levelOverride(report.level), issuer: report.issuer ?? undefined } }, rubric, explicit ?? stored);
  }

  /**
   * The stored extracted text goes through the same preparation as a fresh file, so API and CLI cards agree;
   * a recognised scan's card says so, as POST /check's does.
   */
  prepare(report: ScoringColumns) {
    const prepared = prepareText(report.extractedText, this.storedMetadata(report));
    const ocr = ocrNote(report);
    if (ocr) prepared.metadata.ocr = ocr;
    return prepared;
  }

  private storedMetadata(report: ScoringColumns) {
    return {
      title: report.title ?? undefined,
      issuer: report.issuer ?? undefined,
      ...levelOverride(report.level),
      year: report.year ?? undefined,
      publishedAt: report.publishedAt ?? undefined,
    };
  }

  /**
   * The assessment row for (report, rubric version, profile), created as `queued` when new. The row exists
   * before any job does, so the database stays the record whatever happens to Redis. `newReport`: the report was
   * stored just now by the caller, so no row can exist yet and none is looked for (the insert's unique key still
   * catches a row someone else made meanwhile).
   */
  async ensureAssessment(report: Report, rubric: RubricDefinition, profile: ProfileName, rubricNote?: string, newReport = false): Promise<{ assessment: Assessment; created: boolean }> {
    const key = { reportId: report.id, rubricId: rubric.id, rubricVersion: rubric.version, profile };
    const existing = newReport ? null : await this.assessments.findByKey(key);
    if (existing) return { assessment: existing, created: false };
    try {
      // no transaction around one INSERT (as ReportsService.store); insert(), not save(): see AssessmentRepository.insert
      const row = await this.assessments.insert({ ...key, rubricNote: rubricNote ?? null, status: 'queued', attempts: 0, generation: 0, requestedAt: new Date() });
      return { assessment: row, created: true };
    } catch (error) {
      const raced = await this.assessments.findByKey(key);
      if (raced) return { assessment: raced, created: false };
      throw error;
    }
  }

  /**
   * A batch item's assessment, scored on the intake thread in the same pass as its intake (the text is prepared
   * once, and the row is written once, as done): null when a row for this report, rubric and profile exists
   * already (a retried job, the same content twice), for the caller to go the ordinary way, which leaves a done
   * assessment alone. The unique index on that key keeps it one row however the jobs race. `planDigestJson` is the
   * report read for plan fulfilment with the card's rubric, in the same pass; both as JSON made on the thread.
   */
  async recordScored(report: Report, card: StoredCard, startedAt: Date, planDigestJson?: string): Promise<Assessment | null> {
    const row = {
      reportId: report.id,
      rubricId: card.rubric.id,
      rubricVersion: card.rubric.version,
      profile: card.profile,
      rubricNote: card.rubric.note ?? null,
      status: 'done' as const,
      attempts: 1,
      generation: 0,
      requestedAt: startedAt,
      startedAt,
      finishedAt: new Date(),
      card: new JsonText(card.json),
      total: card.total,
      grade: card.grade,
      error: null,
      ...(planDigestJson ? { planDigest: new JsonText(planDigestJson) } : {}),
    };
    try {
      // one INSERT, no transaction; insert(), not save(): see AssessmentRepository.insert
      return await this.assessments.insert(row);
    } catch {
      return null;
    }
  }

  /** Marks an assessment for another run (rescore); the bumped generation gives the job a new id. */
  async requeue(assessment: Assessment, rubricNote?: string): Promise<Assessment> {
    return this.assessments.requeue(assessment.id, { generation: assessment.generation + 1, rubricNote: rubricNote ?? null, requestedAt: new Date() });
  }

  /**
   * The job processor's work, safe to run twice: a done assessment is left alone; a running one (its worker
   * died) is simply scored again, and the single row ends up done.
   */
  async runAssessment(assessmentId: string): Promise<RunOutcome> {
    // one statement: the assessment with only what scoring reads of its report
    const found = await this.assessments.toRun(assessmentId);
    if (!found) return 'gone';
    const { assessment, report } = found;
    if (assessment.status === 'done') return 'already_done';
    if (!report) return 'gone';
    let rubric: RubricDefinition;
    try {
      rubric = this.rubrics.get(assessment.rubricId, assessment.rubricVersion);
    } catch (error) {
      throw new PermanentScoringError(`rubric ${assessment.rubricId}@${assessment.rubricVersion} is not loaded: ${(error as Error).message}`);
    }
    await this.assessments.markRunning(assessment.id, { startedAt: new Date(), attempts: assessment.attempts + 1 });
    let scored: StoredScoring;
    try {
      // on the intake pool, as uploads are: scoring a long report must not stall the API that runs this job. The
      // OCR note changes no score: the card says the text was recognised, as POST /check's does
      scored = await this.pool.scoreStored(report.extractedText, this.storedMetadata(report), rubric, assessment.profile, assessment.rubricNote ?? undefined, ocrNote(report));
    } catch (error) {
      // over the pool's time or memory limit: another attempt would fail the same way
      if (error instanceof IntakeError) throw new PermanentScoringError(error.message);
      throw error;
    }
    await this.assessments.markDone(assessment.id, scored.card, new Date(), scored.planDigestJson);
    return 'done';
  }

  async markFailed(assessmentId: string, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    this.logger.warn(`assessment ${assessmentId} failed: ${message}`);
    await this.assessments.markFailed(assessmentId, message.slice(0, 2000), new Date());
  }

  async latest(reportId: string): Promise<Assessment | null> {
    return this.assessments.latestFor(reportId);
  }

  /**
   * The latest assessment of each report, in one query per 500 reports and without the cards (a list needs
   * the totals; a card is loaded only where overrides make it necessary).
   */
  async latestOfEach(reportIds: string[]): Promise<Map<string, Assessment>> {
    const latest = new Map<string, Assessment>();
    // the order latest() uses: requestedAt, then id
    const newer = (a: Assessment, b: Assessment) => new Date(a.requestedAt).getTime() - new Date(b.requestedAt).getTime() || (a.id > b.id ? 1 : -1);
    for (let i = 0; i < reportIds.length; i += 500) {
      const rows = await this.assessments.summariesOf(reportIds.slice(i, i + 500));
      for (const row of rows) {
        const seen = latest.get(row.reportId);
        if (!seen || newer(row, seen) > 0) latest.set(row.reportId, row);
      }
    }
    return latest;
  }

  async history(reportId: string): Promise<Assessment[]> {
    return this.assessments.history(reportId);
  }
}

/** A recognised scan's note for its card: pages and mean confidence. */
function ocrNote(report: Pick<Report, 'ocr'>): { pages: number; confidence: number } | undefined {
  return report.ocr?.status === 'done' && report.ocr.confidence !== null ? { pages: report.ocr.pages, confidence: report.ocr.confidence } : undefined;
}

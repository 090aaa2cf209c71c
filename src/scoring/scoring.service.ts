import { BadRequestException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { prepareText } from '../intake';
import { IntakeError, levelOverride } from '../intake/intake.types';
import { IntakePool } from '../intake-pool/intake-pool';
import { Report } from '../reports/report.entity';
import { RubricRegistry, type RubricSelection } from '../rubric/rubric-loader';
import type { ProfileName, RubricDefinition } from '../rubric/rubric.types';
import { assertProfile, requestedRubric, rubricRequestError } from '../rubrics/requested-rubric';
import { Assessment } from './assessment.entity';
import { resolveProfile } from './engine';
import type { ScoreCard } from './engine/score-card.types';

export class PermanentScoringError extends Error {}

/** The outcome of `runAssessment`, for the processor: nothing more to do, or fail for good. */
export type RunOutcome = 'done' | 'already_done' | 'gone';

@Injectable()
export class ScoringService {
  private readonly logger = new Logger(ScoringService.name);

  constructor(
    private readonly dataSource: DataSource,
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
  prepare(report: Report) {
    const prepared = prepareText(report.extractedText, this.storedMetadata(report));
    const ocr = ocrNote(report);
    if (ocr) prepared.metadata.ocr = ocr;
    return prepared;
  }

  private storedMetadata(report: Report) {
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
   * before any job does, so the database stays the record whatever happens to Redis.
   */
  async ensureAssessment(report: Report, rubric: RubricDefinition, profile: ProfileName, rubricNote?: string): Promise<{ assessment: Assessment; created: boolean }> {
    const repo = this.dataSource.getRepository(Assessment);
    const key = { reportId: report.id, rubricId: rubric.id, rubricVersion: rubric.version, profile };
    const existing = await repo.findOneBy(key);
    if (existing) return { assessment: existing, created: false };
    try {
      // no transaction around one INSERT (as ReportsService.store)
      const row = repo.create({ ...key, rubricNote: rubricNote ?? null, status: 'queued', attempts: 0, generation: 0, requestedAt: new Date() });
      // insert(), not save(): see recordScored
      await repo.insert(row);
      return { assessment: row, created: true };
    } catch (error) {
      const raced = await repo.findOneBy(key);
      if (raced) return { assessment: raced, created: false };
      throw error;
    }
  }

  /**
   * A batch item's assessment, scored on the intake thread in the same pass as its intake (the text is prepared
   * once, and the row is written once, as done): null when a row for this report, rubric and profile exists
   * already (a retried job, the same content twice), for the caller to go the ordinary way, which leaves a done
   * assessment alone. The unique index on that key keeps it one row however the jobs race.
   */
  async recordScored(report: Report, card: ScoreCard, startedAt: Date): Promise<Assessment | null> {
    const repo = this.dataSource.getRepository(Assessment);
    const row = repo.create({
      reportId: report.id,
      rubricId: card.rubric.id,
      rubricVersion: card.rubric.version,
      profile: card.profile,
      rubricNote: card.rubric.note ?? null,
      status: 'done',
      attempts: 1,
      generation: 0,
      requestedAt: startedAt,
      startedAt,
      finishedAt: new Date(),
      card,
      total: card.total,
      grade: card.grade,
      error: null,
    });
    try {
      // insert(), not save(): save() plans one row through TypeORM's persistence layer (subjects, cascades, a deep
      // merge back), the largest single cost in a worker's CPU profile of a batch; the id is the application's
      await repo.insert(row);
      return row;
    } catch {
      return null;
    }
  }

  /** Marks an assessment for another run (rescore); the bumped generation gives the job a new id. */
  async requeue(assessment: Assessment, rubricNote?: string): Promise<Assessment> {
    const repo = this.dataSource.getRepository(Assessment);
    await repo.update(
      { id: assessment.id },
      { status: 'queued', generation: assessment.generation + 1, error: null, rubricNote: rubricNote ?? null, requestedAt: new Date() },
    );
    return repo.findOneByOrFail({ id: assessment.id });
  }

  /**
   * The job processor's work, safe to run twice: a done assessment is left alone; a running one (its worker
   * died) is simply scored again, and the single row ends up done.
   */
  async runAssessment(assessmentId: string): Promise<RunOutcome> {
    const repo = this.dataSource.getRepository(Assessment);
    const assessment = await repo.findOneBy({ id: assessmentId });
    if (!assessment) return 'gone';
    if (assessment.status === 'done') return 'already_done';
    // only what scoring reads: the stored bytes and the normalised copy are the report's largest columns
    const report = await this.dataSource.getRepository(Report).findOne({
      where: { id: assessment.reportId },
      select: { id: true, extractedText: true, title: true, issuer: true, level: true, year: true, publishedAt: true, profile: true, ocr: true },
    });
    if (!report) return 'gone';
    let rubric: RubricDefinition;
    try {
      rubric = this.rubrics.get(assessment.rubricId, assessment.rubricVersion);
    } catch (error) {
      throw new PermanentScoringError(`rubric ${assessment.rubricId}@${assessment.rubricVersion} is not loaded: ${(error as Error).message}`);
    }
    await repo.update({ id: assessment.id }, { status: 'running', startedAt: new Date(), attempts: assessment.attempts + 1 });
    let card: ScoreCard;
    try {
      // on the intake pool, as uploads are: scoring a long report must not stall the API that runs this job
      card = await this.pool.scoreStored(report.extractedText, this.storedMetadata(report), rubric, assessment.profile, assessment.rubricNote ?? undefined);
      // the OCR note changes no score: the card says the text was recognised, as POST /check's does
      const ocr = ocrNote(report);
      if (ocr) card.report.ocr = ocr;
    } catch (error) {
      // over the pool's time or memory limit: another attempt would fail the same way
      if (error instanceof IntakeError) throw new PermanentScoringError(error.message);
      throw error;
    }
    await repo.update({ id: assessment.id }, { status: 'done', card, total: card.total, grade: card.grade, error: null, finishedAt: new Date() });
    return 'done';
  }

  async markFailed(assessmentId: string, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    this.logger.warn(`assessment ${assessmentId} failed: ${message}`);
    await this.dataSource.getRepository(Assessment).update({ id: assessmentId }, { status: 'failed', error: message.slice(0, 2000), finishedAt: new Date() });
  }

  async latest(reportId: string): Promise<Assessment | null> {
    return this.dataSource.getRepository(Assessment).findOne({ where: { reportId }, order: { requestedAt: 'DESC', id: 'DESC' } });
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
      const rows = await this.dataSource.getRepository(Assessment).find({
        where: { reportId: In(reportIds.slice(i, i + 500)) },
        select: { id: true, reportId: true, rubricId: true, rubricVersion: true, profile: true, status: true, total: true, grade: true, requestedAt: true },
      });
      for (const row of rows) {
        const seen = latest.get(row.reportId);
        if (!seen || newer(row, seen) > 0) latest.set(row.reportId, row);
      }
    }
    return latest;
  }

  async history(reportId: string): Promise<Assessment[]> {
    return this.dataSource.getRepository(Assessment).find({ where: { reportId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async get(assessmentId: string): Promise<Assessment> {
    const row = await this.dataSource.getRepository(Assessment).findOneBy({ id: assessmentId });
    if (!row) throw new NotFoundException(`assessment ${assessmentId} not found`);
    return row;
  }
}


/** A recognised scan's note for its card: pages and mean confidence. */
function ocrNote(report: Pick<Report, 'ocr'>): { pages: number; confidence: number } | undefined {
  return report.ocr?.status === 'done' && report.ocr.confidence !== null ? { pages: report.ocr.pages, confidence: report.ocr.confidence } : undefined;
}

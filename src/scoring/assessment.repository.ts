import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, LessThan, Not, type Repository } from 'typeorm';
import { chunks } from '../database/in-chunks';
import { Assessment } from './assessment.entity';
import type { PlanDigest } from './engine/plan-digest';
import type { ScoreCard } from './engine/score-card.types';

/** What makes an assessment one row: the unique index IDX_assessments_unique_scoring. */
export interface ScoringKey {
  reportId: string;
  rubricId: string;
  rubricVersion: string;
  profile: string;
}

/** The columns a `score` job needs to be named again (AssessmentQueueService.jobOf). */
export type AssessmentJobKey = Pick<Assessment, 'id' | 'reportId' | 'rubricId' | 'rubricVersion' | 'profile' | 'generation'>;

/** Values of a new row: the key and its state; id and createdAt are filled on insert. */
export type NewAssessment = ScoringKey &
  Pick<Assessment, 'rubricNote' | 'status' | 'attempts' | 'generation' | 'requestedAt'> &
  Partial<Pick<Assessment, 'startedAt' | 'finishedAt' | 'card' | 'total' | 'grade' | 'error' | 'planDigest'>>;

/**
 * The assessments table, for the scoring feature: every query and write ScoringService and AssessmentQueueService
 * make, by name, so the services hold the decisions and can be tested without a database. Each method is one
 * statement (none opens a transaction: each write is a single row's UPDATE or INSERT).
 */
@Injectable()
export class AssessmentRepository {
  private readonly rows: Repository<Assessment>;

  constructor(dataSource: DataSource) {
    this.rows = dataSource.getRepository(Assessment);
  }

  findById(id: string): Promise<Assessment | null> {
    return this.rows.findOneBy({ id });
  }

  findByKey(key: ScoringKey): Promise<Assessment | null> {
    // only the key's four columns: an object with more would narrow the query
    const { reportId, rubricId, rubricVersion, profile } = key;
    return this.rows.findOneBy({ reportId, rubricId, rubricVersion, profile });
  }

  /**
   * Inserts a new row and returns it (with its id). Throws when the unique key is taken (a concurrent insert).
   * insert(), not save(): save() plans one row through TypeORM's persistence layer (subjects, cascades, a deep
   * merge back), the largest single cost in a worker's CPU profile of a batch; the id is the application's.
   */
  async insert(values: NewAssessment): Promise<Assessment> {
    const row = this.rows.create(values);
    await this.rows.insert(row);
    return row;
  }

  /** Queued again for another run (a rescore): the bumped generation gives the job a new id. Returns the row as stored. */
  async requeue(id: string, changes: Pick<Assessment, 'generation' | 'rubricNote' | 'requestedAt'>): Promise<Assessment> {
    await this.rows.update({ id }, { status: 'queued', error: null, ...changes });
    return this.rows.findOneByOrFail({ id });
  }

  async markRunning(id: string, changes: Pick<Assessment, 'startedAt' | 'attempts'>): Promise<void> {
    await this.rows.update({ id }, { status: 'running', ...changes });
  }

  /** Done with its card, and the plan digest read in the same pass (engine/plan-digest.ts) when there is one. */
  async markDone(id: string, card: ScoreCard, finishedAt: Date, planDigest?: PlanDigest): Promise<void> {
    await this.rows.update({ id }, { status: 'done', card, total: card.total, grade: card.grade, error: null, finishedAt, ...(planDigest ? { planDigest } : {}) });
  }

  /** The plan digest stored with a done assessment of the report under this rubric version (any profile), if any. */
  async planDigestOf(reportId: string, rubricId: string, rubricVersion: string): Promise<PlanDigest | null> {
    const row = await this.rows.findOne({ where: { reportId, rubricId, rubricVersion, status: 'done', planDigest: Not(IsNull()) }, select: { id: true, planDigest: true } });
    return row?.planDigest ?? null;
  }

  /** Keeps a digest made later (a row scored before the column existed) on the report's done rows of this rubric version that lack one. */
  async keepPlanDigest(reportId: string, rubricId: string, rubricVersion: string, planDigest: PlanDigest): Promise<void> {
    await this.rows.update({ reportId, rubricId, rubricVersion, status: 'done', planDigest: IsNull() }, { planDigest });
  }

  async markFailed(id: string, error: string, finishedAt: Date): Promise<void> {
    await this.rows.update({ id }, { status: 'failed', error, finishedAt });
  }

  /** The report's latest assessment: the last asked for (requestedAt), then the greatest id. */
  latestFor(reportId: string): Promise<Assessment | null> {
    return this.rows.findOne({ where: { reportId }, order: { requestedAt: 'DESC', id: 'DESC' } });
  }

  /**
   * Every assessment of these reports in one query, with only what a list shows (id, report, rubric, profile,
   * status, total, grade, requestedAt; no card): callers keep `reportIds` to 500.
   */
  summariesOf(reportIds: string[]): Promise<Assessment[]> {
    return this.rows.find({
      where: { reportId: In(reportIds) },
      select: { id: true, reportId: true, rubricId: true, rubricVersion: true, profile: true, status: true, total: true, grade: true, requestedAt: true },
    });
  }

  /** Whole rows by id (a batch's scored items), one query per 500 ids. */
  async findByIds(ids: string[]): Promise<Assessment[]> {
    const rows: Assessment[] = [];
    for (const part of chunks(ids, 500)) rows.push(...(await this.rows.find({ where: { id: In(part) } })));
    return rows;
  }

  /** The cards of these assessments by id (only the id and card columns), 200 ids a query. */
  async cardsOf(ids: string[]): Promise<Map<string, Assessment['card']>> {
    const cards = new Map<string, Assessment['card']>();
    for (const part of chunks(ids, 200)) {
      for (const row of await this.rows.find({ where: { id: In(part) }, select: { id: true, card: true } })) cards.set(row.id, row.card);
    }
    return cards;
  }

  /** Every scoring of the report, oldest first. */
  history(reportId: string): Promise<Assessment[]> {
    return this.rows.find({ where: { reportId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Assessments queued, or running since before `startedBefore` (their worker is presumed gone). */
  unfinished(startedBefore: Date): Promise<AssessmentJobKey[]> {
    return this.rows.find({
      where: [{ status: 'queued' }, { status: 'running', startedAt: LessThan(startedBefore) }],
      select: { id: true, reportId: true, rubricId: true, rubricVersion: true, profile: true, generation: true },
    });
  }
}

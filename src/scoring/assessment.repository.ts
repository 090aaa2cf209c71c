import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, LessThan, Not, type Repository } from 'typeorm';
import { newId } from '../common/entity-id';
import { chunks } from '../database/in-chunks';
import { RawSql, type JsonText } from '../database/raw-sql';
import type { StoredCard } from '../intake-pool/intake-task';
import type { ScoringColumns } from '../reports/reports.service';
import { Assessment } from './assessment.entity';
import type { PlanDigest } from './engine/plan-digest';

/** What makes an assessment one row: the unique index IDX_assessments_unique_scoring. */
export interface ScoringKey {
  reportId: string;
  rubricId: string;
  rubricVersion: string;
  profile: string;
}

/** The columns a `score` job needs to be named again (AssessmentQueueService.jobOf). */
export type AssessmentJobKey = Pick<Assessment, 'id' | 'reportId' | 'rubricId' | 'rubricVersion' | 'profile' | 'generation'>;

/** What a `score` job reads of its assessment (AssessmentRepository.toRun). */
export type AssessmentToRun = Pick<Assessment, 'id' | 'reportId' | 'rubricId' | 'rubricVersion' | 'profile' | 'rubricNote' | 'status' | 'attempts'>;

/** Values of a new row: the key and its state; id and createdAt are filled on insert. */
export type NewAssessment = ScoringKey &
  Pick<Assessment, 'rubricNote' | 'status' | 'attempts' | 'generation' | 'requestedAt'> &
  Partial<Pick<Assessment, 'startedAt' | 'finishedAt' | 'total' | 'grade' | 'error'>> & {
    /** the card and plan digest as their JSON texts, made on the intake thread (StoredCard) */
    card?: JsonText;
    planDigest?: JsonText;
  };

/**
 * The assessments table, for the scoring feature: every query and write ScoringService and AssessmentQueueService
 * make, by name, so the services hold the decisions and can be tested without a database. Each method is one
 * statement (none opens a transaction: each write is a single row's UPDATE or INSERT).
 */
@Injectable()
export class AssessmentRepository {
  private readonly rows: Repository<Assessment>;
  /** the statements every scored report makes (insert, running, done) by hand: RawSql says why */
  private readonly sql: RawSql;

  constructor(dataSource: DataSource) {
    this.rows = dataSource.getRepository(Assessment);
    this.sql = new RawSql(dataSource);
  }

  /**
   * A `score` job's one read: the assessment and what scoring reads of its report (not the stored bytes nor the
   * normalised copy, the report's largest columns). Null when the assessment is gone, `report` null when the report is.
   */
  async toRun(id: string): Promise<{ assessment: AssessmentToRun; report: ScoringColumns | null } | null> {
    const [row] = await this.sql.rows<AssessmentToRun & { [K in keyof ScoringColumns as `report_${K}`]: K extends 'ocr' ? string | null : ScoringColumns[K] | null }>(
      `SELECT a."id", a."reportId", a."rubricId", a."rubricVersion", a."profile", a."rubricNote", a."status", a."attempts",
        r."id" AS "report_id", r."extractedText" AS "report_extractedText", r."title" AS "report_title", r."issuer" AS "report_issuer",
        r."level" AS "report_level", r."year" AS "report_year", r."publishedAt" AS "report_publishedAt", r."profile" AS "report_profile", r."ocr" AS "report_ocr"
      FROM "assessments" a LEFT JOIN "reports" r ON r."id" = a."reportId" WHERE a."id" = ?`,
      [id],
    );
    if (!row) return null;
    const { reportId, rubricId, rubricVersion, profile, rubricNote, status, attempts } = row;
    const assessment: AssessmentToRun = { id: row.id, reportId, rubricId, rubricVersion, profile, rubricNote, status, attempts };
    if (row.report_id === null) return { assessment, report: null };
    const report: ScoringColumns = {
      id: row.report_id,
      extractedText: row.report_extractedText!,
      title: row.report_title,
      issuer: row.report_issuer,
      level: row.report_level,
      year: row.report_year,
      publishedAt: row.report_publishedAt,
      profile: row.report_profile,
      ocr: row.report_ocr === null ? null : (JSON.parse(row.report_ocr) as ScoringColumns['ocr']),
    };
    return { assessment, report };
  }

  findByKey(key: ScoringKey): Promise<Assessment | null> {
    // only the key's four columns: an object with more would narrow the query
    const { reportId, rubricId, rubricVersion, profile } = key;
    return this.rows.findOneBy({ reportId, rubricId, rubricVersion, profile });
  }

  /**
   * Inserts a new row and returns it (with its id). Throws when the unique key is taken (a concurrent insert).
   * One INSERT, nothing read back (RawSql.insert); the id is the application's. The row answered has the values
   * given (the card and digest left out: their callers hold them), its id and createdAt.
   */
  async insert(values: NewAssessment): Promise<Assessment> {
    const { card, planDigest, ...fields } = values;
    const row = Object.assign(new Assessment(), fields, { id: newId() });
    const columns: Record<string, unknown> = { id: row.id, card: card?.text, planDigest: planDigest?.text };
    for (const [name, value] of Object.entries(fields)) columns[name] = value instanceof Date ? this.sql.timestamp(value) : value;
    row.createdAt = await this.sql.insert('assessments', columns);
    return row;
  }

  /** Queued again for another run (a rescore): the bumped generation gives the job a new id. Returns the row as stored. */
  async requeue(id: string, changes: Pick<Assessment, 'generation' | 'rubricNote' | 'requestedAt'>): Promise<Assessment> {
    await this.rows.update({ id }, { status: 'queued', error: null, ...changes });
    return this.rows.findOneByOrFail({ id });
  }

  async markRunning(id: string, changes: Pick<Assessment, 'startedAt' | 'attempts'>): Promise<void> {
    await this.sql.run(`UPDATE "assessments" SET "status" = 'running', "startedAt" = ?, "attempts" = ? WHERE "id" = ?`, [this.sql.timestamp(changes.startedAt!), changes.attempts, id]);
  }

  /** Done with its card, and the plan digest read in the same pass (engine/plan-digest.ts), both as JSON made on the thread. */
  async markDone(id: string, card: StoredCard, finishedAt: Date, planDigestJson: string): Promise<void> {
    await this.sql.run(`UPDATE "assessments" SET "status" = 'done', "card" = ?, "total" = ?, "grade" = ?, "error" = NULL, "finishedAt" = ?, "planDigest" = ? WHERE "id" = ?`, [
      card.json,
      card.total,
      card.grade,
      this.sql.timestamp(finishedAt),
      planDigestJson,
      id,
    ]);
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

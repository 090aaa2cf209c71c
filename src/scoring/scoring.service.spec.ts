import { BadRequestException, Logger } from '@nestjs/common';
import { join } from 'node:path';
import { IntakeError } from '../intake/intake.types';
import type { IntakePool } from '../intake-pool/intake-pool';
import type { Report } from '../reports/report.entity';
import type { ReportsService, ScoringColumns } from '../reports/reports.service';
import { loadRubricDirectory } from '../rubric/rubric-files';
import type { Assessment } from './assessment.entity';
import type { AssessmentRepository } from './assessment.repository';
import type { PlanDigest } from './engine/plan-digest';
import type { ScoreCard } from './engine/score-card.types';
import { PermanentScoringError, ScoringService } from './scoring.service';
import { strictMock } from './test-fixtures';
import { JsonText } from '../database/raw-sql';
import { storedCard } from '../intake-pool/intake-task';

// the committed rubrics (1.0.0 without a period, 1.1.0 and 1.2.0 for 2021—2025): selection is data, so the real ones
const rubrics = loadRubricDirectory(join(__dirname, '..', '..', 'rubrics'));
const RUBRIC = 'outline-2021-2025';

function build(parts: { assessments?: Partial<Record<keyof AssessmentRepository, jest.Mock>>; reports?: Partial<Record<keyof ReportsService, jest.Mock>>; pool?: Partial<Record<keyof IntakePool, jest.Mock>> } = {}) {
  const assessments = strictMock<AssessmentRepository>('AssessmentRepository', parts.assessments);
  const reports = strictMock<ReportsService>('ReportsService', parts.reports);
  const pool = strictMock<IntakePool>('IntakePool', parts.pool);
  return { service: new ScoringService(assessments, reports, rubrics, pool), assessments, reports, pool };
}

const report = (fields: Partial<Report> = {}) => ({ id: 'r1', extractedText: '某市人民政府2022年法治政府建设年度报告', title: null, issuer: null, level: null, year: 2022, publishedAt: null, profile: null, ocr: null, ...fields }) as Report;

const assessment = (fields: Partial<Assessment> = {}) =>
  ({ id: 'a1', reportId: 'r1', rubricId: RUBRIC, rubricVersion: '1.2.0', profile: 'city', rubricNote: null, status: 'queued', attempts: 0, generation: 0, requestedAt: new Date(0), ...fields }) as Assessment;

/** A plan digest as the pool thread makes it beside the card (engine/plan-digest.ts). */
const digest: PlanDigest = { year: 2022, plan: ['推行重大行政决策目录管理'], done: [{ text: '公布重大行政决策目录事项5项', start: 12, end: 25 }] };

const card = (fields: Partial<ScoreCard> = {}) => ({ total: 71.5, grade: '良好', rubric: { id: RUBRIC, version: '1.2.0' }, profile: 'city', report: { title: null }, ...fields }) as ScoreCard;

describe('ScoringService with no database (strict mocks of its repository, the reports service and the pool)', () => {
  describe('ensureAssessment: one row per report, rubric version and profile', () => {
    const rubric = rubrics.get(RUBRIC, '1.2.0');
    const key = { reportId: 'r1', rubricId: RUBRIC, rubricVersion: '1.2.0', profile: 'city' };

    it('returns the stored row and inserts nothing when one exists', async () => {
      const stored = assessment({ status: 'done' });
      const { service, assessments } = build({ assessments: { findByKey: jest.fn().mockResolvedValue(stored) } });
      await expect(service.ensureAssessment(report(), rubric, 'city')).resolves.toEqual({ assessment: stored, created: false });
      // once: a second look would mean it tried an insert (which the strict mock refuses) and went the race's way
      expect(assessments.findByKey.mock.calls).toEqual([[key]]);
    });

    it('inserts a queued row with no attempts, generation 0 and the rubric note, and says it created it', async () => {
      const inserted = assessment();
      const { service, assessments } = build({ assessments: { findByKey: jest.fn().mockResolvedValue(null), insert: jest.fn().mockResolvedValue(inserted) } });
      await expect(service.ensureAssessment(report(), rubric, 'city', '按最新的评分细则评分。')).resolves.toEqual({ assessment: inserted, created: true });
      expect(assessments.insert).toHaveBeenCalledWith({ ...key, rubricNote: '按最新的评分细则评分。', status: 'queued', attempts: 0, generation: 0, requestedAt: expect.any(Date) });
    });

    it('looks for no row of a report stored just now, and still answers the row a concurrent insert stored', async () => {
      const inserted = assessment();
      // findByKey is not set up for the first call: the strict mock would refuse a look before the insert
      const fresh = build({ assessments: { insert: jest.fn().mockResolvedValue(inserted) } });
      await expect(fresh.service.ensureAssessment(report(), rubric, 'city', undefined, true)).resolves.toEqual({ assessment: inserted, created: true });
      const raced = assessment({ id: 'a2' });
      const { service, assessments } = build({ assessments: { insert: jest.fn().mockRejectedValue(new Error('UNIQUE constraint failed')), findByKey: jest.fn().mockResolvedValue(raced) } });
      await expect(service.ensureAssessment(report(), rubric, 'city', undefined, true)).resolves.toEqual({ assessment: raced, created: false });
      expect(assessments.findByKey.mock.calls).toEqual([[key]]);
    });

    it('stores no note as null', async () => {
      const { service, assessments } = build({ assessments: { findByKey: jest.fn().mockResolvedValue(null), insert: jest.fn().mockResolvedValue(assessment()) } });
      await service.ensureAssessment(report(), rubric, 'city');
      expect(assessments.insert.mock.calls[0][0].rubricNote).toBeNull();
    });

    it('answers the row a concurrent insert stored when its own insert hits the unique key', async () => {
      const raced = assessment({ id: 'a-other' });
      const findByKey = jest.fn().mockResolvedValueOnce(null).mockResolvedValueOnce(raced);
      const { service } = build({ assessments: { findByKey, insert: jest.fn().mockRejectedValue(new Error('UNIQUE constraint failed')) } });
      await expect(service.ensureAssessment(report(), rubric, 'city')).resolves.toEqual({ assessment: raced, created: false });
      expect(findByKey).toHaveBeenCalledTimes(2);
    });

    it('passes the insert error on when no row is found after it (a real fault, not a race)', async () => {
      const fault = new Error('disk I/O error');
      const { service } = build({ assessments: { findByKey: jest.fn().mockResolvedValue(null), insert: jest.fn().mockRejectedValue(fault) } });
      await expect(service.ensureAssessment(report(), rubric, 'city')).rejects.toBe(fault);
    });
  });

  describe('recordScored: a batch item scored in its intake pass, written once as done', () => {
    const startedAt = new Date('2026-01-02T03:04:05.678Z');

    it('writes the card with its rubric, profile, note, total and grade as a done row of one attempt', async () => {
      const scored = storedCard(card({ rubric: { id: RUBRIC, version: '1.1.0', note: '未识别报告年度' }, profile: 'department', total: 64.3, grade: '合格' }));
      const { service, assessments } = build({ assessments: { insert: jest.fn(async (values) => ({ id: 'a9', ...values })) } });
      const row = await service.recordScored(report({ id: 'r7' }), scored, startedAt);
      expect(assessments.insert).toHaveBeenCalledWith({
        reportId: 'r7', rubricId: RUBRIC, rubricVersion: '1.1.0', profile: 'department', rubricNote: '未识别报告年度',
        status: 'done', attempts: 1, generation: 0, requestedAt: startedAt, startedAt, finishedAt: expect.any(Date),
        // the card's JSON as the thread made it, stored as it is
        card: new JsonText(scored.json), total: 64.3, grade: '合格', error: null,
      });
      expect(JSON.parse(scored.json)).toEqual(card({ rubric: { id: RUBRIC, version: '1.1.0', note: '未识别报告年度' }, profile: 'department', total: 64.3, grade: '合格' }));
      expect(row).toMatchObject({ id: 'a9', status: 'done' });
    });

    it('writes the plan digest read in the same pass with the card', async () => {
      const { service, assessments } = build({ assessments: { insert: jest.fn(async (values) => ({ id: 'a9', ...values })) } });
      await service.recordScored(report({ id: 'r7' }), storedCard(card()), startedAt, JSON.stringify(digest));
      expect(assessments.insert).toHaveBeenCalledWith(expect.objectContaining({ reportId: 'r7', status: 'done', planDigest: new JsonText(JSON.stringify(digest)) }));
    });

    it('answers null when the row exists already (the insert is refused), for the caller to go the ordinary way', async () => {
      const { service } = build({ assessments: { insert: jest.fn().mockRejectedValue(new Error('UNIQUE constraint failed')) } });
      await expect(service.recordScored(report(), storedCard(card()), startedAt)).resolves.toBeNull();
    });
  });

  it('requeue bumps the generation (a new job id), clears the note when none is given and answers the stored row', async () => {
    const stored = assessment({ status: 'queued', generation: 4 });
    const { service, assessments } = build({ assessments: { requeue: jest.fn().mockResolvedValue(stored) } });
    await expect(service.requeue(assessment({ status: 'done', generation: 3, rubricNote: 'old' }))).resolves.toBe(stored);
    expect(assessments.requeue).toHaveBeenCalledWith('a1', { generation: 4, rubricNote: null, requestedAt: expect.any(Date) });
  });

  describe('runAssessment: the job, safe to run twice', () => {
    const stored = (fields: Partial<ScoringColumns> = {}) => report({ title: '2022年法治政府建设情况报告', issuer: '某某市人民政府', level: 'city', year: 2022, publishedAt: '2023-01-20', ...fields });

    it('is gone when the assessment row is gone, and reads nothing else', async () => {
      const { service } = build({ assessments: { toRun: jest.fn().mockResolvedValue(null) } });
      await expect(service.runAssessment('a1')).resolves.toBe('gone');
    });

    it('leaves a done assessment alone: no report read, no write', async () => {
      const { service } = build({ assessments: { toRun: jest.fn().mockResolvedValue({ assessment: assessment({ status: 'done' }), report: stored() }) } });
      await expect(service.runAssessment('a1')).resolves.toBe('already_done');
    });

    it('is gone when the report was deleted meanwhile, and marks nothing running', async () => {
      const { service, assessments } = build({ assessments: { toRun: jest.fn().mockResolvedValue({ assessment: assessment(), report: null }) } });
      await expect(service.runAssessment('a1')).resolves.toBe('gone');
      expect(assessments.toRun).toHaveBeenCalledWith('a1');
    });

    it('fails for good, before marking it running, when its rubric version is not loaded', async () => {
      const { service } = build({ assessments: { toRun: jest.fn().mockResolvedValue({ assessment: assessment({ rubricVersion: '9.9.9' }), report: stored() }) } });
      const run = service.runAssessment('a1');
      await expect(run).rejects.toBeInstanceOf(PermanentScoringError);
      await expect(run).rejects.toThrow(`rubric ${RUBRIC}@9.9.9 is not loaded`);
    });

    it('scores the stored text with the stored metadata on the pool, counts the attempt and stores the card as done', async () => {
      const scored = storedCard(card());
      const scoreStored = jest.fn().mockResolvedValue({ card: scored, planDigestJson: JSON.stringify(digest) });
      const { service, assessments } = build({
        assessments: { toRun: jest.fn().mockResolvedValue({ assessment: assessment({ status: 'running', attempts: 2, rubricVersion: '1.1.0', profile: 'department', rubricNote: '说明' }), report: stored() }), markRunning: jest.fn(), markDone: jest.fn() },
        pool: { scoreStored },
      });
      await expect(service.runAssessment('a1')).resolves.toBe('done');
      expect(assessments.markRunning).toHaveBeenCalledWith('a1', { startedAt: expect.any(Date), attempts: 3 });
      // 'city' is a level of government: it goes as governmentLevel, for the rubric to map to its profile
      expect(scoreStored).toHaveBeenCalledWith(
        '某市人民政府2022年法治政府建设年度报告',
        { title: '2022年法治政府建设情况报告', issuer: '某某市人民政府', governmentLevel: 'city', year: 2022, publishedAt: '2023-01-20' },
        rubrics.get(RUBRIC, '1.1.0'),
        'department',
        '说明',
        undefined,
      );
      // with the report's plan digest, read on the thread in the same preparation (plan fulfilment reads it later)
      expect(assessments.markDone).toHaveBeenCalledWith('a1', scored, expect.any(Date), JSON.stringify(digest));
      expect(assessments.markRunning.mock.invocationCallOrder[0]).toBeLessThan(scoreStored.mock.invocationCallOrder[0]);
    });

    it("has the thread put a recognised scan's pages and confidence on the card, and nothing for a scan still failed", async () => {
      const run = async (ocr: Report['ocr']) => {
        const scoreStored = jest.fn().mockResolvedValue({ card: storedCard(card()), planDigestJson: JSON.stringify(digest) });
        const { service } = build({
          assessments: { toRun: jest.fn().mockResolvedValue({ assessment: assessment(), report: stored({ ocr }) }), markRunning: jest.fn(), markDone: jest.fn() },
          pool: { scoreStored },
        });
        await service.runAssessment('a1');
        return scoreStored.mock.calls[0][5];
      };
      await expect(run({ status: 'done', pages: 3, recognisedPages: 3, confidence: 0.91 })).resolves.toEqual({ pages: 3, confidence: 0.91 });
      await expect(run({ status: 'failed', pages: 3, recognisedPages: 1, confidence: null, error: '无法识别' })).resolves.toBeUndefined();
    });

    it('turns an intake limit (the pool refused the report) into a permanent failure and stores no card', async () => {
      const { service } = build({
        assessments: { toRun: jest.fn().mockResolvedValue({ assessment: assessment(), report: stored() }), markRunning: jest.fn() },
        pool: { scoreStored: jest.fn().mockRejectedValue(new IntakeError(413, '报告过长')) },
      });
      const run = service.runAssessment('a1');
      await expect(run).rejects.toBeInstanceOf(PermanentScoringError);
      await expect(run).rejects.toThrow('报告过长');
    });

    it('passes any other failure on as it is, for the queue to retry', async () => {
      const crash = new Error('worker exited');
      const { service } = build({
        assessments: { toRun: jest.fn().mockResolvedValue({ assessment: assessment(), report: stored() }), markRunning: jest.fn() },
        pool: { scoreStored: jest.fn().mockRejectedValue(crash) },
      });
      await expect(service.runAssessment('a1')).rejects.toBe(crash);
    });
  });

  describe('markFailed', () => {
    beforeEach(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));
    afterEach(() => jest.restoreAllMocks());

    it("stores the error's message, and logs it", async () => {
      const { service, assessments } = build({ assessments: { markFailed: jest.fn() } });
      await service.markFailed('a1', new Error('评分超时'));
      expect(assessments.markFailed).toHaveBeenCalledWith('a1', '评分超时', expect.any(Date));
      expect(Logger.prototype.warn).toHaveBeenCalledWith('assessment a1 failed: 评分超时');
    });

    it('stores a thrown non-error as text, and at most 2,000 characters', async () => {
      const { service, assessments } = build({ assessments: { markFailed: jest.fn() } });
      await service.markFailed('a1', 'x'.repeat(2500));
      await service.markFailed('a2', 42);
      expect(assessments.markFailed.mock.calls.map(([id, message]) => [id, message.length])).toEqual([['a1', 2000], ['a2', 2]]);
      expect(assessments.markFailed.mock.calls[1][1]).toBe('42');
    });
  });

  describe('latestOfEach: the latest assessment of each report', () => {
    const row = (id: string, reportId: string, requestedAt: string) => assessment({ id, reportId, requestedAt: new Date(requestedAt) });

    it('picks the last asked for, and on the same millisecond the greatest id (as latestFor orders)', async () => {
      const rows = [row('a2', 'r1', '2026-01-01T00:00:00.000Z'), row('a3', 'r1', '2026-01-02T00:00:00.000Z'), row('a1', 'r1', '2026-01-01T12:00:00.000Z'),
        row('b1', 'r2', '2026-01-05T00:00:00.000Z'), row('b9', 'r2', '2026-01-05T00:00:00.000Z'), row('b5', 'r2', '2026-01-05T00:00:00.000Z')];
      const { service } = build({ assessments: { summariesOf: jest.fn().mockResolvedValue(rows) } });
      const latest = await service.latestOfEach(['r1', 'r2', 'r3']);
      expect(Object.fromEntries([...latest].map(([reportId, a]) => [reportId, a.id]))).toEqual({ r1: 'a3', r2: 'b9' });
    });

    it('asks 500 reports at a time and still picks across the parts', async () => {
      const ids = Array.from({ length: 1001 }, (_, i) => `r${i}`);
      const summariesOf = jest.fn(async (part: string[]) => (part.includes('r0') ? [row('old', 'r0', '2026-01-01T00:00:00.000Z')] : part.includes('r1000') ? [row('new', 'r1000', '2026-01-03T00:00:00.000Z')] : []));
      const { service } = build({ assessments: { summariesOf } });
      const latest = await service.latestOfEach(ids);
      expect(summariesOf.mock.calls.map(([part]) => [part[0], part.length])).toEqual([['r0', 500], ['r500', 500], ['r1000', 1]]);
      expect([...latest.keys()]).toEqual(['r0', 'r1000']);
    });

    it('asks nothing for no reports', async () => {
      const { service } = build();
      await expect(service.latestOfEach([])).resolves.toEqual(new Map());
    });
  });

  describe('rubric and profile selection', () => {
    const errorOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error as BadRequestException;
      }
      throw new Error('did not throw');
    };

    it("takes the latest version whose period covers the report's year, with no note", () => {
      const { rubric, note } = build().service.selectRubric(undefined, 2022);
      expect(`${rubric.id}@${rubric.version}`).toBe(`${RUBRIC}@1.2.0`);
      expect(note).toBeUndefined();
    });

    it('takes the current rubric with a note naming the year when no period covers it', () => {
      const { rubric, note } = build().service.selectRubric(undefined, 2019);
      expect(rubric.version).toBe('1.2.0');
      expect(note).toContain('报告年度2019年不在已加载评分细则的适用期内');
    });

    it('takes the rubric named over the year', () => {
      expect(build().service.selectRubric(`${RUBRIC}@1.0.0`, 2022).rubric.version).toBe('1.0.0');
    });

    it('answers 400 RUBRIC_NOT_FOUND for a rubric not loaded and 400 INVALID_RUBRIC_REF for a malformed one', () => {
      const { service } = build();
      const missing = errorOf(() => service.selectRubric(`${RUBRIC}@9.9.9`, 2022));
      expect(missing).toBeInstanceOf(BadRequestException);
      expect(missing.getResponse()).toMatchObject({ error: 'RUBRIC_NOT_FOUND', message: expect.stringContaining(`未找到评估细则 ${RUBRIC}@9.9.9`) });
      expect(errorOf(() => service.selectRubric(`${RUBRIC}@latest`, 2022)).getResponse()).toMatchObject({ error: 'INVALID_RUBRIC_REF' });
    });

    it('profileFor: the profile named wins, then a stored one the rubric declares, then the level of government', () => {
      const { service } = build();
      const rubric = rubrics.get(RUBRIC, '1.2.0');
      expect(service.profileFor(report({ level: 'city', profile: 'department' }), rubric, 'township')).toBe('township');
      expect(service.profileFor(report({ level: 'city', profile: 'department' }), rubric)).toBe('department');
      // a stored profile this rubric does not declare is passed over, not an error
      expect(service.profileFor(report({ level: 'city', profile: 'pilot_zone' }), rubric)).toBe('city');
      expect(service.profileFor(report({ level: 'province' }), rubric)).toBe('province');
    });

    it('profileFor: a named profile the rubric does not declare is 400 UNKNOWN_PROFILE naming the ones it does', () => {
      const { service } = build();
      const error = errorOf(() => service.profileFor(report(), rubrics.get(RUBRIC, '1.2.0'), 'pilot_zone'));
      expect(error).toBeInstanceOf(BadRequestException);
      expect(error.getResponse()).toMatchObject({ error: 'UNKNOWN_PROFILE', message: expect.stringContaining('county_government') });
    });
  });
});

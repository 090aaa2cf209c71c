import type { JobQueue, PendingWorkSource } from '../queue';
import type { Report } from '../reports/report.entity';
import type { ReportsService } from '../reports/reports.service';
import type { RubricDefinition } from '../rubric/rubric.types';
import type { Assessment } from './assessment.entity';
import type { AssessmentRepository } from './assessment.repository';
import { AssessmentQueueService, STALLED_OUT } from './assessment-queue.service';
import type { ScoringService } from './scoring.service';
import { strictMock } from './test-fixtures';

const SHA = 'ab'.repeat(32);
const rubric = { id: 'outline-2021-2025', version: '1.2.0' } as RubricDefinition;
const report = (fields: Partial<Report> = {}) => ({ id: 'r1', sha256: SHA, year: 2022, batchId: null, ...fields }) as Report;
const assessment = (fields: Partial<Assessment> = {}) => ({ id: 'a1', reportId: 'r1', rubricId: rubric.id, rubricVersion: rubric.version, profile: 'city', status: 'queued', generation: 0, ...fields }) as Assessment;
const jobId = (reportId: string, generation: number) => `score.${SHA.slice(0, 16)}.${reportId}.outline-2021-2025@1.2.0.city.g${generation}`;

function build(parts: { scoring?: Partial<Record<keyof ScoringService, jest.Mock>>; assessments?: Partial<Record<keyof AssessmentRepository, jest.Mock>>; reports?: Partial<Record<keyof ReportsService, jest.Mock>> } = {}) {
  const add = jest.fn().mockResolvedValue(undefined);
  const recoverFrom = jest.fn();
  const queue = strictMock<JobQueue>('JobQueue', { add, recoverFrom });
  const scoring = strictMock<ScoringService>('ScoringService', {
    selectRubric: jest.fn().mockReturnValue({ rubric, note: undefined }),
    profileFor: jest.fn().mockReturnValue('city'),
    ...parts.scoring,
  });
  const service = new AssessmentQueueService(scoring, queue, strictMock<AssessmentRepository>('AssessmentRepository', parts.assessments), strictMock<ReportsService>('ReportsService', parts.reports));
  return { service, scoring, add, recoverFrom };
}

describe('AssessmentQueueService with no database and no queue', () => {
  it("queues an assessment not done yet under its content's job id", async () => {
    const { service, add, scoring } = build({ scoring: { ensureAssessment: jest.fn().mockResolvedValue({ assessment: assessment(), created: true }) } });
    await service.enqueue(report(), 'outline-2021-2025', 'city');
    expect(scoring.selectRubric).toHaveBeenCalledWith('outline-2021-2025', 2022);
    expect(scoring.profileFor).toHaveBeenCalledWith(report(), rubric, 'city');
    expect(add).toHaveBeenCalledWith({ name: 'score', jobId: jobId('r1', 0), data: { assessmentId: 'a1' } });
  });

  it('queues nothing for an assessment that is done already', async () => {
    const { service, add } = build({ scoring: { ensureAssessment: jest.fn().mockResolvedValue({ assessment: assessment({ status: 'done' }), created: false }) } });
    await expect(service.enqueue(report())).resolves.toMatchObject({ status: 'done' });
    expect(add).not.toHaveBeenCalled();
  });

  it('rescores a done assessment once more: requeued (next generation) and queued under the new job id', async () => {
    const requeued = assessment({ generation: 1 });
    const requeue = jest.fn().mockResolvedValue(requeued);
    const { service, add } = build({ scoring: { ensureAssessment: jest.fn().mockResolvedValue({ assessment: assessment({ status: 'done' }), created: false }), requeue } });
    await expect(service.rescore(report())).resolves.toBe(requeued);
    expect(requeue).toHaveBeenCalledWith(expect.objectContaining({ id: 'a1', generation: 0 }), undefined);
    expect(add).toHaveBeenCalledWith(expect.objectContaining({ jobId: jobId('r1', 1) }));
  });

  it('rescores a new assessment as it was created, without requeueing it', async () => {
    const { service, add } = build({ scoring: { ensureAssessment: jest.fn().mockResolvedValue({ assessment: assessment(), created: true }) } });
    await service.rescore(report());
    expect(add).toHaveBeenCalledWith(expect.objectContaining({ jobId: jobId('r1', 0) }));
  });

  it("recovers the jobs of unfinished assessments, except a batch's first scorings and those of deleted reports", async () => {
    const unfinished = jest.fn().mockResolvedValue([
      assessment({ id: 'single', reportId: 'r1' }),
      assessment({ id: 'batch-first', reportId: 'r2' }),
      assessment({ id: 'batch-rescore', reportId: 'r2', generation: 2 }),
      assessment({ id: 'deleted', reportId: 'r3' }),
    ]);
    const jobKeysOf = jest.fn().mockResolvedValue([report({ id: 'r1' }), report({ id: 'r2', batchId: 'b1' })]);
    const { service, recoverFrom } = build({ assessments: { unfinished }, reports: { jobKeysOf, registerScorer: jest.fn() } });
    service.onModuleInit();
    const source: PendingWorkSource = recoverFrom.mock.calls[0][0];
    const before = new Date('2026-01-01T00:00:00Z');
    const work = await source(before);
    expect(unfinished).toHaveBeenCalledWith(before);
    expect(jobKeysOf).toHaveBeenCalledWith(['r1', 'r2', 'r3']);
    expect(work.map((w) => w.job)).toEqual([
      { name: 'score', jobId: jobId('r1', 0), data: { assessmentId: 'single' } },
      { name: 'score', jobId: jobId('r2', 2), data: { assessmentId: 'batch-rescore' } },
    ]);
  });

  it('gives up on an assessment whose job kept ending without it by failing it with a Chinese reason', async () => {
    const markFailed = jest.fn().mockResolvedValue(undefined);
    const { service, recoverFrom } = build({
      scoring: { markFailed },
      assessments: { unfinished: jest.fn().mockResolvedValue([assessment({ id: 'stalls', reportId: 'r1' })]) },
      reports: { jobKeysOf: jest.fn().mockResolvedValue([report({ id: 'r1' })]), registerScorer: jest.fn() },
    });
    service.onModuleInit();
    const [work] = await (recoverFrom.mock.calls[0][0] as PendingWorkSource)(new Date());
    await work.giveUp!();
    expect(markFailed).toHaveBeenCalledWith('stalls', new Error(STALLED_OUT));
    expect(STALLED_OUT).toMatch(/[\u4e00-\u9fff]/);
  });
});

import { Logger } from '@nestjs/common';
import { PermanentJobError, type JobQueue } from '../queue';
import { ScoringJobRunner } from './scoring-job-runner';
import { PermanentScoringError, type ScoringService } from './scoring.service';
import { strictMock } from './test-fixtures';

describe('ScoringJobRunner: when a failed score job is recorded as failed', () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  const runner = (scoring: Partial<Record<keyof ScoringService, jest.Mock>>) => new ScoringJobRunner(strictMock<ScoringService>('ScoringService', scoring), strictMock<JobQueue>('JobQueue'));

  it("registers itself as the handler of the 'score' job", async () => {
    const handle = jest.fn();
    const runAssessment = jest.fn().mockResolvedValue('done');
    new ScoringJobRunner(strictMock<ScoringService>('ScoringService', { runAssessment }), strictMock<JobQueue>('JobQueue', { handle })).onModuleInit();
    expect(handle).toHaveBeenCalledWith('score', expect.any(Function));
    await expect(handle.mock.calls[0][1]({ assessmentId: 'a1' }, 1, 3)).resolves.toBe('done');
    expect(runAssessment).toHaveBeenCalledWith('a1');
  });

  it('answers what the run answers and records nothing', async () => {
    await expect(runner({ runAssessment: jest.fn().mockResolvedValue('already_done') }).run('a1', 1, 3)).resolves.toBe('already_done');
  });

  it('leaves an ordinary failure before the last attempt to the queue: nothing recorded, the error passed on', async () => {
    const crash = new Error('worker exited');
    await expect(runner({ runAssessment: jest.fn().mockRejectedValue(crash) }).run('a1', 2, 3)).rejects.toBe(crash);
  });

  it('records an ordinary failure on the last attempt, and still passes it on', async () => {
    const crash = new Error('worker exited');
    const markFailed = jest.fn().mockResolvedValue(undefined);
    await expect(runner({ runAssessment: jest.fn().mockRejectedValue(crash), markFailed }).run('a1', 3, 3)).rejects.toBe(crash);
    expect(markFailed).toHaveBeenCalledWith('a1', crash);
  });

  it('records a permanent failure at once and tells the queue not to retry', async () => {
    const markFailed = jest.fn().mockResolvedValue(undefined);
    const run = runner({ runAssessment: jest.fn().mockRejectedValue(new PermanentScoringError('报告过长')), markFailed }).run('a1', 1, 3);
    await expect(run).rejects.toBeInstanceOf(PermanentJobError);
    await expect(run).rejects.toThrow('报告过长');
    expect(markFailed).toHaveBeenCalledWith('a1', expect.any(PermanentScoringError));
  });

  it("keeps the job's own error when recording the failure fails too (that is only logged)", async () => {
    const crash = new Error('worker exited');
    const markFailed = jest.fn().mockRejectedValue(new Error('database is locked'));
    await expect(runner({ runAssessment: jest.fn().mockRejectedValue(crash), markFailed }).run('a1', 3, 3)).rejects.toBe(crash);
    expect(Logger.prototype.error).toHaveBeenCalledWith(expect.objectContaining({ message: 'database is locked' }));
  });
});

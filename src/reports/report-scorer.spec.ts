import type { Report } from './report.entity';
import { ReportScoring } from './report-scorer';

describe('ReportScoring: the one holder of the scorer the scoring feature registers', () => {
  const report = { id: 'r1' } as Report;

  it('queues through the registered scorer and answers what it answers', async () => {
    const scoring = new ReportScoring();
    const scorer = jest.fn(async (r: Report) => ({ id: `a-${r.id}`, status: 'queued' }));
    scoring.register(scorer);
    expect(() => scoring.onApplicationBootstrap()).not.toThrow();
    await expect(scoring.queue(report)).resolves.toEqual({ id: 'a-r1', status: 'queued' });
    expect(scorer).toHaveBeenCalledWith(report, false);
    // a report stored just now: the scorer need not look for its assessment
    await scoring.queue(report, true);
    expect(scorer).toHaveBeenLastCalledWith(report, true);
  });

  it('refuses a second scorer, so two features cannot both queue a report', () => {
    const scoring = new ReportScoring();
    scoring.register(async () => ({ id: 'a', status: 'queued' }));
    expect(() => scoring.register(async () => ({ id: 'b', status: 'queued' }))).toThrow(/registered already/);
  });

  it('stops start-up when nothing registered a scorer, and never queues silently into nothing', () => {
    const scoring = new ReportScoring();
    expect(() => scoring.onApplicationBootstrap()).toThrow(/import ScoringModule/);
    expect(() => scoring.queue(report)).toThrow(/no report scorer/);
  });
});

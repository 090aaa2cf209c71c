import { readReport, REPORTS } from '../intake/test-fixtures';
import { loadRubricDirectory } from '../rubric/rubric-loader';
import { IntakePool } from './intake-pool';
import { limitError } from './limit-error';

const LIMITS = { timeoutMs: 20_000, maxMemoryMb: 512 };
const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
const outOfMemory = Object.assign(new Error('heap'), { code: 'ERR_WORKER_OUT_OF_MEMORY' });

describe('limitError (what a file over the time or memory limit is told)', () => {
  it('an upload not yet stored: nothing was saved', () => {
    for (const error of [abort, outOfMemory]) expect(limitError(error, LIMITS, 'nothing')?.message).toContain('未保存任何内容');
  });

  it('a batch item or a stored report: never "nothing was saved", but what is kept and what failed', () => {
    for (const error of [abort, outOfMemory]) {
      const item = limitError(error, LIMITS, 'batch-item')!;
      expect(item.message).not.toContain('未保存任何内容');
      expect(item.message).toContain('已随批次保存');
      expect(item.message).toContain('记为失败');
      const report = limitError(error, LIMITS, 'report')!;
      expect(report.message).not.toContain('未保存任何内容');
      expect(report.message).toContain('报告已保存');
      expect(report.message).toContain('评估记为失败');
    }
    expect(limitError(abort, LIMITS, 'report')).toMatchObject({ status: 422, code: 'INTAKE_TIMEOUT' });
    expect(limitError(outOfMemory, LIMITS, 'batch-item')).toMatchObject({ status: 422, code: 'INTAKE_MEMORY_EXCEEDED' });
    expect(limitError(new Error('other'), LIMITS, 'report')).toBeUndefined();
  });

  it("an assessment job's scoring over the time limit says the report is kept (the pool's own thread, 1 ms limit)", async () => {
    const rubrics = loadRubricDirectory();
    const pool = new IntakePool({ timeoutMs: 1, maxMemoryMb: 512, threads: 1 }, rubrics.list());
    try {
      // twenty copies of a report: scoring it takes far longer than 1 ms on any machine
      const text = Array.from({ length: 20 }, () => readReport(REPORTS[0])).join('\n');
      const rubric = rubrics.current();
      const error = await pool.scoreStored(text, {}, rubric, Object.keys(rubric.profiles)[0]).then(() => null, (e: unknown) => e as Error);
      expect(error).toMatchObject({ code: 'INTAKE_TIMEOUT' });
      expect(error?.message).toContain('报告已保存');
      expect(error?.message).not.toContain('未保存任何内容');
    } finally {
      await pool.close();
    }
  });
});

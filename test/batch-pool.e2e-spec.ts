import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadRubricDirectory } from '../src/rubric/rubric-loader';
import { scoreOne, ScorePool, workerScript, type ScoreSource } from '../src/cli/batch/score-pool';
import { BAD, BASES, VARIANTS } from './support/batch-fixtures';

describe('ScorePool (scorecard batch on worker threads)', () => {
  const rubric = loadRubricDirectory(path.resolve(__dirname, '..', 'rubrics')).current();
  const settings = { rubric, maxBytes: 20 * 1024 * 1024 };
  const files = [
    ...BASES.flatMap((b) => ['.gbk.txt', '.html', '.trad.txt', '.oneline.txt', '.docx', '.pdf'].map((suffix) => path.join(VARIANTS, `${b}${suffix}`))),
    path.join(BAD, 'corrupt.docx'),
  ];
  // bytes from a view into a larger buffer, as zip entries are
  const big = Buffer.concat([Buffer.from('x'.repeat(1000)), fs.readFileSync(files[0]), Buffer.from('y'.repeat(1000))]);
  const sources: ScoreSource[] = [
    ...files.map((f) => ({ file: f, path: f })),
    { file: `some.zip/${path.basename(files[0])}`, bytes: big.subarray(1000, big.length - 1000) },
  ];

  it('finds the compiled worker script (the e2e setup builds dist/)', () => {
    expect(workerScript()).toMatch(/score-worker\.js$/);
  });

  it('gives the same outcomes on threads as in this thread, failures included', async () => {
    const inThread = [];
    for (const s of sources) inThread.push(await scoreOne(s, settings));
    const pool = new ScorePool(settings, 2);
    try {
      expect(pool.threads).toBe(2);
      const threaded = await Promise.all(sources.map((s) => pool.score(s)));
      expect(JSON.stringify(threaded)).toBe(JSON.stringify(inThread));
    } finally {
      await pool.close();
    }
    expect(inThread.filter((o) => 'error' in o)).toHaveLength(1);
    expect(inThread.at(-1)).toEqual(inThread[0]);
  });

  it('scores in this thread when it has no threads', async () => {
    const pool = new ScorePool(settings, 0);
    expect(pool.threads).toBe(0);
    expect(await pool.score(sources[0])).toEqual(await scoreOne(sources[0], settings));
    await pool.close();
  });
});

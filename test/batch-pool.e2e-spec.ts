import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadRubricDirectory, parseRubric } from '../src/rubric/rubric-loader';
import { twelvePartRubric } from '../src/rubric/test-rubrics';
import { scoreOne, ScorePool, workerScript, type ScoreSource } from '../src/cli/batch/score-pool';
import { copyShingles, detectCopies, detectCopiesWith, type CopyDoc } from '../src/batches/copy-detection';
import { BAD, BASES, VARIANTS } from './support/batch-fixtures';

describe('ScorePool (scorecard batch on worker threads)', () => {
  const registry = loadRubricDirectory(path.resolve(__dirname, '..', 'rubrics'));
  const settings = { candidates: registry.latestVersions(), fixed: false, maxBytes: 20 * 1024 * 1024 };
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
      // the copy-detection shingles made on a worker (and moved here) are the ones this thread makes of the same text
      const scored = threaded.filter((o) => 'card' in o);
      expect(scored.length).toBe(sources.length - 1);
      for (const outcome of scored) {
        // typed arrays that crossed the thread (Jest's own Uint32Array is another realm's: compared by tag)
        expect(Object.prototype.toString.call(outcome.shingles.unique)).toBe('[object Uint32Array]');
        expect(outcome.shingles.rank.length).toBeGreaterThan(1000);
        expect(outcome.shingles).toEqual(copyShingles(outcome.normalised));
      }
    } finally {
      await pool.close();
    }
    expect(inThread.filter((o) => 'error' in o)).toHaveLength(1);
    expect(inThread.at(-1)).toEqual(inThread[0]);
  });

  it('for a JSON batch, sends each card only as its element of the file (and the few fields the batch reads), the same on threads as here', async () => {
    const json = { ...settings, cardJson: true };
    const full = await scoreOne(sources[0], settings);
    const pool = new ScorePool(json, 2);
    try {
      const [threaded, inThread] = [await pool.score(sources[0]), await scoreOne(sources[0], json)];
      for (const outcome of [threaded, inThread]) {
        if (!('cardJson' in outcome) || !('card' in full)) throw new Error('expected a JSON element and a full card');
        expect('card' in outcome).toBe(false);
        expect(outcome.head).toEqual({ total: full.card.total, grade: full.card.grade, rubric: full.card.rubric, report: full.card.report });
        const element = Buffer.from(outcome.cardJson.buffer, outcome.cardJson.byteOffset, outcome.cardJson.byteLength).toString('utf8');
        expect(element).toBe(JSON.stringify([{ file: sources[0].file, ...full.card }], null, 2).slice(4, -2));
      }
    } finally {
      await pool.close();
    }
  });

  it('measures copy-detection pairs on its threads, after scoring, with the same pairs, shares and quotes as this thread', async () => {
    const pool = new ScorePool(settings, 2);
    try {
      const outcomes = await Promise.all(sources.map((s) => pool.score(s)));
      const docs = (): CopyDoc[] => outcomes.flatMap((o, i) => ('card' in o ? [{ id: sources[i].file, text: o.normalised, original: o.original }] : []));
      const expected = detectCopies(docs());
      // the fixtures' variants are copies of three reports: every wrapping of one report pairs with the others
      expect(expected.length).toBeGreaterThanOrEqual(BASES.length * 5);
      expect(await detectCopiesWith(pool.measurePairs, docs())).toEqual(expected);
      // and the pool still scores afterwards, as the next batch of a long-lived caller would
      expect(await pool.score(sources[0])).toEqual(outcomes[0]);
    } finally {
      await pool.close();
    }
  });

  it('scores in this thread when it has no threads', async () => {
    const pool = new ScorePool(settings, 0);
    expect(pool.threads).toBe(0);
    expect(await pool.score(sources[0])).toEqual(await scoreOne(sources[0], settings));
    await pool.close();
  });

  it("chooses each file's rubric by the report's year, as a single report's; --rubric fixes one for all", async () => {
    const twelve = parseRubric(twelvePartRubric(), 'test/outline-2026-2030-test.yaml');
    const text = fs.readFileSync(path.join(__dirname, '..', 'src', 'scoring', 'engine', 'passages', 'township-concise.txt'), 'utf8');
    const source = (t: string): ScoreSource => ({ file: 'report.txt', bytes: Buffer.from(t) });
    const later = source(text.replace(/2024年/g, '2027年').replace(/2025年/g, '2028年'));
    const byYear = { candidates: [...registry.latestVersions(), twelve], fixed: false, maxBytes: 1 << 20 };
    const cardOf = async (s: ScoreSource, settings: typeof byYear) => {
      const outcome = await scoreOne(s, settings);
      if ('error' in outcome) throw new Error(outcome.error);
      if (!('card' in outcome)) throw new Error('the thread sent the card as JSON only');
      return outcome.card;
    };
    expect((await cardOf(later, byYear)).rubric).toEqual({ id: 'outline-2026-2030-test', version: '0.1.0' });
    expect((await cardOf(source(text), byYear)).rubric.id).toBe('outline-2021-2025');
    const outOfPeriod = await cardOf(source(text.replace(/2024年/g, '2019年').replace(/2025年/g, '2020年')), byYear);
    expect(outOfPeriod.rubric.note).toMatch(/报告年度2019年不在已加载评分细则的适用期内/);
    const fixed = { ...byYear, candidates: [registry.current()], fixed: true };
    expect((await cardOf(later, fixed)).rubric).toEqual({ id: 'outline-2021-2025', version: registry.current().version });
  });
});

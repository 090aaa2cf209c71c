import { prepareText } from '../intake';
import { readReport, REPORTS } from '../intake/test-fixtures';
import { markCommon, measurePair, measurePairs, sharedChars, sharedRuns, type Comparable } from './copy-compare';
import { copyShingles } from './copy-shingles';
import { detectCopies, detectCopiesWith, measureYielding, type CopyDoc, type PairMeasure } from './copy-detection';

/** A document as comparison sees it, every shingle kept (no boilerplate): positions 0..n-1 and their ranks. */
function comparable(text: string): Comparable {
  const s = copyShingles(text);
  return { set: s.unique, rankAt: s.rank };
}

/** A seeded generator, so a failure names the case that failed. */
function random(seed: number): () => number {
  let x = seed;
  return () => ((x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0) / 2 ** 32;
}

const reports = REPORTS.map((base) => prepareText(readReport(base)).normalised);

/** A report with some of its sentences dropped and some characters changed: a partial copy of it. */
function edited(text: string, rand: () => number): string {
  return text
    .split('。')
    .filter(() => rand() > 0.4)
    .map((s) => [...s].map((c) => (rand() < 0.02 ? '某' : c)).join(''))
    .join('。');
}

describe('copy comparison', () => {
  it('marks exactly the shingles the two documents share', () => {
    const rand = random(7);
    for (const text of reports) {
      const a = comparable(text);
      const b = comparable(edited(text, rand));
      const inB = new Uint8Array(a.set.length);
      const inA = new Uint8Array(b.set.length);
      const common = markCommon(a, b, inB, inA);
      const setB = new Set(b.set);
      const setA = new Set(a.set);
      expect(Array.from(inB)).toEqual(Array.from(a.set, (h) => (setB.has(h) ? 1 : 0)));
      expect(Array.from(inA)).toEqual(Array.from(b.set, (h) => (setA.has(h) ? 1 : 0)));
      expect(common).toBe(Array.from(a.set).filter((h) => setB.has(h)).length);
      // a real partial copy: some shared, not all
      expect(common).toBeGreaterThan(a.set.length / 4);
      expect(common).toBeLessThan(a.set.length);
    }
  });

  it('counts the characters of the shared runs it would quote, for any flags and run length', () => {
    const rand = random(11);
    const p = comparable(reports[0]);
    for (let round = 0; round < 40; round++) {
      // runs of shared shingles of random length, broken by random gaps
      const flags = new Uint8Array(p.set.length);
      const density = rand();
      for (let r = 0; r < flags.length; r++) flags[r] = rand() < density ? 1 : 0;
      const minChars = Math.floor(rand() * 60);
      const runs = sharedRuns(p, flags, 9, minChars);
      expect(sharedChars(p, flags, 9, minChars)).toBe(runs.reduce((sum, r) => sum + r.end - r.start, 0));
    }
    expect(sharedChars(p, new Uint8Array(p.set.length), 9, 20)).toBe(0);
  });

  it('measures a list of pairs as one pair at a time, with 0 for a pair that shares no passage', () => {
    const rand = random(3);
    const docs = [...reports, ...reports.map((t) => edited(t, rand)), ''].map(comparable);
    const pairs = Int32Array.from([0, 3, 1, 4, 2, 5, 0, 1, 3, 6, 6, 0]);
    const measured = measurePairs(docs, pairs, 9, 20);
    const one = new Int32Array(2);
    for (let i = 0; i < pairs.length; i += 2) {
      measurePair(docs[pairs[i]], docs[pairs[i + 1]], 9, 20, one, 0);
      expect([measured[i], measured[i + 1]]).toEqual([one[0], one[1]]);
    }
    // a report and its partial copy share passages both ways; the empty document shares nothing
    expect(measured[0]).toBeGreaterThan(500);
    expect(measured[1]).toBeGreaterThan(500);
    expect([measured[10], measured[11]]).toEqual([0, 0]);
  });
});

describe('detectCopiesWith (the candidate pairs measured elsewhere)', () => {
  const docs = (): CopyDoc[] => {
    const rand = random(5);
    return [...reports, ...reports.map((t) => edited(t, rand)), ...reports.map((t) => edited(t, rand))].map((text, i) => ({ id: `r${i}`, text }));
  };

  it('finds the same pairs, shares and passages as detectCopies, whatever order and chunks the pairs are measured in', async () => {
    const expected = detectCopies(docs());
    // each report with its partial copies (r0, r3, r6 are one report; r1, r4, r7 another; ...), nothing across
    expect(expected.length).toBeGreaterThanOrEqual(3);
    for (const pair of expected) expect(Number(pair.a.slice(1)) % 3).toBe(Number(pair.b.slice(1)) % 3);
    expect(expected[0].passages.length).toBeGreaterThan(0);
    let calls = 0;
    // measured backwards, one pair per call, into documents that crossed nothing: only the numbers matter
    const backwards: PairMeasure = async (prepared, pairs, shingle, minChars) => {
      calls++;
      const out = new Int32Array(pairs.length);
      for (let i = pairs.length - 2; i >= 0; i -= 2) out.set(measurePairs(prepared, pairs.slice(i, i + 2), shingle, minChars), i);
      return out;
    };
    expect(await detectCopiesWith(backwards, docs())).toEqual(expected);
    expect(calls).toBe(1);
  });

  it('prepares the documents it hands over in shared memory, so threads read them without a copy', async () => {
    let buffers: string[] = [];
    await detectCopiesWith(async (prepared, pairs, shingle, minChars) => {
      buffers = prepared.flatMap((p) => [p.set, p.rankAt].map((a) => Object.prototype.toString.call(a.buffer)));
      return measurePairs(prepared, pairs, shingle, minChars);
    }, docs());
    expect(buffers.length).toBe(18);
    expect(new Set(buffers)).toEqual(new Set(['[object SharedArrayBuffer]']));
  });

  it('measuring on this thread (local memory), finds the same and prepares in ordinary memory', async () => {
    let buffers: string[] = [];
    const local = await detectCopiesWith(
      async (prepared, pairs, shingle, minChars) => {
        buffers = prepared.flatMap((p) => [p.set, p.rankAt].map((a) => Object.prototype.toString.call(a.buffer)));
        return measureYielding(prepared, pairs, shingle, minChars);
      },
      docs(),
      [],
      {},
      'local',
    );
    expect(local).toEqual(detectCopies(docs()));
    expect(buffers.length).toBe(18);
    expect(new Set(buffers)).toEqual(new Set(['[object ArrayBuffer]']));
  });
});

describe('measureYielding (a batch finalised on a worker)', () => {
  it('measures as measurePairs does, giving the event loop turns between parts', async () => {
    const rand = random(9);
    const docs = [...reports, ...reports.map((t) => edited(t, rand))].map(comparable);
    const pairs = Int32Array.from({ length: 2 * 2500 }, (_, i) => (i % 2 === 0 ? Math.floor(i / 2) % docs.length : (Math.floor(i / 2) + 1 + (i % 5)) % docs.length));
    const turns: string[] = [];
    const ticking = setInterval(() => turns.push('loop'), 0);
    setImmediate(() => turns.push('immediate'));
    const measured = await measureYielding(docs, pairs, 9, 20);
    clearInterval(ticking);
    turns.push('done');
    expect(Array.from(measured)).toEqual(Array.from(measurePairs(docs, pairs, 9, 20)));
    // the callback queued before the measuring ran before it ended: the loop had a turn in between
    expect(turns.indexOf('immediate')).toBeGreaterThanOrEqual(0);
    expect(turns.indexOf('immediate')).toBeLessThan(turns.indexOf('done'));
  });
});

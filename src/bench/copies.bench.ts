/**
 * Copy detection at season scale: `detectCopies` over 1,000 and 10,000 reports of a realistic season — mostly
 * distinct texts that share their opening boilerplate, with a few reports that copied paragraphs from another —
 * timed, with its memory, and the growth from 1,000 to 10,000 (10× is linear, 100× quadratic). The planted
 * copies are the recall check: each should come back as a pair.
 *
 * The texts are made from the fixtures' own sentences: phrases (split at ，。；、) are drawn at random and about one
 * character in six is swapped for another Han character of the fixtures, so two reports share phrasing and
 * vocabulary but, as two agencies' reports do, hardly any 9-character run by chance.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectCopies, type CopyDoc } from '../batches/copy-detection';
import { prepareText } from '../intake/prepare-report';
import { FIXTURES, now } from './util';

export interface CopiesRun {
  reports: number;
  planted: number;
  found: number;
  pairs: number;
  ms: number;
  heapMb: number;
  maxRssMb: number;
}

export interface CopiesResult {
  avgChars: number;
  runs: CopiesRun[];
  growth: number;
}

/** A small deterministic PRNG (mulberry32): the same season every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function buildSeason(n: number, seed = 16): { docs: CopyDoc[]; planted: Array<[string, string]> } {
  const texts = fs
    .readdirSync(path.join(FIXTURES, 'reports'))
    .filter((f) => f.endsWith('.txt'))
    .map((f) => prepareText(fs.readFileSync(path.join(FIXTURES, 'reports', f), 'utf8')).normalised);
  const phrases = texts.flatMap((t) => t.split(/[，。；、\n]/)).filter((p) => p.length >= 6);
  const han = [...new Set(texts.join('').replace(/[^\u4e00-\u9fff]/g, ''))];
  const opening = texts[0].split('。').slice(0, 2).join('。') + '。';
  const rnd = random(seed);
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)];
  const mutate = (p: string) => [...p].map((c) => (rnd() < 1 / 6 && /[\u4e00-\u9fff]/.test(c) ? pick(han) : c)).join('');
  const sentences: string[][] = [];
  for (let d = 0; d < n; d++) {
    const list: string[] = [];
    for (let s = 0; s < 45; s++) list.push(`${Array.from({ length: 3 }, () => mutate(pick(phrases))).join('，')}。`);
    sentences.push(list);
  }
  // about 3 % of the reports copy fifteen consecutive sentences (a third of it) of another report
  const planted: Array<[string, string]> = [];
  for (let d = 0; d < n; d++) {
    if (rnd() >= 0.03) continue;
    let from = Math.floor(rnd() * n);
    if (from === d) from = (from + 1) % n;
    const at = 2 + Math.floor(rnd() * 25);
    sentences[d].splice(at, 15, ...sentences[from].slice(at, at + 15));
    planted.push([`r${d}`, `r${from}`]);
  }
  return { docs: sentences.map((list, d) => ({ id: `r${d}`, text: opening + list.join('') })), planted };
}

export function runCopiesBench(args: { sizes: number[] }): CopiesResult {
  const gc = (globalThis as { gc?: () => void }).gc;
  const runs: CopiesRun[] = [];
  let avgChars = 0;
  for (const n of args.sizes) {
    const { docs, planted } = buildSeason(n);
    avgChars = docs.reduce((s, d) => s + d.text.length, 0) / docs.length;
    gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    let heapPeak = heap0;
    const t0 = now();
    const pairs = detectCopies(docs, [], { maxPairs: Number.MAX_SAFE_INTEGER });
    const ms = now() - t0;
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    const found = new Set(pairs.map((p) => [p.a, p.b].sort().join('|')));
    runs.push({
      reports: n,
      planted: planted.length,
      found: planted.filter(([a, b]) => found.has([a, b].sort().join('|'))).length,
      pairs: pairs.length,
      ms,
      heapMb: (heapPeak - heap0) / 2 ** 20,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    });
  }
  const [a, b] = [runs[0], runs[runs.length - 1]];
  return { avgChars, runs, growth: b.ms / a.ms };
}

/**
 * Comparing two prepared documents: which of their shingles they share, how many characters that covers, and
 * (for the few pairs reported) the passages. The measuring half works on typed arrays alone, so it runs as well on
 * another thread over shared memory (measurePairs).
 */
import type { CopyDoc, CopyPassage } from './copy-types';
import { textSpan } from './copy-shingles';
import { mapSpan } from '../intake/intake.types';
import { normaliseForMatching } from '../intake/normalise';

export interface Prepared {
  doc: CopyDoc;
  /** distinct non-boilerplate shingles, sorted */
  set: Uint32Array;
  /** cleaned characters covered by at least one non-boilerplate shingle: the denominator of shares */
  countable: number;
  /** `rankAt[i]`: index in `set` of the shingle at content character i, -1 where that shingle is boilerplate */
  rankAt: Int32Array;
}

/** What measuring a pair reads of a document: typed arrays only, which can sit in shared memory. */
export type Comparable = Pick<Prepared, 'set' | 'rankAt'>;

/** What quoting a pair's passages needs to know. */
export interface PassageOptions {
  shingle: number;
  minPassageChars: number;
  maxPassages: number;
}

interface Run {
  start: number; // cleaned index, inclusive
  end: number; // exclusive
}

/** Runs of a's text whose shingles also occur in b (`inB[r]`: a.set[r] is in b's set), merged across small edits, at least minChars long. */
export function sharedRuns(a: Comparable, inB: Uint8Array, k: number, minChars: number): Run[] {
  const runs: Run[] = [];
  let current: Run | null = null;
  const { rankAt } = a;
  for (let i = 0; i < rankAt.length; i++) {
    const r = rankAt[i];
    if (r < 0 || inB[r] === 0) continue;
    // one changed character breaks k shingles: a gap shorter than a shingle is the same passage
    if (current && i <= current.end) current.end = Math.max(current.end, i + k);
    else {
      if (current) runs.push(current);
      current = { start: i, end: i + k };
    }
  }
  if (current) runs.push(current);
  return runs.filter((r) => r.end - r.start >= minChars);
}

/** The offset map of a document that gave its original without one; undefined when the original does not normalise to its text. */
function offsetsOf(doc: CopyDoc): ArrayLike<number> | undefined {
  if (doc.original === undefined) return undefined;
  if (!doc.toOriginal) {
    const { normalised, toOriginal } = normaliseForMatching(doc.original);
    if (normalised !== doc.text) return undefined;
    doc.toOriginal = toOriginal;
  }
  return doc.toOriginal;
}

function quote(p: Prepared, run: Run): string {
  const { original, text } = p.doc;
  const [from, to] = textSpan(text, run.start, run.end);
  const toOriginal = offsetsOf(p.doc);
  if (original !== undefined && toOriginal) {
    const [s, e] = mapSpan(toOriginal, from, to);
    return original.slice(s, e);
  }
  return text.slice(from, to);
}

/** The first position at or after `from` whose shingle is kept (the length when none is). */
function firstKept(p: Comparable, from: number): number {
  let i = Math.max(0, from);
  while (i < p.rankAt.length && p.rankAt[i] < 0) i++;
  return i;
}

/** The last position before `before` whose shingle is kept (-1 when none is). */
function lastKept(p: Comparable, before: number): number {
  let i = Math.min(before, p.rankAt.length) - 1;
  while (i >= 0 && p.rankAt[i] < 0) i--;
  return i;
}

/** Where the shingle `hash` first stands inside one of `runs`, with that run. */
function locate(p: Prepared, hash: number, runs: Run[], from = 0): { run: Run; at: number } | undefined {
  for (const run of runs) {
    if (run.end <= from) continue;
    const end = Math.min(run.end, p.rankAt.length);
    for (let i = Math.max(run.start, from); i < end; i++) {
      const r = p.rankAt[i];
      if (r >= 0 && p.set[r] === hash) return { run, at: i };
    }
  }
  return undefined;
}

/**
 * The span of b that a's run was copied from (or to): from where a's first shingle stands in b to where its last
 * one does. b's run around it can be longer (b may hold in one piece what a took in several): quoting all of it
 * put a 2,000-character b beside a 200-character a.
 */
function counterpart(a: Prepared, run: Run, b: Prepared, runsB: Run[], k: number): Run | undefined {
  const hashAt = (i: number) => a.set[a.rankAt[i]];
  const first = locate(b, hashAt(firstKept(a, run.start)), runsB);
  if (!first) return undefined;
  const lastAt = lastKept(a, run.end - k + 1);
  const last = lastAt >= 0 ? locate(b, hashAt(lastAt), [first.run], first.at) : undefined;
  const end = last ? last.at + k : Math.min(first.run.end, first.at + (run.end - run.start));
  return { start: first.at, end: Math.min(end, first.run.end) };
}

const flags = [new Uint8Array(0), new Uint8Array(0)];

/** A zeroed Uint8Array of `length`, reused between comparisons. */
function scratch(which: 0 | 1, length: number): Uint8Array {
  if (flags[which].length < length) flags[which] = new Uint8Array(Math.max(length, flags[which].length * 2));
  else flags[which].fill(0, 0, length);
  return flags[which];
}

/**
 * Marks the shingles a and b share (`inB[r]`: a.set[r] is in b's set; `inA` the other way) and counts them.
 * Branch-free merge: which list advances is data the CPU cannot predict, and a mispredicted branch a step was half
 * of each comparison (`| 0` keeps V8 on integers; with bare booleans it was slower than the branches). A flag is
 * written on each visit of its index; the last visit (a match, or the step that moves past it) is the one that stays.
 */
export function markCommon(a: Comparable, b: Comparable, inB: Uint8Array, inA: Uint8Array): number {
  const setA = a.set;
  const setB = b.set;
  let common = 0;
  for (let i = 0, j = 0; i < setA.length && j < setB.length; ) {
    const x = setA[i];
    const y = setB[j];
    const same = ((x === y) as unknown as number) | 0;
    inB[i] = same;
    inA[j] = same;
    common += same;
    i += ((x <= y) as unknown as number) | 0;
    j += ((y <= x) as unknown as number) | 0;
  }
  return common;
}

/**
 * The characters of p's text in shared runs of at least minChars (what sharedRuns' runs add up to), without making
 * the runs: nearly every candidate pair is measured and dropped, and only the few reported are quoted.
 */
export function sharedChars(p: Comparable, shared: Uint8Array, k: number, minChars: number): number {
  const { rankAt } = p;
  let total = 0;
  let start = 0;
  let end = -1;
  for (let i = 0; i < rankAt.length; i++) {
    const r = rankAt[i];
    if (r < 0 || shared[r] === 0) continue;
    if (i <= end) end = Math.max(end, i + k);
    else {
      if (end >= 0 && end - start >= minChars) total += end - start;
      start = i;
      end = i + k;
    }
  }
  if (end >= 0 && end - start >= minChars) total += end - start;
  return total;
}

/** The passages a pair found by compare is quoted with: its runs made again (the scratch flags were reused since). */
export function passagesOf(a: Prepared, b: Prepared, o: PassageOptions): CopyPassage[] {
  const inB = new Uint8Array(a.set.length);
  const inA = new Uint8Array(b.set.length);
  markCommon(a, b, inB, inA);
  const runsA = sharedRuns(a, inB, o.shingle, o.minPassageChars);
  const runsB = sharedRuns(b, inA, o.shingle, o.minPassageChars);
  return [...runsA]
    .sort((x, y) => y.end - y.start - (x.end - x.start) || x.start - y.start)
    .slice(0, o.maxPassages)
    .sort((x, y) => x.start - y.start)
    .map((run) => {
      const inB = counterpart(a, run, b, runsB, o.shingle);
      return { a: quote(a, run), b: inB ? quote(b, inB) : '', chars: run.end - run.start };
    });
}

/**
 * Characters copied in each direction for one pair, written to `out` at `at` (a's, then b's); a's is 0 when the
 * pair shares no passage, which is all compare needs to drop it.
 */
export function measurePair(a: Comparable, b: Comparable, k: number, minChars: number, out: Int32Array, at: number): void {
  out[at] = 0;
  out[at + 1] = 0;
  if (a.set.length === 0 || b.set.length === 0) return;
  const inB = scratch(0, a.set.length);
  const inA = scratch(1, b.set.length);
  if (markCommon(a, b, inB, inA) === 0) return;
  const copiedA = sharedChars(a, inB, k, minChars);
  if (copiedA === 0) return;
  out[at] = copiedA;
  out[at + 1] = sharedChars(b, inA, k, minChars);
}

/** measurePair over `pairs` (document indices, two a pair): two numbers a pair, in the same order. */
export function measurePairs(docs: readonly Comparable[], pairs: Int32Array, k: number, minChars: number): Int32Array {
  const out = new Int32Array(pairs.length);
  for (let i = 0; i < pairs.length; i += 2) measurePair(docs[pairs[i]], docs[pairs[i + 1]], k, minChars, out, i);
  return out;
}

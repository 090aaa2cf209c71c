/**
 * Near-duplicate passages between reports: character shingles over the Chinese text, MinHash + LSH banding to
 * find candidate pairs without comparing every pair (a season can bring thousands of reports), then an exact
 * shingle overlap on the candidates to measure how much was copied and quote the passages.
 *
 * Pure: no Nest, no I/O. Text in is the normalised text (simplified, folded); quotes come from `original`
 * through `toOriginal` when given, so a reviewer reads them in the script the agency wrote.
 */
import { minhash, NUM_HASHES } from './minhash';
import { independentSets } from './near-duplicates';
import { mapSpan } from '../intake/intake.types';
import { normaliseForMatching } from '../intake/normalise';

export interface CopyDoc {
  id: string;
  /** normalised text (what matching runs on) */
  text: string;
  /** the text as the agency wrote it (e.g. a stored report's extracted text): quotes are cut from it */
  original?: string;
  /**
   * `toOriginal[i]` is the index in `original` of `text[i]`. When only `original` is given it is recomputed from
   * it, for the few documents that are quoted, so a batch need not hold an offset map per report.
   */
  toOriginal?: ArrayLike<number>;
  /** who wrote it: earlier reports are compared with the batch reports of the same issuer only */
  issuer?: string | null;
  /**
   * `copyShingles(text)` computed beforehand, where the text was made (a batch's scoring threads), so that this
   * thread only weighs and compares; computed here when absent or made with another shingle size. Copy detection
   * lets go of it (sets it undefined) once the document is prepared: a season of shingles is large.
   */
  shingles?: CopyShingles;
}

/** A document's shingles before the batch's boilerplate is known: what copy detection needs of its text. */
export interface CopyShingles {
  /** shingle size, in content characters */
  k: number;
  /** number of content characters */
  length: number;
  /** distinct shingle hashes, sorted */
  unique: Uint32Array;
  /** `rank[i]`: index in `unique` of the hash of the shingle starting at content character i */
  rank: Int32Array;
}

export interface CopyPassage {
  /** the passage as it reads in each report */
  a: string;
  b: string;
  /** length in Chinese characters (punctuation not counted) */
  chars: number;
}

export interface CopyPair {
  a: string;
  b: string;
  /** share of a's text found in b, and of b's text found in a (0..1, boilerplate excluded from both) */
  shareA: number;
  shareB: number;
  /** characters of a that are in copied passages */
  copiedChars: number;
  passages: CopyPassage[];
  /** b is an earlier stored report of the same issuer, not part of the batch */
  earlier?: boolean;
}

export interface CopyDetectionOptions {
  shingle?: number;
  /** a shingle in at least this many independent batch reports (near copies count once) is boilerplate; default max(3, ceil(30% of them)) */
  boilerplateMinDocs?: number;
  /** shorter shared runs are common phrases, not copying */
  minPassageChars?: number;
  /** a pair is reported when the larger share and the copied characters both reach these */
  minShare?: number;
  minCopiedChars?: number;
  maxPairs?: number;
  maxPassages?: number;
}

const DEFAULTS = {
  shingle: 9,
  minPassageChars: 20,
  minShare: 0.08,
  minCopiedChars: 80,
  maxPairs: 500,
  maxPassages: 5,
};

/**
 * The formulae nearly every report opens with (and titles of the documents they cite): never copying, even in a
 * batch too small for document frequency to tell.
 */
export const STANDARD_FORMULAE: readonly string[] = [
  '坚持以习近平新时代中国特色社会主义思想为指导',
  '以习近平新时代中国特色社会主义思想为指导',
  '深入学习贯彻习近平法治思想',
  '深入贯彻习近平法治思想',
  '全面贯彻落实习近平法治思想',
  '认真学习贯彻习近平法治思想',
  '全面贯彻党的二十大精神',
  '全面贯彻落实党的二十大精神',
  '深入贯彻党的二十大精神',
  '认真学习贯彻党的二十大精神',
  '全面贯彻党的二十大和二十届二中三中全会精神',
  '党的十九大和十九届历次全会精神',
  '法治政府建设实施纲要2021-2025年',
  '法治政府建设实施纲要2021—2025年',
  '法治政府建设与责任落实督察工作规定',
  '党政主要负责人履行推进法治建设第一责任人职责规定',
  '全面依法治国',
  '增强四个意识坚定四个自信做到两个维护',
  '深刻领悟两个确立的决定性意义',
  '推进法治政府建设取得新成效',
  '现将有关情况报告如下',
  '法治政府建设情况报告如下',
];

/** two: the banding below keys a bucket by exactly two rows */
const ROWS_PER_BAND = 2;
const MAX_BUCKET = 200;
const MAX_CANDIDATES_PER_DOC = 100;

/** Characters that carry content: Han, letters, digits. Punctuation and spaces do not make text different. */
function isContentChar(code: number): boolean {
  return (
    (code >= 0x3400 && code <= 0x9fff) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0xd800 && code <= 0xdfff)
  );
}

/** The content characters of a text, in order (see isContentChar): what shingles are made of. */
function clean(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) if (isContentChar(text.charCodeAt(i))) out += text[i];
  return out;
}

/**
 * Indices in `text` of its content characters number `from` and `to - 1`, as [start, end): a quote's span.
 * Recounted when a pair is quoted, so that no document keeps a position per character for the few it is quoted.
 */
function textSpan(text: string, from: number, to: number): [number, number] {
  let start = 0;
  for (let i = 0, n = 0; i < text.length; i++) {
    if (!isContentChar(text.charCodeAt(i))) continue;
    if (n === from) start = i;
    if (n === to - 1) return [start, i + 1];
    n++;
  }
  return [start, text.length];
}

/** FNV-1a over the shingle's UTF-16 units, 32-bit. */
function hashShingle(s: string, from: number, k: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < from + k; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function shingleHashes(chars: string, k: number): Uint32Array {
  const count = Math.max(0, chars.length - k + 1);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = hashShingle(chars, i, k);
  return out;
}

function uniqueSorted(values: Uint32Array): Uint32Array {
  const sorted = Uint32Array.from(values).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i];
  return sorted.slice(0, n);
}

function hasSorted(sorted: Uint32Array, value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid];
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

interface Prepared {
  doc: CopyDoc;
  /** distinct non-boilerplate shingles, sorted */
  set: Uint32Array;
  /** cleaned characters covered by at least one non-boilerplate shingle: the denominator of shares */
  countable: number;
  /** positions whose shingle is kept, ascending, and the index of that shingle in `set`: pair comparison walks only these */
  live: Int32Array;
  liveRank: Int32Array;
}

// Scratch for copyShingles: hash → index in the document's sorted distinct hashes (open addressing, 0 = empty slot).
let slotKeys = new Uint32Array(0);
let slotValues = new Int32Array(0);

/**
 * The shingles of a text, ready for a batch: their sorted distinct hashes, and each position's index among them.
 * Pure and independent of the other documents, so a batch computes it on the thread that normalised the text.
 */
export function copyShingles(text: string, k: number = DEFAULTS.shingle): CopyShingles {
  // the content characters as code units in an array (clean's string is built by appending, slow to index)
  const units = new Uint16Array(text.length);
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isContentChar(c)) units[length++] = c;
  }
  const hashes = new Uint32Array(Math.max(0, length - k + 1));
  for (let i = 0; i < hashes.length; i++) {
    // FNV-1a, as hashShingle
    let h = 0x811c9dc5;
    for (let j = i; j < i + k; j++) h = Math.imul(h ^ units[j], 0x01000193);
    hashes[i] = h >>> 0;
  }
  const unique = uniqueSorted(hashes);
  const nu = unique.length;
  let size = 16;
  while (size < nu * 2) size <<= 1;
  if (slotKeys.length < size) {
    slotKeys = new Uint32Array(size);
    slotValues = new Int32Array(size);
  } else slotKeys.fill(0, 0, size);
  const mask = size - 1;
  const shift = 32 - Math.log2(size);
  for (let u = 0; u < nu; u++) {
    const h = unique[u];
    // hash 0 is the empty slot's mark: its positions get rank 0 below, where a 0 sorts
    if (h === 0) continue;
    let slot = Math.imul(h, 0x9e3779b1) >>> shift;
    while (slotKeys[slot] !== 0) slot = (slot + 1) & mask;
    slotKeys[slot] = h;
    slotValues[slot] = u;
  }
  const rank = new Int32Array(hashes.length);
  for (let i = 0; i < hashes.length; i++) {
    const h = hashes[i];
    if (h === 0) {
      rank[i] = 0;
      continue;
    }
    let slot = Math.imul(h, 0x9e3779b1) >>> shift;
    while (slotKeys[slot] !== h) slot = (slot + 1) & mask;
    rank[i] = slotValues[slot];
  }
  return { k, length, unique, rank };
}

function shinglesOf(doc: CopyDoc, k: number): CopyShingles {
  return doc.shingles && doc.shingles.k === k ? doc.shingles : copyShingles(doc.text, k);
}

function formulaShingles(k: number): Set<number> {
  const set = new Set<number>();
  for (const f of STANDARD_FORMULAE) {
    for (const h of shingleHashes(clean(f), k)) set.add(h);
  }
  return set;
}

/** `boilerplate`: sorted distinct hashes that never count (standard formulae, shingles most of the batch shares). */
function prepare(doc: CopyDoc, s: CopyShingles, k: number, boilerplate: Uint32Array): Prepared {
  const { length, unique, rank } = s;
  // only the kept shingles' positions and ranks are kept: a hash per character would cost 4 bytes a character
  // across a whole season
  const nu = unique.length;
  // index in `set` of each distinct hash, -1 when excluded; hash 0 is the "excluded" mark itself, so a real hash
  // of 0 (vanishingly rare) is merely dropped
  const keptIndex = new Int32Array(nu);
  let kept = 0;
  const useMerge = boilerplate.length <= 4 * nu;
  for (let u = 0, b = 0; u < nu; u++) {
    const h = unique[u];
    let excluded = h === 0;
    if (!excluded) {
      if (useMerge) {
        while (b < boilerplate.length && boilerplate[b] < h) b++;
        excluded = b < boilerplate.length && boilerplate[b] === h;
      } else excluded = hasSorted(boilerplate, h);
    }
    keptIndex[u] = excluded ? -1 : kept++;
  }
  const set = new Uint32Array(kept);
  for (let u = 0; u < nu; u++) if (keptIndex[u] >= 0) set[keptIndex[u]] = unique[u];

  // live positions ascend, so the characters their shingles cover are counted as a union of intervals
  let countable = 0;
  let coveredTo = 0;
  const live = new Int32Array(rank.length);
  const liveRank = new Int32Array(rank.length);
  let nLive = 0;
  for (let i = 0; i < rank.length; i++) {
    const r = keptIndex[rank[i]];
    if (r >= 0) {
      const end = Math.min(i + k, length);
      countable += end - Math.max(i, coveredTo);
      coveredTo = end;
      live[nLive] = i;
      liveRank[nLive++] = r;
    }
  }
  return { doc, set, countable, live: live.slice(0, nLive), liveRank: liveRank.slice(0, nLive) };
}

/** Sorted distinct values of `sets` found in at least `minDocs` of them: concatenate, sort once, count runs. */
function countedAtLeast(sets: Uint32Array[], minDocs: number): Uint32Array {
  let total = 0;
  for (const s of sets) total += s.length;
  const all = new Uint32Array(total);
  let at = 0;
  for (const s of sets) {
    all.set(s, at);
    at += s.length;
  }
  all.sort();
  const frequent: number[] = [];
  let run = 1;
  for (let i = 1; i <= all.length; i++) {
    if (i < all.length && all[i] === all[i - 1]) run++;
    else {
      if (run >= minDocs) frequent.push(all[i - 1]);
      run = 1;
    }
  }
  return Uint32Array.from(frequent);
}

/** Documents read in full to find which shingles may be boilerplate; a larger batch is sampled evenly. */
const FREQUENCY_SAMPLE = 500;

/**
 * Shingles found in at least `minDocs` of the documents (each set sorted and distinct), sorted. Sorting every
 * shingle of a season at once grew faster than the season (n log n, and 4 bytes a shingle held at once), so a
 * large batch is counted in two passes: an even sample of FREQUENCY_SAMPLE documents names the candidates (the
 * shingles in at least half the threshold's share of the sample), then each candidate is counted exactly over
 * every document by walking its sorted set beside the sorted candidates. The result is exact for every shingle the
 * sample names; one in 30 % of a batch falls below 15 % of an even sample of 500 only with a probability below
 * 1e-15 (Chernoff), unless the batch is laid out in a period that matches the sampling stride.
 */
function frequentShingles(sets: Uint32Array[], minDocs: number): Uint32Array {
  if (sets.length <= FREQUENCY_SAMPLE) return countedAtLeast(sets, minDocs);
  const stride = sets.length / FREQUENCY_SAMPLE;
  const sample = Array.from({ length: FREQUENCY_SAMPLE }, (_, i) => sets[Math.floor(i * stride)]);
  const candidates = countedAtLeast(sample, Math.max(1, Math.floor((minDocs / sets.length) * FREQUENCY_SAMPLE * 0.5)));
  const counts = new Uint32Array(candidates.length);
  for (const set of sets) {
    for (let i = 0, j = 0; i < set.length && j < candidates.length; ) {
      const x = set[i];
      const y = candidates[j];
      if (x < y) i++;
      else if (x > y) j++;
      else {
        counts[j]++;
        i++;
        j++;
      }
    }
  }
  return candidates.filter((_, j) => counts[j] >= minDocs);
}

interface Run {
  start: number; // cleaned index, inclusive
  end: number; // exclusive
}

/** Runs of a's text whose shingles also occur in b (`inB[r]`: a.set[r] is in b's set), merged across small edits, at least minChars long. */
function sharedRuns(a: Prepared, inB: Uint8Array, k: number, minChars: number): Run[] {
  const runs: Run[] = [];
  let current: Run | null = null;
  const { live, liveRank } = a;
  for (let t = 0; t < live.length; t++) {
    if (inB[liveRank[t]] === 0) continue;
    const i = live[t];
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

/** Index of the first of the ascending `values` that is ≥ `value`. */
function firstAtOrAfter(values: Int32Array, value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where the shingle `hash` first stands inside one of `runs`, with that run. */
function locate(p: Prepared, hash: number, runs: Run[], from = 0): { run: Run; at: number } | undefined {
  for (const run of runs) {
    if (run.end <= from) continue;
    for (let t = firstAtOrAfter(p.live, Math.max(run.start, from)); t < p.live.length && p.live[t] < run.end; t++) if (p.set[p.liveRank[t]] === hash) return { run, at: p.live[t] };
  }
  return undefined;
}

/**
 * The span of b that a's run was copied from (or to): from where a's first shingle stands in b to where its last
 * one does. b's run around it can be longer (b may hold in one piece what a took in several): quoting all of it
 * put a 2,000-character b beside a 200-character a.
 */
function counterpart(a: Prepared, run: Run, b: Prepared, runsB: Run[], k: number): Run | undefined {
  const hashAt = (t: number) => a.set[a.liveRank[t]];
  const first = locate(b, hashAt(firstAtOrAfter(a.live, run.start)), runsB);
  if (!first) return undefined;
  const lastT = firstAtOrAfter(a.live, run.end - k + 1) - 1;
  const last = lastT >= 0 ? locate(b, hashAt(lastT), [first.run], first.at) : undefined;
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

/** A pair that copies, with its passages quoted only when asked: most pairs found never make the reported few. */
interface Found {
  pair: CopyPair;
  passages: () => CopyPassage[];
}

function compare(a: Prepared, b: Prepared, o: Required<Omit<CopyDetectionOptions, 'boilerplateMinDocs'>>): Found | null {
  if (a.set.length === 0 || b.set.length === 0) return null;
  const inB = scratch(0, a.set.length);
  const inA = scratch(1, b.set.length);
  let common = 0;
  for (let i = 0, j = 0; i < a.set.length && j < b.set.length; ) {
    const x = a.set[i];
    const y = b.set[j];
    if (x < y) i++;
    else if (x > y) j++;
    else {
      inB[i++] = 1;
      inA[j++] = 1;
      common++;
    }
  }
  if (common === 0) return null;
  const runsA = sharedRuns(a, inB, o.shingle, o.minPassageChars);
  if (runsA.length === 0) return null;
  const runsB = sharedRuns(b, inA, o.shingle, o.minPassageChars);
  const copiedA = runsA.reduce((sum, r) => sum + r.end - r.start, 0);
  const copiedB = runsB.reduce((sum, r) => sum + r.end - r.start, 0);
  const shareA = a.countable ? Math.min(1, copiedA / a.countable) : 0;
  const shareB = b.countable ? Math.min(1, copiedB / b.countable) : 0;
  if (Math.max(shareA, shareB) < o.minShare || Math.max(copiedA, copiedB) < o.minCopiedChars) return null;
  const passages = () =>
    [...runsA]
      .sort((x, y) => y.end - y.start - (x.end - x.start) || x.start - y.start)
      .slice(0, o.maxPassages)
      .sort((x, y) => x.start - y.start)
      .map((run) => {
        const inB = counterpart(a, run, b, runsB, o.shingle);
        return { a: quote(a, run), b: inB ? quote(b, inB) : '', chars: run.end - run.start };
      });
  return { pair: { a: a.doc.id, b: b.doc.id, shareA: round3(shareA), shareB: round3(shareB), copiedChars: copiedA, passages: [] }, passages };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Most copied first; ties by ids, so the order is the same on every run. */
const order = (p: CopyPair, q: CopyPair) => Math.max(q.shareA, q.shareB) - Math.max(p.shareA, p.shareB) || (p.a < q.a ? -1 : p.a > q.a ? 1 : p.b < q.b ? -1 : p.b > q.b ? 1 : 0);

const BANDS = NUM_HASHES / ROWS_PER_BAND;

/**
 * The candidate pairs' keys, most votes first, ties by key. Packed as (BANDS − votes) · n² + key in one float
 * array and sorted natively (a comparator over [key, votes] entries was a tenth of copy detection in a large
 * batch of near-copies); exact while the packed values stay integers a double holds.
 */
function candidatesByVotes(votes: Map<number, number>, n: number): Iterable<number> {
  const pairs = n * n;
  if ((BANDS + 1) * pairs > Number.MAX_SAFE_INTEGER) return [...votes.entries()].sort((p, q) => q[1] - p[1] || p[0] - q[0]).map(([key]) => key);
  const packed = new Float64Array(votes.size);
  let i = 0;
  for (const [key, count] of votes) packed[i++] = (BANDS - count) * pairs + key;
  packed.sort();
  for (let j = 0; j < packed.length; j++) packed[j] %= pairs;
  return packed;
}

/** Shingles every document once, marks the standard formulae and what most independent ones share as boilerplate. */
function prepareAll(docs: CopyDoc[], o: Required<CopyDetectionOptions>): { prepared: Prepared[]; boilerplate: Uint32Array } {
  const k = o.shingle;
  const shingled: Array<CopyShingles | undefined> = docs.map((d) => shinglesOf(d, k));
  // near copies of one text count once: what many independent reports share is boilerplate, what copies share is not
  const independent = independentSets(shingled.map((s) => s!.unique));
  const minDocs = o.boilerplateMinDocs ?? Math.max(3, Math.ceil(0.3 * independent.length));
  const frequent = independent.length >= minDocs ? frequentShingles(independent, minDocs) : new Uint32Array(0);
  const boilerplate = uniqueSorted(Uint32Array.from([...formulaShingles(k), ...frequent]));
  const prepared = docs.map((d, i) => {
    const p = prepare(d, shingled[i]!, k, boilerplate);
    // the sorted distinct hashes are not needed once prepared: let them go while the next documents are prepared
    shingled[i] = undefined;
    d.shingles = undefined;
    return p;
  });
  return { prepared, boilerplate };
}

/**
 * One report against a collection (a report page outside any batch): compared with every other document
 * directly, no LSH, since there is one column of the matrix to fill. Boilerplate is what the whole collection
 * shares, as in a batch. Each pair names `doc` as `a`; sorted by the larger share.
 */
export function copiesOf(doc: CopyDoc, others: CopyDoc[], options: CopyDetectionOptions = {}): CopyPair[] {
  const o = { ...DEFAULTS, ...options } as Required<CopyDetectionOptions>;
  const [focus, ...rest] = prepareAll([doc, ...others], o).prepared;
  const pairs: Found[] = [];
  for (const other of rest) {
    const found = compare(focus, other, o);
    if (found) pairs.push(found);
  }
  pairs.sort((p, q) => order(p.pair, q.pair));
  return pairs.slice(0, o.maxPairs).map((found) => ({ ...found.pair, passages: found.passages() }));
}

/**
 * Pairs of batch reports with copied passages, and batch reports that copy an earlier report of their own
 * issuer. Sorted by the larger share, most copied first.
 */
export function detectCopies(docs: CopyDoc[], earlier: CopyDoc[] = [], options: CopyDetectionOptions = {}): CopyPair[] {
  const o = { ...DEFAULTS, ...options } as Required<CopyDetectionOptions>;
  const k = o.shingle;
  // document frequency counts the batch only: an issuer's own earlier reports must not hide its copying
  const { prepared, boilerplate } = prepareAll(docs, o);
  const pairs: Found[] = [];

  // LSH: documents that agree on all rows of some band are candidates; a band's buckets are keyed by its two
  // rows' values in nested maps (string keys were a tenth of copy detection), and voted on band by band
  const signatures = prepared.map((p) => minhash(p.set));
  const votes = new Map<number, number>();
  const n = prepared.length;
  for (let b = 0; b < BANDS; b++) {
    const buckets = new Map<number, Map<number, number[]>>();
    for (let d = 0; d < n; d++) {
      if (prepared[d].set.length === 0) continue;
      const sig = signatures[d];
      const first = sig[b * ROWS_PER_BAND];
      const second = sig[b * ROWS_PER_BAND + 1];
      let inner = buckets.get(first);
      if (!inner) buckets.set(first, (inner = new Map()));
      let list = inner.get(second);
      if (!list) inner.set(second, (list = []));
      list.push(d);
    }
    for (const inner of buckets.values()) {
      for (const list of inner.values()) {
        if (list.length < 2 || list.length > MAX_BUCKET) continue;
        for (let x = 0; x < list.length; x++) {
          for (let y = x + 1; y < list.length; y++) {
            const key = list[x] * n + list[y];
            votes.set(key, (votes.get(key) ?? 0) + 1);
          }
        }
      }
    }
  }
  // most-agreeing candidates first, a bounded number per document, so near-identical clusters stay tractable
  const perDoc = new Uint32Array(n);
  for (const key of candidatesByVotes(votes, n)) {
    const x = Math.floor(key / n);
    const y = key % n;
    if (perDoc[x] >= MAX_CANDIDATES_PER_DOC || perDoc[y] >= MAX_CANDIDATES_PER_DOC) continue;
    perDoc[x]++;
    perDoc[y]++;
    const pair = compare(prepared[x], prepared[y], o);
    if (pair) pairs.push(pair);
  }

  // an issuer's earlier reports are few: compare them directly with that issuer's batch reports
  if (earlier.length) {
    const byIssuer = new Map<string, Prepared[]>();
    for (const e of earlier) {
      if (!e.issuer) continue;
      const list = byIssuer.get(e.issuer) ?? [];
      list.push(prepare(e, shinglesOf(e, k), k, boilerplate));
      byIssuer.set(e.issuer, list);
    }
    for (const p of prepared) {
      for (const e of (p.doc.issuer && byIssuer.get(p.doc.issuer)) || []) {
        const found = compare(p, e, o);
        if (found) pairs.push({ ...found, pair: { ...found.pair, earlier: true } });
      }
    }
  }

  pairs.sort((p, q) => order(p.pair, q.pair));
  return pairs.slice(0, o.maxPairs).map((found) => ({ ...found.pair, passages: found.passages() }));
}

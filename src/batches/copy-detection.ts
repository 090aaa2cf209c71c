/**
 * Near-duplicate passages between reports: character shingles over the Chinese text, MinHash + LSH banding to
 * find candidate pairs without comparing every pair (a season can bring thousands of reports), then an exact
 * shingle overlap on the candidates to measure how much was copied and quote the passages.
 *
 * Pure: no Nest, no I/O. Text in is the normalised text (simplified, folded); quotes come from `original`
 * through `toOriginal` when given, so a reviewer reads them in the script the agency wrote.
 */
import { candidatePairs } from './copy-candidates';
import { measurePair, measurePairs, passagesOf, type Comparable, type Prepared } from './copy-compare';
import { clean, copyShingles, hasSorted, SHINGLE, shingleHashes, uniqueSorted, type CopyShingles } from './copy-shingles';
import { independentSets } from './near-duplicates';

export { copyShingles, type CopyShingles } from './copy-shingles';

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
  shingle: SHINGLE,
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

/**
 * Where a prepared document's arrays live: in this thread's memory, or in shared memory that comparing threads
 * read without a copy (a season of them is hundreds of megabytes).
 */
export interface ArrayMaker {
  u32(length: number): Uint32Array;
  i32(length: number): Int32Array;
}

const LOCAL: ArrayMaker = { u32: (n) => new Uint32Array(n), i32: (n) => new Int32Array(n) };
export const SHARED: ArrayMaker = {
  u32: (n) => new Uint32Array(new SharedArrayBuffer(n * 4)),
  i32: (n) => new Int32Array(new SharedArrayBuffer(n * 4)),
};

/** `boilerplate`: sorted distinct hashes that never count (standard formulae, shingles most of the batch shares). */
function prepare(doc: CopyDoc, s: CopyShingles, k: number, boilerplate: Uint32Array, make: ArrayMaker = LOCAL): Prepared {
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
  const set = make.u32(kept);
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
  const keptLive = make.i32(nLive);
  const keptRank = make.i32(nLive);
  keptLive.set(live.subarray(0, nLive));
  keptRank.set(liveRank.subarray(0, nLive));
  return { doc, set, countable, live: keptLive, liveRank: keptRank };
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

/** A pair that copies, with its passages quoted only when asked: most pairs found never make the reported few. */
interface Found {
  pair: CopyPair;
  passages: () => CopyPassage[];
}

type Options = Required<CopyDetectionOptions>;

/** The pair as found, from the characters each side copied (measurePair); null when it is not copying. */
function judge(a: Prepared, b: Prepared, copiedA: number, copiedB: number, o: Options): Found | null {
  if (copiedA === 0) return null;
  const shareA = a.countable ? Math.min(1, copiedA / a.countable) : 0;
  const shareB = b.countable ? Math.min(1, copiedB / b.countable) : 0;
  if (Math.max(shareA, shareB) < o.minShare || Math.max(copiedA, copiedB) < o.minCopiedChars) return null;
  return { pair: { a: a.doc.id, b: b.doc.id, shareA: round3(shareA), shareB: round3(shareB), copiedChars: copiedA, passages: [] }, passages: () => passagesOf(a, b, o) };
}

const one = new Int32Array(2);

function compare(a: Prepared, b: Prepared, o: Options): Found | null {
  measurePair(a, b, o.shingle, o.minPassageChars, one, 0);
  return judge(a, b, one[0], one[1], o);
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Most copied first; ties by ids, so the order is the same on every run. */
const order = (p: CopyPair, q: CopyPair) => Math.max(q.shareA, q.shareB) - Math.max(p.shareA, p.shareB) || (p.a < q.a ? -1 : p.a > q.a ? 1 : p.b < q.b ? -1 : p.b > q.b ? 1 : 0);

/** The first maxPairs, most copied first, quoted. */
function reported(found: Found[], o: Options): CopyPair[] {
  found.sort((p, q) => order(p.pair, q.pair));
  return found.slice(0, o.maxPairs).map((f) => ({ ...f.pair, passages: f.passages() }));
}

/** Shingles every document once, marks the standard formulae and what most independent ones share as boilerplate. */
function prepareAll(docs: CopyDoc[], o: Options, make: ArrayMaker = LOCAL): { prepared: Prepared[]; boilerplate: Uint32Array } {
  const k = o.shingle;
  const shingled: Array<CopyShingles | undefined> = docs.map((d) => shinglesOf(d, k));
  // near copies of one text count once: what many independent reports share is boilerplate, what copies share is not
  const independent = independentSets(shingled.map((s) => s!.unique));
  const minDocs = o.boilerplateMinDocs ?? Math.max(3, Math.ceil(0.3 * independent.length));
  const frequent = independent.length >= minDocs ? frequentShingles(independent, minDocs) : new Uint32Array(0);
  const boilerplate = uniqueSorted(Uint32Array.from([...formulaShingles(k), ...frequent]));
  const prepared = docs.map((d, i) => {
    const p = prepare(d, shingled[i]!, k, boilerplate, make);
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
  const o = { ...DEFAULTS, ...options } as Options;
  const [focus, ...rest] = prepareAll([doc, ...others], o).prepared;
  const found: Found[] = [];
  for (const other of rest) {
    const f = compare(focus, other, o);
    if (f) found.push(f);
  }
  return reported(found, o);
}

/**
 * Measures candidate pairs (measurePairs' contract: document indices in, two copied-character counts a pair out),
 * on this thread or on others; detectCopiesWith gives it documents prepared in shared memory.
 */
export type PairMeasure = (docs: readonly Comparable[], pairs: Int32Array, shingle: number, minPassageChars: number) => Promise<Int32Array>;

/**
 * Pairs of batch reports with copied passages, and batch reports that copy an earlier report of their own
 * issuer. Sorted by the larger share, most copied first.
 */
export function detectCopies(docs: CopyDoc[], earlier: CopyDoc[] = [], options: CopyDetectionOptions = {}): CopyPair[] {
  const o = { ...DEFAULTS, ...options } as Options;
  const { prepared, boilerplate } = prepareAll(docs, o);
  const pairs = candidatePairs(prepared);
  return finish(prepared, pairs, measurePairs(prepared, pairs, o.shingle, o.minPassageChars), earlierPairs(prepared, earlier, boilerplate, o), o);
}

/**
 * detectCopies with the candidate pairs measured by `measure` (a batch's idle scoring threads): the same pairs,
 * shares and passages. The documents are prepared in shared memory for it.
 */
export async function detectCopiesWith(measure: PairMeasure, docs: CopyDoc[], earlier: CopyDoc[] = [], options: CopyDetectionOptions = {}): Promise<CopyPair[]> {
  const o = { ...DEFAULTS, ...options } as Options;
  const { prepared, boilerplate } = prepareAll(docs, o, SHARED);
  const pairs = candidatePairs(prepared);
  return finish(prepared, pairs, await measure(prepared, pairs, o.shingle, o.minPassageChars), earlierPairs(prepared, earlier, boilerplate, o), o);
}

function finish(prepared: Prepared[], pairs: Int32Array, measured: Int32Array, earlier: Found[], o: Options): CopyPair[] {
  const found: Found[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const f = judge(prepared[pairs[i]], prepared[pairs[i + 1]], measured[i], measured[i + 1], o);
    if (f) found.push(f);
  }
  return reported([...found, ...earlier], o);
}

/** An issuer's earlier reports are few: compared directly with that issuer's batch reports. */
function earlierPairs(prepared: Prepared[], earlier: CopyDoc[], boilerplate: Uint32Array, o: Options): Found[] {
  if (!earlier.length) return [];
  const k = o.shingle;
  const byIssuer = new Map<string, Prepared[]>();
  for (const e of earlier) {
    if (!e.issuer) continue;
    const list = byIssuer.get(e.issuer) ?? [];
    list.push(prepare(e, shinglesOf(e, k), k, boilerplate));
    byIssuer.set(e.issuer, list);
  }
  const found: Found[] = [];
  for (const p of prepared) {
    for (const e of (p.doc.issuer && byIssuer.get(p.doc.issuer)) || []) {
      const f = compare(p, e, o);
      if (f) found.push({ ...f, pair: { ...f.pair, earlier: true } });
    }
  }
  return found;
}

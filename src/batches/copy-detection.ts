/**
 * Near-duplicate passages between reports: character shingles over the Chinese text, MinHash + LSH banding to
 * find candidate pairs without comparing every pair (a season can bring thousands of reports), then an exact
 * shingle overlap on the candidates to measure how much was copied and quote the passages.
 *
 * Pure: no Nest, no I/O. Text in is the normalised text (simplified, folded); quotes come from `original`
 * through `toOriginal` when given, so a reviewer reads them in the script the agency wrote.
 */
import { candidatePairs } from './copy-candidates';
import type { CopyDoc, CopyPassage } from './copy-types';
import { measurePair, measurePairs, passagesOf, type Comparable, type Prepared } from './copy-compare';
import { frequentShingles, LOCAL, prepare, SHARED, type ArrayMaker } from './copy-prepare';
import { clean, copyShingles, SHINGLE, shingleHashes, uniqueSorted, type CopyShingles } from './copy-shingles';
import { independentSets } from './near-duplicates';

export { copyShingles, type CopyShingles } from './copy-shingles';
export type { CopyDoc, CopyPassage } from './copy-types';

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
 * A pair that copies, with its passages quoted only when asked: most pairs found never make the reported few. The
 * quotes are cut from each document's `original` as it is when asked (findCopies), else from its text.
 */
export interface Found {
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

/**
 * The first `limit` pairs found in `order` — what sorting every pair found (stably) and keeping the first `limit`
 * gives — holding at most twice that many at once: a 1,000-report batch of near-copies finds 38,000 pairs to
 * report 500. Sorting stably and cutting to `limit` whenever twice that is reached keeps equal pairs in the order
 * they were found, as one sort would.
 */
class BestPairs {
  private found: Found[] = [];

  constructor(private readonly limit: number) {}

  push(found: Found | null): void {
    if (!found) return;
    this.found.push(found);
    if (this.found.length >= 2 * Math.max(this.limit, 1)) this.cut();
  }

  /** The best, most copied first, not yet quoted. */
  best(): Found[] {
    this.cut();
    return this.found;
  }

  private cut(): void {
    this.found.sort((p, q) => order(p.pair, q.pair));
    this.found.length = Math.min(this.found.length, this.limit);
  }
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
    // the shingles are copy detection's from here on (CopyDoc.shingles): their ranks become the prepared ones in place
    const p = prepare(d, shingled[i]!, k, boilerplate, make, true);
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
  const best = new BestPairs(o.maxPairs);
  for (const other of rest) best.push(compare(focus, other, o));
  return quoteCopies(best.best());
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
  return quoteCopies(findCopies(docs, earlier, options));
}

/** The pairs found, their passages quoted from each document's `original` as it is now. */
export function quoteCopies(found: Found[]): CopyPair[] {
  return found.map((f) => ({ ...f.pair, passages: f.passages() }));
}

/**
 * detectCopies's pairs, not yet quoted: a caller that gave the documents without `original` reads the originals of
 * the few documents the pairs name, sets them, then quotes (quoteCopies). A batch holding a season of originals
 * beside copy detection's own arrays needs them for no more than those quotes.
 */
export function findCopies(docs: CopyDoc[], earlier: CopyDoc[] = [], options: CopyDetectionOptions = {}): Found[] {
  const plan = planCopies(docs, earlier, options, LOCAL);
  return plan.finish(measurePairs(plan.prepared, plan.pairs, plan.o.shingle, plan.o.minPassageChars));
}

/**
 * Where findCopiesWith's `measure` reads the documents: `shared` memory when it hands them to other threads (a
 * batch's scoring threads), `local` when it measures on this one (measureYielding), where the shingles' own rank
 * arrays then become the prepared ones in place instead of being copied.
 */
export type PairMemory = 'shared' | 'local';

/**
 * detectCopies with the candidate pairs measured by `measure` (a batch's idle scoring threads, or measureYielding
 * on a worker's event loop): the same pairs, shares and passages.
 */
export async function detectCopiesWith(measure: PairMeasure, docs: CopyDoc[], earlier: CopyDoc[] = [], options: CopyDetectionOptions = {}, memory: PairMemory = 'shared'): Promise<CopyPair[]> {
  return quoteCopies(await findCopiesWith(measure, docs, earlier, options, memory));
}

/** findCopies with the candidate pairs measured by `measure` (detectCopiesWith). */
export async function findCopiesWith(measure: PairMeasure, docs: CopyDoc[], earlier: CopyDoc[] = [], options: CopyDetectionOptions = {}, memory: PairMemory = 'shared'): Promise<Found[]> {
  const plan = planCopies(docs, earlier, options, memory === 'shared' ? SHARED : LOCAL);
  return plan.finish(await measure(plan.prepared, plan.pairs, plan.o.shingle, plan.o.minPassageChars));
}

/** The documents prepared and their candidate pairs chosen; `finish` takes the pairs' measures (measurePairs' shape). */
function planCopies(docs: CopyDoc[], earlier: CopyDoc[], options: CopyDetectionOptions, make: ArrayMaker): { o: Options; prepared: Prepared[]; pairs: Int32Array; finish: (measured: Int32Array) => Found[] } {
  const o = { ...DEFAULTS, ...options } as Options;
  const { prepared, boilerplate } = prepareAll(docs, o, make);
  const pairs = candidatePairs(prepared);
  return { o, prepared, pairs, finish: (measured) => finish(prepared, pairs, measured, earlierPairs(prepared, earlier, boilerplate, o), o) };
}

/** Candidate pairs measured a part at a time. */
const PAIRS_PER_TURN = 1000;

/**
 * measurePairs in parts of PAIRS_PER_TURN pairs, giving the event loop a turn between two (setImmediate): a worker
 * finalising a batch of a few thousand reports measured for seconds at a stretch, while the locks of the other
 * jobs it held waited for the same loop to renew them.
 */
export const measureYielding: PairMeasure = async (docs, pairs, shingle, minPassageChars) => {
  const out = new Int32Array(pairs.length);
  for (let from = 0; from < pairs.length; from += 2 * PAIRS_PER_TURN) {
    out.set(measurePairs(docs, pairs.subarray(from, from + 2 * PAIRS_PER_TURN), shingle, minPassageChars), from);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return out;
};

function finish(prepared: Prepared[], pairs: Int32Array, measured: Int32Array, earlier: Found[], o: Options): Found[] {
  const best = new BestPairs(o.maxPairs);
  for (let i = 0; i < pairs.length; i += 2) best.push(judge(prepared[pairs[i]], prepared[pairs[i + 1]], measured[i], measured[i + 1], o));
  for (const f of earlier) best.push(f);
  return best.best();
}

/** An issuer's earlier reports are few: compared directly with that issuer's batch reports. */
function earlierPairs(prepared: Prepared[], earlier: CopyDoc[], boilerplate: Uint32Array, o: Options): Found[] {
  if (!earlier.length) return [];
  const k = o.shingle;
  const byIssuer = new Map<string, Prepared[]>();
  for (const e of earlier) {
    if (!e.issuer) continue;
    const list = byIssuer.get(e.issuer) ?? [];
    list.push(prepare(e, shinglesOf(e, k), k, boilerplate, LOCAL, !e.shingles));
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

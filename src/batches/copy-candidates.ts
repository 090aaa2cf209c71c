/**
 * Candidate pairs for copy detection: MinHash + LSH banding, so that a season of thousands of reports is not
 * compared pair by pair. Documents that agree on every row of some band are candidates.
 */
import type { Comparable } from './copy-compare';
import { minhash, NUM_HASHES } from './minhash';

/** two: the banding below keys a bucket by exactly two rows */
const ROWS_PER_BAND = 2;
const BANDS = NUM_HASHES / ROWS_PER_BAND;
const MAX_BUCKET = 200;
const MAX_CANDIDATES_PER_DOC = 100;

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

/**
 * The pairs to compare, as document indices (two a pair, the lower index first): the most-agreeing candidates
 * first, a bounded number per document, so near-identical clusters stay tractable. Which pairs are chosen does not
 * depend on how any comparison turns out, so they can be compared anywhere, in any order.
 */
export function candidatePairs(docs: readonly Comparable[]): Int32Array {
  // a band's buckets are keyed by its two rows' values in nested maps (string keys were a tenth of copy
  // detection), and voted on band by band
  const signatures = docs.map((p) => minhash(p.set));
  const votes = new Map<number, number>();
  const n = docs.length;
  for (let b = 0; b < BANDS; b++) {
    const buckets = new Map<number, Map<number, number[]>>();
    for (let d = 0; d < n; d++) {
      if (docs[d].set.length === 0) continue;
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
  const perDoc = new Uint32Array(n);
  const pairs: number[] = [];
  for (const key of candidatesByVotes(votes, n)) {
    const x = Math.floor(key / n);
    const y = key % n;
    if (perDoc[x] >= MAX_CANDIDATES_PER_DOC || perDoc[y] >= MAX_CANDIDATES_PER_DOC) continue;
    perDoc[x]++;
    perDoc[y]++;
    pairs.push(x, y);
  }
  return Int32Array.from(pairs);
}

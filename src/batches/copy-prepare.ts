/**
 * A document made ready for comparison against the batch's boilerplate, and finding that boilerplate: the
 * shingles that many independent reports of the batch share.
 */
import type { CopyDoc } from './copy-types';
import type { Prepared } from './copy-compare';
import { hasSorted, type CopyShingles } from './copy-shingles';

/**
 * Where a prepared document's arrays live: in this thread's memory, or in shared memory that comparing threads
 * read without a copy (a season of them is hundreds of megabytes).
 */
export interface ArrayMaker {
  u32(length: number): Uint32Array;
  i32(length: number): Int32Array;
}

export const LOCAL: ArrayMaker = { u32: (n) => new Uint32Array(n), i32: (n) => new Int32Array(n) };
export const SHARED: ArrayMaker = {
  u32: (n) => new Uint32Array(new SharedArrayBuffer(n * 4)),
  i32: (n) => new Int32Array(new SharedArrayBuffer(n * 4)),
};

// Scratch for prepare: each distinct hash's index among the kept ones (grown, never shrunk; see copy-shingles).
let keptScratch = new Int32Array(0);

/**
 * `boilerplate`: sorted distinct hashes that never count (standard formulae, shingles most of the batch shares).
 * `owned`: the shingles were made for this call alone, so their sorted hashes and per-position ranks become the
 * prepared document's in place (a season of them is 8 bytes a character that need not be had twice).
 */
export function prepare(doc: CopyDoc, s: CopyShingles, k: number, boilerplate: Uint32Array, make: ArrayMaker = LOCAL, owned = false): Prepared {
  const { length, unique, rank } = s;
  const nu = unique.length;
  // index in `set` of each distinct hash, -1 when excluded; hash 0 is the "excluded" mark itself, so a real hash
  // of 0 (vanishingly rare) is merely dropped
  if (keptScratch.length < nu) keptScratch = new Int32Array(nu);
  const keptIndex = keptScratch;
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
  // kept hashes keep their order and keptIndex[u] <= u: owned, they are moved down within `unique` itself
  const inPlace = owned && make === LOCAL;
  const set = inPlace ? unique.subarray(0, kept) : make.u32(kept);
  for (let u = 0; u < nu; u++) if (keptIndex[u] >= 0) set[keptIndex[u]] = unique[u];

  // positions ascend, so the characters their kept shingles cover are counted as a union of intervals
  let countable = 0;
  let coveredTo = 0;
  const rankAt = inPlace ? rank : make.i32(rank.length);
  for (let i = 0; i < rank.length; i++) {
    const r = keptIndex[rank[i]];
    rankAt[i] = r;
    if (r >= 0) {
      const end = Math.min(i + k, length);
      countable += end - Math.max(i, coveredTo);
      coveredTo = end;
    }
  }
  return { doc, set, countable, rankAt };
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
export function frequentShingles(sets: Uint32Array[], minDocs: number): Uint32Array {
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

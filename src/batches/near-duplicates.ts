/**
 * Reports that are near copies of one another, found before the batch's boilerplate is known. Boilerplate is what
 * many *independent* reports share: six townships sending the same report, names changed, are one text six times,
 * and counting it six times made the copied text itself "what most of the batch shares" — so it was never flagged.
 *
 * The MinHash signatures copy detection uses (./minhash), LSH bands to find candidates, and
 * the exact Jaccard similarity of the two sets to decide; each candidate is checked against its bucket's first
 * report only, so a batch of copies costs one check per report and band, not one per pair.
 */
import { minhash, NUM_HASHES } from './minhash';

const ROWS = 4; // signature bins per band: 16 bands
/** Shingle sets this similar are one text (a copy with names, dates and a few sentences changed). */
export const NEAR_DUPLICATE_JACCARD = 0.8;

/** |a ∩ b| / |a ∪ b| of two sorted distinct arrays. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (!a.length && !b.length) return 1;
  let common = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] < b[j]) i++;
    else if (a[i] > b[j]) j++;
    else {
      common++;
      i++;
      j++;
    }
  }
  return common / (a.length + b.length - common);
}

/**
 * For each set, the index of the first set of its group of near copies (itself when it has none): sets whose
 * Jaccard similarity is at least `minJaccard` are grouped, transitively.
 */
export function nearDuplicateGroups(sets: Uint32Array[], minJaccard = NEAR_DUPLICATE_JACCARD): Int32Array {
  const parent = Int32Array.from(sets, (_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const buckets = Array.from({ length: NUM_HASHES / ROWS }, () => new Map<string, number>());
  sets.forEach((set, i) => {
    if (!set.length) return;
    const sig = minhash(set);
    for (let band = 0; band < buckets.length; band++) {
      const key = sig.subarray(band * ROWS, band * ROWS + ROWS).join(',');
      const first = buckets[band].get(key);
      if (first === undefined) {
        buckets[band].set(key, i);
        continue;
      }
      const [a, b] = [root(first), root(i)];
      // the smaller index is the group's root: a group's first set is the one independentSets keeps
      if (a !== b && jaccard(sets[first], set) >= minJaccard) parent[Math.max(a, b)] = Math.min(a, b);
    }
  });
  return Int32Array.from(sets, (_, i) => root(i));
}

/** One set per group of near copies (the group's first), in the order of the input. */
export function independentSets(sets: Uint32Array[], minJaccard = NEAR_DUPLICATE_JACCARD): Uint32Array[] {
  const groups = nearDuplicateGroups(sets, minJaccard);
  return sets.filter((_, i) => groups[i] === i);
}

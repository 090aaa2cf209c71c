/**
 * MinHash signatures of sorted distinct shingle hashes: copy detection's LSH and the near-duplicate grouping
 * that precedes it both band these.
 */

/** Bins of a signature. */
export const NUM_HASHES = 64;

/** murmur3's finaliser: a cheap, well-mixed 32-bit hash. */
function fmix(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

const BIN_SHIFT = 32 - Math.log2(NUM_HASHES);
const OPH_SEED = 0x9e3779b9;

/**
 * One-permutation MinHash: each shingle is hashed once, the hash's top bits choose one of NUM_HASHES bins and each
 * bin keeps its smallest hash. Two sets agree on a bin with probability about their Jaccard similarity, as with
 * NUM_HASHES independent hash functions, for one hash per shingle instead of NUM_HASHES (the classic form was
 * half of copy detection's time). A bin no shingle fell into (short texts) takes the value of the next filled bin
 * to its right, re-hashed with the distance ("rotation" densification), so empty bins never make unrelated short
 * texts agree.
 */
export function minhash(set: Uint32Array): Uint32Array {
  const sig = new Uint32Array(NUM_HASHES).fill(0xffffffff);
  const filled = new Uint8Array(NUM_HASHES);
  for (let j = 0; j < set.length; j++) {
    const h = fmix(set[j] ^ OPH_SEED);
    const bin = h >>> BIN_SHIFT;
    filled[bin] = 1;
    if (h < sig[bin]) sig[bin] = h;
  }
  if (set.length === 0) return sig;
  for (let i = 0; i < NUM_HASHES; i++) {
    if (filled[i]) continue;
    let distance = 1;
    while (!filled[(i + distance) % NUM_HASHES]) distance++;
    sig[i] = fmix(sig[(i + distance) % NUM_HASHES] ^ Math.imul(distance, 0x85ebca6b));
  }
  return sig;
}

import { independentSets, jaccard, nearDuplicateGroups } from './near-duplicates';

let seed = 3;
const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
const sorted = (values: Iterable<number>) => Uint32Array.from(new Set(values)).sort();
const randomSet = (n: number) => sorted(Array.from({ length: n }, rand));
/** `base` with `changed` of its values replaced by new ones. */
const edited = (base: Uint32Array, changed: number) => sorted([...base.subarray(changed), ...randomSet(changed)]);

describe('near duplicates', () => {
  it('jaccard of sorted sets', () => {
    expect(jaccard(Uint32Array.of(1, 2, 3, 4), Uint32Array.of(3, 4, 5, 6))).toBeCloseTo(2 / 6);
    expect(jaccard(Uint32Array.of(1, 2), Uint32Array.of(1, 2))).toBe(1);
    expect(jaccard(Uint32Array.of(1), Uint32Array.of(2))).toBe(0);
  });

  it('groups copies with a few changes under their first, and leaves independent sets alone', () => {
    const original = randomSet(3000);
    const other = randomSet(3000);
    // 2 % and 5 % changed: Jaccard about 0.96 and 0.90; a third set shares 40 % with the original: about 0.25
    const sets = [other, original, edited(original, 60), sorted([...original.subarray(0, 1200), ...randomSet(1800)]), edited(original, 150)];
    expect([...nearDuplicateGroups(sets)]).toEqual([0, 1, 1, 3, 1]);
    expect(independentSets(sets)).toEqual([other, original, sets[3]]);
  });

  it('joins groups through a shared member, and an empty set joins nothing', () => {
    const a = randomSet(2000);
    const b = edited(a, 100);
    const c = edited(b, 100);
    expect([...nearDuplicateGroups([new Uint32Array(0), c, a, b, new Uint32Array(0)])]).toEqual([0, 1, 1, 1, 4]);
  });
});

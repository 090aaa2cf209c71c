import { prepareText } from '../../intake';
import { readReport, REPORTS } from '../../intake/test-fixtures';
import { loadRubricDirectory } from '../../rubric/rubric-loader';
import { score } from '../../scoring/engine';
import { applyOverrides, type ItemAdjustment } from './apply-overrides';

const rubric = loadRubricDirectory().current();
const card = score(prepareText(readReport(REPORTS[1])), rubric, 'county_government');
const adjust = (itemId: string, status: ItemAdjustment['status'], extra: Partial<ItemAdjustment> = {}): ItemAdjustment => ({
  id: `${itemId}-${status}`,
  kind: 'override',
  itemId,
  status,
  reason: '复核意见',
  actor: 'reviewer-key',
  at: '2025-03-01T00:00:00.000Z',
  ...extra,
});

describe('applyOverrides', () => {
  it('with no adjustments gives the engine’s own totals', () => {
    const adjusted = applyOverrides(card, [], rubric);
    expect(adjusted.total).toBe(card.total);
    expect(adjusted.parts).toEqual(card.parts);
    expect(adjusted.totalWithoutOverrides).toBe(card.total);
  });

  it('raising a missing item to met adds its full weight and drops its gap', () => {
    const missing = card.items.find((it) => it.status === 'missing' && it.max > 0)!;
    const adjusted = applyOverrides(card, [adjust(missing.id, 'met')], rubric);
    const sumMax = card.items.reduce((s, it) => s + it.max, 0);
    const sumScore = card.items.reduce((s, it) => s + it.score, 0) + missing.max;
    expect(adjusted.total).toBe(Math.round((1000 * sumScore) / sumMax) / 10);
    expect(adjusted.total).toBeGreaterThan(card.total);
    expect(adjusted.totalWithoutOverrides).toBe(card.total);
    const item = adjusted.items.find((it) => it.id === missing.id)!;
    expect(item).toMatchObject({ status: 'met', score: missing.max, max: missing.max, missing: [], adjusted: { from: 'missing', reason: '复核意见' } });
    expect(adjusted.gaps.some((g) => g.itemId === missing.id)).toBe(false);
    const part = adjusted.parts.find((p) => p.part === missing.part)!;
    expect(part.score).toBeCloseTo(card.parts.find((p) => p.part === missing.part)!.score + missing.max, 5);
  });

  it('lowering a met item to partial gives partial credit and a gap naming the reason', () => {
    const met = card.items.find((it) => it.status === 'met' && it.max > 0)!;
    const adjusted = applyOverrides(card, [adjust(met.id, 'partial', { reason: '数据不实' })], rubric);
    const item = adjusted.items.find((it) => it.id === met.id)!;
    expect(item.score).toBeCloseTo(met.max * rubric.partialCredit, 5);
    expect(adjusted.total).toBeLessThan(card.total);
    expect(adjusted.gaps.find((g) => g.itemId === met.id)!.message).toContain('数据不实');
  });

  it('not_applicable takes the item out of the denominator; the last adjustment of an item wins', () => {
    const missing = card.items.find((it) => it.status === 'missing' && it.max > 0)!;
    const adjusted = applyOverrides(card, [adjust(missing.id, 'met', { kind: 'waiver' }), adjust(missing.id, 'not_applicable')], rubric);
    const sumMax = card.items.reduce((s, it) => s + it.max, 0) - missing.max;
    const sumScore = card.items.reduce((s, it) => s + it.score, 0);
    expect(adjusted.total).toBe(Math.round((1000 * sumScore) / sumMax) / 10);
    expect(adjusted.items.find((it) => it.id === missing.id)).toMatchObject({ status: 'not_applicable', max: 0, adjusted: { kind: 'override' } });
    expect(adjusted.adjustments).toHaveLength(1);
  });

  it('raises an item the profile excludes to met with the profile’s weight, and ignores unknown items', () => {
    const deptCard = score(prepareText(readReport(REPORTS[2])), rubric, 'department');
    const excluded = rubric.profiles.department.exclude[0];
    const adjusted = applyOverrides(deptCard, [adjust(excluded, 'met'), adjust('99.9', 'met')], rubric);
    const item = adjusted.items.find((it) => it.id === excluded)!;
    const weight = rubric.profiles.department.weights[excluded] ?? rubric.items.find((it) => it.id === excluded)!.weight;
    expect(item.max).toBe(weight);
    expect(adjusted.items).toHaveLength(deptCard.items.length);
  });
});

import { qinghe, rubric } from './spec-fixtures';
import { checkPair, yearOverYear, YearOverYearError } from './year-over-year';

describe('year over year (青禾县 2023 → 2024)', () => {
  const previous = qinghe(2023);
  const current = qinghe(2024);
  const c = yearOverYear(previous, current, rubric);

  it('names the issuer and both years, and gives the total and every part as deltas of the two cards', () => {
    expect(c.issuer).toBe('青禾县人民政府');
    expect([c.previous.year, c.current.year]).toEqual([2023, 2024]);
    expect(c.previous.total).toBe(previous.card.total);
    expect(c.current.total).toBe(current.card.total);
    expect(c.totalDelta).toBeCloseTo(current.card.total - previous.card.total, 5);
    expect(c.parts.map((p) => p.part)).toEqual(current.card.parts.map((p) => p.part));
    for (const p of c.parts) {
      const before = previous.card.parts.find((x) => x.part === p.part)!.score;
      const after = current.card.parts.find((x) => x.part === p.part)!.score;
      expect(p.delta).toBeCloseTo(after - before, 5);
    }
  });

  it('sorts the items into newly met, regressed and still not met by their two statuses', () => {
    const before = new Map(previous.card.items.map((it) => [it.id, it.status]));
    const rank = { missing: 0, partial: 1, met: 2 } as Record<string, number>;
    for (const ch of c.newlyMet) expect([before.get(ch.itemId), ch.to]).toEqual([ch.from, 'met']);
    for (const ch of c.regressed) expect(rank[ch.to]).toBeLessThan(rank[ch.from]);
    for (const ch of c.stillMissing) expect([ch.from, ch.to].includes('met')).toBe(false);
    const classified = [...c.newlyMet, ...c.regressed, ...c.stillMissing].map((ch) => ch.itemId);
    expect(new Set(classified).size).toBe(classified.length);
    // the 2024 report is the first to publish the catalogue of major decisions (4.2) and to report on 应诉 (7.4)
    expect(c.newlyMet.map((ch) => ch.itemId)).toEqual(expect.arrayContaining(['4.2']));
    // an item met both years is in none of the lists
    const metBoth = current.card.items.filter((it) => it.status === 'met' && before.get(it.id) === 'met').map((it) => it.id);
    expect(metBoth.length).toBeGreaterThan(0);
    for (const id of metBoth) expect(classified).not.toContain(id);
  });

  it('measures the text carried over: the 普法 paragraph was kept word for word', () => {
    expect(c.carriedOver.share).toBeGreaterThan(0.15);
    expect(c.carriedOver.share).toBeLessThan(0.9);
    expect(c.carriedOver.passages.some((p) => p.a.includes('谁执法谁普法'))).toBe(true);
    expect(c.carriedOver.passages.every((p) => current.prepared.original.includes(p.a))).toBe(true);
  });

  it("checks last year's five plan items against this year's work: four done, the inspection filing still missing", () => {
    expect(c.planFulfilment.planned).toBe(5);
    expect(c.planFulfilment.silent).toHaveLength(1);
    expect(c.planFulfilment.silent[0]).toContain('涉企行政检查备案公示制度');
    expect(c.planFulfilment.done.map((d) => d.item).join()).toContain('重大行政决策事项目录');
  });

  it('refuses two issuers and years in the wrong order, with a code and a Chinese message', () => {
    const other = { ...current.card, report: { ...current.card.report, issuer: '白河县人民政府' } };
    expect(() => checkPair(previous.card, other)).toThrow(YearOverYearError);
    expect(() => checkPair(previous.card, other)).toThrow(/报告单位不同/);
    expect(() => checkPair(current.card, previous.card)).toThrow(expect.objectContaining({ code: 'YEAR_ORDER' }));
  });
});

import { readDocx } from '../../test/support/docx';
import { partLabel } from '../batches/batch-report';
import { applyOverrides, STATUS_LABEL } from '../batches/overrides/apply-overrides';
import { buildFeedbackLetter, gapsInPriorityOrder, letterTitle } from './feedback-letter';
import { qinghe, rubric } from './spec-fixtures';
import { score1 } from './wording';
import { yearOverYear } from './year-over-year';

describe('feedback letter', () => {
  const previous = qinghe(2023);
  const current = qinghe(2024);
  const missing = current.card.items.find((it) => it.status === 'missing' && it.max > 0)!;
  const card = applyOverrides(current.card, [{ id: 'o1', kind: 'override', itemId: missing.id, status: 'met', reason: '补充材料显示已制定相关制度', actor: 'reviewer', at: '2025-04-01T00:00:00Z' }], rubric);
  const comparison = yearOverYear(previous, { prepared: current.prepared, card }, rubric);
  const date = new Date('2025-04-02T03:00:00Z');
  let letter: Awaited<ReturnType<typeof readDocx>>;

  beforeAll(async () => {
    letter = await readDocx(await buildFeedbackLetter({ card, rubric, comparison, date, from: '青禾市司法局' }));
  });

  it('is an A4 official document: 小标宋 title, 仿宋 body at 三号, tables at 四号, page numbers "— 1 —"', () => {
    expect(letter.paragraphs[0]).toBe(letterTitle(card));
    expect(letter.paragraphs[0]).toBe('关于青禾县人民政府2024年度法治政府建设年度报告的评估反馈意见');
    expect(letter.documentXml).toContain('w:eastAsia="方正小标宋简体"');
    expect(letter.documentXml).toContain('w:eastAsia="仿宋_GB2312"');
    expect(letter.documentXml).toMatch(/<w:sz w:val="32"\/>/);
    expect(letter.documentXml).toMatch(/<w:sz w:val="28"\/>/);
    expect(letter.documentXml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(letter.footerXml).toContain('— ');
    expect(letter.footerXml).toMatch(/PAGE/);
    expect(letter.footerXml).toContain(' —');
  });

  it('names the issuer, year, rubric and version, the total and grade and what the bands mean', () => {
    expect(letter.text).toContain('报告单位：青禾县人民政府；报告年度：2024年度');
    expect(letter.text).toContain(`${rubric.id}@${rubric.version}`);
    expect(letter.text).toContain(`评估总分${score1(card.total)}分，等次为“${card.grade}”`);
    for (const band of rubric.grades) expect(letter.text).toContain(`${band.grade}（`);
    expect(letter.text).toContain('优秀（80分及以上）');
    expect(letter.text).toContain(`调整前机器评估总分为${score1(current.card.total)}分`);
  });

  it('has a table of parts whose numbers are the card’s', () => {
    const at = letter.paragraphs.indexOf('二、各部分得分');
    expect(at).toBeGreaterThan(0);
    const cells = letter.paragraphs.slice(at + 1);
    for (const p of card.parts) {
      expect(cells).toContain(partLabel(p.part, p.title));
      const i = cells.indexOf(partLabel(p.part, p.title));
      expect(cells.slice(i + 1, i + 3)).toEqual([score1(p.score), score1(p.max)]);
    }
  });

  it('lists every gap in priority order with the outline clause, what was found and what to add', () => {
    const gaps = gapsInPriorityOrder(card.gaps);
    expect(gaps.length).toBeGreaterThan(3);
    const headings = gaps.map((g) => letter.paragraphs.findIndex((p) => new RegExp(`^（[一二三四五六七八九十]+）${g.itemId.replace('.', '\\.')} `).test(p)));
    expect(headings.every((i) => i > 0)).toBe(true);
    expect([...headings].sort((a, b) => a - b)).toEqual(headings);
    for (const [n, g] of gaps.entries()) {
      const block = letter.paragraphs.slice(headings[n], headings[n + 1] ?? undefined).join('\n');
      expect(block).toContain(`纲要依据：${g.outlineRef}`);
      expect(block).toContain(`建议补充：${g.message}`);
      // what the report has: its first quote, or that it mentions the item only as a plan or problem, or nothing
      const item = card.items.find((it) => it.id === g.itemId)!;
      const has = block.split('\n').find((p) => p.startsWith('报告现有内容：'));
      if (item.evidence.length) expect(has).toContain(item.evidence[0].quote.replace(/\s+/g, '').slice(0, 30));
      else expect(has).toBe(item.plannedOnly ? '报告现有内容：仅在下一年度工作计划或存在问题部分提及。' : '报告现有内容：报告中未找到相关内容。');
    }
    // the overridden item is no gap any more
    expect(gaps.some((g) => g.itemId === missing.id)).toBe(false);
  });

  it('names the overridden item with the reason, then last year’s comparison, the sender and the date', () => {
    const adjusted = letter.paragraphs.find((p) => p.startsWith(`${missing.id} `) && p.includes('理由'));
    expect(adjusted).toBe(`${missing.id} ${missing.title}：由“${STATUS_LABEL.missing}”调整为“${STATUS_LABEL.met}”（复核），理由：补充材料显示已制定相关制度。`);
    expect(letter.text).toContain('四、复核调整事项');
    expect(letter.text).toContain('五、与上年度报告对比');
    expect(letter.text).toContain(`总分由${score1(comparison.previous.total)}分（${comparison.previous.grade}）变为${score1(card.total)}分`);
    expect(letter.text).toContain('上年度报告列出5项工作计划，本年度报告反映已落实4项（80%）');
    expect(letter.text).toContain('涉企行政检查备案公示制度');
    expect(letter.paragraphs.slice(-2)).toEqual(['青禾市司法局', '2025年4月2日']);
  });

  it('leaves out the adjustments and the comparison when there are none', async () => {
    const plain = await readDocx(await buildFeedbackLetter({ card: previous.card, rubric, date }));
    expect(plain.text).not.toContain('复核调整事项');
    expect(plain.text).not.toContain('与上年度报告对比');
    expect(plain.text).toContain('三、存在的差距和改进建议');
    expect(plain.paragraphs.at(-2)).toBe('法治政府建设年度报告评估组');
  });
});

import { readDocx } from '../../test/support/docx';
import { distribution, gapFrequency, ranking } from '../batches/batch-report';
import { gapBarsChart, histogramChart } from './charts';
import { buildSeasonReport, seasonReportTitle } from './season-report';
import { REPORTS } from '../intake/test-fixtures';
import { fixtureBatch, rubric } from './spec-fixtures';
import { score1 } from './wording';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('season report', () => {
  const { entries, copies } = fixtureBatch();
  const failed = [{ file: 'broken.pdf', error: 'not a PDF' }];
  let doc: Awaited<ReturnType<typeof readDocx>>;

  beforeAll(async () => {
    doc = await readDocx(await buildSeasonReport({ name: '2024年度青禾市', rubric, entries, failed, copies, date: new Date('2025-04-10T02:00:00Z') }));
  });

  it('has every section, in order', () => {
    expect(doc.paragraphs[0]).toBe(seasonReportTitle('2024年度青禾市'));
    const order = ['一、基本情况', '二、评估排名', '三、共性问题', '四、公开时限和报告要素', '五、疑似雷同内容', '六、上年度工作计划落实情况'].map((h) => doc.paragraphs.indexOf(h));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(doc.paragraphs.at(-1)).toBe('2025年4月10日');
  });

  it('gives count, mean, median and the grade distribution of the cards', () => {
    const d = distribution(entries, rubric);
    expect(doc.text).toContain(`本次共收到年度报告${entries.length + 1}份，完成评估${entries.length}份，1份无法读取或评估`);
    expect(doc.text).toContain(`平均分${score1(d.mean!)}分，中位数${score1(d.median!)}分，最高${score1(d.max!)}分，最低${score1(d.min!)}分`);
    const at = doc.paragraphs.indexOf('占比');
    for (const g of d.byGrade) {
      const i = doc.paragraphs.indexOf(g.grade, at);
      expect(doc.paragraphs.slice(i + 1, i + 3)).toEqual([`${g.min}分`, String(g.count)]);
    }
    expect(doc.text).toContain('区县政府');
    expect(doc.text).toContain('政府部门');
  });

  it('ranks every report with its total and grade', () => {
    const start = doc.paragraphs.indexOf('二、评估排名');
    const cells = doc.paragraphs.slice(start, doc.paragraphs.indexOf('三、共性问题'));
    const rows = ranking(entries, copies);
    let from = 0;
    for (const r of rows) {
      const name = r.issuer ?? r.file;
      const i = cells.indexOf(name, from);
      expect(i).toBeGreaterThan(0);
      expect(cells[i - 1]).toBe(String(r.rank));
      expect(cells.slice(i + 2, i + 5)).toEqual([score1(r.total), r.grade, String(r.gapCount)]);
      from = i;
    }
  });

  it('embeds the two charts as PNG images', () => {
    expect(doc.media).toHaveLength(2);
    for (const m of doc.media) expect(m.bytes.subarray(0, 8)).toEqual(PNG);
    expect(doc.text).toContain('图1 评估总分分布');
    expect(doc.text).toContain('图2 出现最多的差距项');
  });

  it('lists the most common problems with their counts', () => {
    const top = gapFrequency(entries).slice(0, 8);
    expect(top.length).toBeGreaterThan(0);
    for (const g of top) expect(doc.text).toContain(`${g.itemId} ${g.title}：${g.count}份报告`);
    expect(doc.text).toMatch(/典型表述：.+：“.+”/);
  });

  it('names the copied pair, late or incomplete reports, and the plan item not reported done', () => {
    // the batch's one copy is the office that took over the first fixture's report: found with that report only
    const withCopy = copies.filter((c) => [c.a, c.b].includes('copied')).map((c) => [c.a, c.b].sort());
    expect(withCopy).toEqual([['copied', REPORTS[0]].sort()]);
    expect(doc.paragraphs.filter((p) => /^（[一二三四五六七八九十]+）.+与.+/.test(p) && p.includes('青禾县农业农村局'))).toHaveLength(1);
    expect(doc.text).toMatch(/雷同段落：“.+”/);
    // every dated report was published before 1 April of the next year (001 has no date)
    expect(doc.paragraphs).toContain('（一）未按时公开：0份');
    expect(doc.paragraphs).toContain('未发现逾期公开的报告。');
    // the table of incomplete reports, as many rows as the heading counts; among them the three fixtures and the
    // copy of 000, whose problems come without causes (E2) and whose leaders' duty is a formula (E3 of 000 and 001)
    const at = doc.paragraphs.findIndex((p) => p.startsWith('（二）缺少法定要素：'));
    const cells = doc.paragraphs.slice(at + 3, doc.paragraphs.indexOf('五、疑似雷同内容'));
    const rows = Array.from({ length: cells.length / 2 }, (_, i) => [cells[2 * i], cells[2 * i + 1]]);
    expect(doc.paragraphs[at]).toBe(`（二）缺少法定要素：${rows.length}份`);
    const partial = (...ids: string[]) => ids.map((id) => `${id} ${rubric.items.find((it) => it.id === id)!.title}（部分达标）`).join('；');
    expect(rows).toEqual(
      expect.arrayContaining([
        ['广州市增城区司法局', partial('E2', 'E3')],
        ['江门市江海区', partial('E2', 'E3')],
        ['中山市司法局', partial('E2')],
        ['青禾县农业农村局', partial('E2', 'E3')],
      ]),
    );
    expect(doc.text).toContain('青禾县人民政府：1项未见落实');
    expect(doc.text).toContain('涉企行政检查备案公示制度');
  });

  it('draws charts for an empty batch too (no division by zero, no crash)', () => {
    const h = histogramChart(Array.from({ length: 10 }, (_, i) => ({ from: i * 10, to: i * 10 + 10, count: 0 })), '空');
    const g = gapBarsChart([], 0, '空');
    for (const c of [h, g]) expect(c.png.subarray(0, 8)).toEqual(PNG);
  });
});

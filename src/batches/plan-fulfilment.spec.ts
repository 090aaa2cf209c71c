import { prepareText } from '../intake';
import { readReport, REPORTS } from '../intake/test-fixtures';
import { loadRubricDirectory } from '../rubric/rubric-loader';
import { keyPhrases, planItems } from '../scoring/engine';
import { planFulfilment } from './plan-fulfilment';

const rubric = loadRubricDirectory().current();
const jianghai2022 = prepareText(readReport(REPORTS[1]));

/** A 2023 report of the same district that reports three of the 2022 plan's items done, in its own words. */
const jianghai2023 = prepareText(
  [
    '江门市江海区2023年法治政府建设年度报告',
    '一、主要举措和成效',
    '（一）严格依法决策。严格执行《重大行政决策程序暂行条例》，全年公布重大行政决策目录事项5项，全部履行法定程序。',
    '（二）调解工作。坚持和发展新时代“枫桥经验”，全区人民调解组织调解矛盾纠纷1200余宗，调解成功率98%。',
    '（三）应诉工作。全区行政机关负责人出庭应诉率达100%，出庭应诉制度全面落实。',
    '（四）其他工作。组织全区干部参加法治培训班3期。',
    '二、存在的问题',
    '基层执法力量仍然薄弱，原因是编制不足。',
    '三、2024年工作计划',
    '2024年，我区将继续加强法治政府建设，推进依法行政。',
  ].join('\n'),
);

describe('plan fulfilment', () => {
  it('splits the plan section of a report into items, leaving out the achievements', () => {
    const items = planItems(jianghai2022, rubric);
    // the plan part 三、2023年重点工作: its opening sentence and the sentences of its seven numbered tasks
    // (一 2, 二 2, 三 1, 四 2, 五 3, 六 1, 七 3), without the tasks' headings
    expect(items).toHaveLength(15);
    expect(items[0]).toMatch(/^2023年,区政府将坚持以习近平新时代中国特色社会主义思想为指导/);
    expect(items.some((item) => item.startsWith('深入学习宣传贯彻习近平法治思想'))).toBe(false);
    expect(items.some((item) => item.includes('重大行政决策程序暂行条例'))).toBe(true);
    expect(items.some((item) => item.includes('出庭应诉'))).toBe(true);
    // a sentence of the year's work is not a plan item
    expect(items.every((item) => !item.includes('并列第13位'))).toBe(true);
  });

  it('finds the planned items reported done, with the sentence as evidence, and lists the rest as silent', () => {
    const result = planFulfilment(jianghai2022, jianghai2023, rubric);
    expect(result.previousYear).toBe(2022);
    expect(result.planned).toBe(planItems(jianghai2022, rubric).length);
    const done = result.done.map((d) => d.item);
    expect(done.some((item) => item.includes('重大行政决策程序暂行条例'))).toBe(true);
    expect(done.some((item) => item.includes('枫桥经验'))).toBe(true);
    expect(done.some((item) => item.includes('出庭应诉'))).toBe(true);
    expect(result.silent.some((item) => item.includes('谁执法谁普法'))).toBe(true);
    expect(result.done.length + result.silent.length).toBe(result.planned);
    for (const d of result.done) expect(jianghai2023.original.slice(d.evidence.start, d.evidence.end)).toBe(d.evidence.quote);
    // this year's plan is not evidence of last year's plan being carried out
    expect(result.done.every((d) => !d.evidence.quote.includes('2024年'))).toBe(true);
  });

  it('does not count generic words as shared phrases', () => {
    expect(keyPhrases('进一步加强法治政府建设，持续推进依法行政')).toEqual([]);
    expect(keyPhrases('推行重大行政决策目录制度')).toContain('决策目录');
  });

  it('an unrelated report fulfils almost nothing', () => {
    const other = prepareText(readReport(REPORTS[0]));
    const result = planFulfilment(jianghai2022, other, rubric);
    // another district's 司法局 shares at most the study of 习近平法治思想 every report has (the opening and task 一)
    const shared = planItems(jianghai2022, rubric).slice(0, 3);
    expect(result.done.map((d) => d.item).filter((item) => !shared.includes(item))).toEqual([]);
  });
});

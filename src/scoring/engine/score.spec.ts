/**
 * The engine on a small hand-written rubric and hand-built reports: each rule of the engine on its own.
 * The real rubric and real intake are exercised in fixtures.spec.ts.
 */
import type { RubricDefinition } from '../../rubric/rubric.types';
import type { PreparedReport, Section } from '../../intake/intake.types';
import { compileRubric, scanTerms } from './compile';
import { score, resolveProfile, compareIds } from './score';
import { splitSentences } from './sentences';
import { findFigures } from './figures';
import { renderScoreCardText } from './render-text';

const smallRubric = (): RubricDefinition => ({
  id: 'small',
  version: '0.0.1',
  title: '测试用评分标准',
  sources: [],
  sectionRoles: {
    achievements: ['主要举措', '工作情况', '成效'],
    problems: ['存在的问题', '存在问题', '不足'],
    plan: ['工作计划', '工作打算', '下一步', '工作思路', '重点工作'],
    leader: ['第一责任人'],
    other: ['其他需要报告'],
  },
  partialCredit: 0.5,
  grades: [
    { min: 90, grade: '优秀' },
    { min: 75, grade: '良好' },
    { min: 60, grade: '合格' },
    { min: 0, grade: '不合格' },
  ],
  profiles: {
    county_government: { name: 'county_government', title: '区县政府', exclude: [], weights: {} },
    department: { name: 'department', title: '政府部门', exclude: ['3.1'], weights: { '4.2': 6 } },
    township: { name: 'township', title: '乡镇（街道）', exclude: ['3.1', '4.2'], weights: {} },
  },
  items: [
    { id: 'E1', part: 'report', title: '主要举措和成效', outlineRef: '督察工作规定', weight: 6, check: 'achievements', severity: 'high', groups: [], params: { minChars: 100, minFigures: 2 }, hint: '写明主要举措和成效。' },
    {
      id: 'E2', part: 'report', title: '存在的不足和原因', outlineRef: '督察工作规定', weight: 6, check: 'problems', severity: 'high',
      groups: [
        { id: 'problem', label: '存在的不足', terms: ['不足', '差距', '有待'] },
        { id: 'cause', label: '原因分析', terms: ['原因', '究其原因', '主要是'] },
      ],
      params: { minChars: 30, minSentences: 2 }, hint: '如实分析不足及其原因。',
    },
    {
      id: 'E3', part: 'report', title: '党政主要负责人履行第一责任人职责', outlineRef: '督察工作规定', weight: 6, check: 'leader_duty', severity: 'high',
      groups: [
        { id: 'subject', label: '主要负责人', terms: ['主要负责人', '主要领导', '主要负责同志'] },
        { id: 'action', label: '亲自部署推动', terms: ['亲自部署', '亲自过问', '主持召开', '听取汇报', '述法', '履行第一责任人职责'] },
        { id: 'title', label: '第一责任人', terms: ['第一责任人'] },
      ],
      hint: '写明主要负责人本人履职情况。',
    },
    { id: 'E4', part: 'report', title: '下一年度主要安排', outlineRef: '督察工作规定', weight: 6, check: 'next_year_plan', severity: 'high',
      groups: [
        { id: 'horizon', label: '下一年度', terms: ['下一步', '明年'] },
        { id: 'actions', label: '具体安排', terms: ['将', '计划'] },
      ],
      params: { minChars: 20 }, hint: '写明下一年度安排。' },
    { id: 'E5', part: 'report', title: '其他需要报告的情况', outlineRef: '督察工作规定', weight: 2, check: 'other_matters', optional: true, groups: [], hint: '' },
    { id: 'Q1', part: 'report', title: '用数据说话', outlineRef: '质量', weight: 2, check: 'figures', groups: [], params: { minFigures: 3 }, hint: '给出数据。' },
    { id: 'Q2', part: 'report', title: '计划年度', outlineRef: '督察工作规定', weight: 2, check: 'plan_year', groups: [], hint: '计划应针对下一年度。' },
    { id: 'Q3', part: 'report', title: '按时公开', outlineRef: '督察工作规定 第二十四条', weight: 2, check: 'publication_deadline', groups: [], hint: '4月1日前公开。' },
    {
      id: '4.2', part: 4, title: '严格落实重大行政决策程序', outlineRef: '纲要 四（二）', weight: 4, check: 'terms', severity: 'high',
      groups: [
        { id: 'catalogue', label: '重大行政决策事项目录', terms: ['重大行政决策事项目录', '决策事项目录'] },
        { id: 'legality', label: '合法性审查', terms: ['合法性审查'] },
      ],
      rule: { met: { figure: false } }, hint: '公布决策事项目录并落实合法性审查。',
    },
    {
      id: '3.1', part: 3, title: '加强重要领域立法', outlineRef: '纲要 三（一）', weight: 3, check: 'terms',
      groups: [{ id: 'plan', label: '年度立法计划', terms: ['立法工作计划', '立法计划'] }],
      hint: '编制年度立法计划。',
    },
    {
      id: '10.1', part: 10, title: '加强党对法治政府建设的领导', outlineRef: '纲要 十（一）', weight: 3, check: 'terms',
      groups: [
        { id: 'gov', label: '法治政府', terms: ['法治政府'] },
        { id: 'build', label: '法治政府建设', terms: ['法治政府建设'] },
        { id: 'duty', label: '第一责任人', terms: ['第一责任人'] },
      ],
      rule: { partial: { minGroups: 1 }, met: { minGroups: 3 } }, hint: '写明党的领导。',
    },
    {
      id: '7.3', part: 7, title: '发挥行政复议化解行政争议主渠道作用', outlineRef: '纲要 七（三）', weight: 4, check: 'terms',
      groups: [
        { id: 'review', label: '行政复议', terms: ['行政复议', '复议'] },
        { id: 'legality', label: '合法性审查', terms: ['合法性审查'] },
      ],
      rule: { partial: { minGroups: 1 }, met: { minGroups: 1, required: ['review'], figure: true } }, hint: '写明复议案件数与纠错率。',
    },
  ],
});

/** Stand-in for intake: width folding only (1:1, so the map is the identity), headings by line pattern. */
function prepare(original: string, metadata: Partial<PreparedReport['metadata']> = {}): PreparedReport {
  let normalised = '';
  for (const ch of original) {
    const c = ch.charCodeAt(0);
    normalised += c >= 0xff01 && c <= 0xff5e ? String.fromCharCode(c - 0xfee0) : c === 0x3000 ? ' ' : ch;
  }
  const toOriginal = Int32Array.from({ length: normalised.length + 1 }, (_, i) => i);
  const sections: Section[] = [];
  const re = /^[ \t]*(?:([一二三四五六七八九十]+、)|(\([一二三四五六七八九十]+\)))([^\n。]*)/gm;
  let m: RegExpExecArray | null;
  let current: Section | null = null;
  while ((m = re.exec(normalised)) !== null) {
    const marker = m[1] ?? m[2];
    const start = m.index + m[0].indexOf(marker);
    const s: Section = { heading: m[3].trim(), marker, level: m[1] ? 1 : 2, start, headingEnd: m.index + m[0].length, end: normalised.length, children: [] };
    if (s.level === 1) {
      if (current) current.end = start;
      sections.push(s);
      current = s;
    } else if (current) {
      const prev = current.children[current.children.length - 1];
      if (prev) prev.end = start;
      current.children.push(s);
    } else sections.push(s);
  }
  for (const top of sections) {
    const last = top.children[top.children.length - 1];
    if (last) last.end = top.end;
  }
  return { original, normalised, toOriginal, sections, metadata: { script: 'simplified', ...metadata } };
}

const GOOD = `某某区2022年法治政府建设年度报告
2022年，我区坚持以习近平法治思想为指导，全面推进法治政府建设。
一、主要举措和成效
（一）履行第一责任人职责。区政府主要负责人主持召开常务会议4次，听取法治政府建设情况汇报。
（二）规范重大行政决策。公布重大行政决策事项目录，3项决策事项均经合法性审查。
（三）行政复议。全年受理行政复议案件120件，纠错率12%。
二、存在的问题
一是重大行政决策公众参与不足。二是执法规范化水平有待提高。究其原因，主要是部分干部法治意识不强。
三、2023年工作计划
2023年，我区将编制年度立法工作计划，继续深化行政复议体制改革，推进法治政府建设。
`;

describe('compileRubric / scanTerms', () => {
  it('compiles once per rubric object', () => {
    const r = smallRubric();
    expect(compileRubric(r)).toBe(compileRubric(r));
  });

  it('reports overlapping terms: 法治政府 inside 法治政府建设, and a term shared by two items counts for both', () => {
    const r = smallRubric();
    const c = compileRubric(r);
    const hits = scanTerms(c, '推进法治政府建设，落实合法性审查。');
    const found = Array.from({ length: hits.count }, (_, h) => c.terms[hits.term[h]]);
    expect(found).toEqual(expect.arrayContaining(['法治政府', '法治政府建设', '合法性审查']));
    const legality = c.terms.indexOf('合法性审查');
    expect(c.targets[legality].map((t) => r.items[t.itemIndex].id).sort()).toEqual(['4.2', '7.3']);
  });
});

describe('splitSentences / findFigures', () => {
  it('splits on 。；！？ and line breaks, keeping a closing quote with its sentence', () => {
    const text = '第一句。第二句；第三句！\n标题行\n“引语。”后文?';
    const s = splitSentences(text);
    const parts = Array.from({ length: s.count }, (_, k) => text.slice(s.start[k], s.end[k]));
    expect(parts).toEqual(['第一句。', '第二句；', '第三句！', '标题行', '“引语。”', '后文?']);
  });

  it('counts numbers with units and percentages, not years, dates or slogans', () => {
    const text = '2024年召开会议18次，受理930宗，调解率为22.1%，服务9万余宗，7021(件/次)，落实“1310”部署，2025-01-15发布。';
    const figures = findFigures(text).map((p) => text.slice(p, p + 4));
    expect(figures).toEqual(['18次，', '930宗', '22.1', '9万余宗', '7021']);
  });
});

describe('score on a small rubric', () => {
  const rubric = smallRubric();

  it('scores a complete report as met on every element it shows, with quotes that slice the original', () => {
    const report = prepare(GOOD, { year: 2022, publishedAt: '2023-03-20', title: '某某区2022年法治政府建设年度报告' });
    const card = score(report, rubric, 'county_government');
    const status = Object.fromEntries(card.items.map((i) => [i.id, i.status]));
    expect(status).toEqual({
      E1: 'met', E2: 'met', E3: 'met', E4: 'met', E5: 'not_applicable', Q1: 'met', Q2: 'met', Q3: 'met',
      '4.2': 'met', '3.1': 'missing', '10.1': 'met', '7.3': 'met',
    });
    for (const item of card.items) for (const e of item.evidence) expect(report.original.slice(e.start, e.end)).toBe(e.quote);
    expect(card.items.find((i) => i.id === '3.1')).toMatchObject({ plannedOnly: true, score: 0, max: 3 });
    expect(card.gaps.map((g) => g.itemId)).toEqual(['3.1']);
    expect(card.gaps[0].message).toBe('【纲要 三（一）加强重要领域立法】列入计划但未见落实：年度立法计划。编制年度立法计划。');
    // 3 of 44 points missing (E5 absent: not applicable, max 0)
    expect(card.total).toBe(Math.round((1000 * 41) / 44) / 10);
    expect(card.grade).toBe('优秀');
  });

  it('problems without causes are partial with 原因分析 missing; no problems part at all is missing', () => {
    const noCause = GOOD.replace('究其原因，主要是部分干部法治意识不强。', '三是宣传力度不够。');
    const card = score(prepare(noCause, { year: 2022 }), rubric, 'county_government');
    expect(card.items.find((i) => i.id === 'E2')).toMatchObject({ status: 'partial', missing: ['原因分析'] });

    const noProblems = GOOD.replace(/二、存在的问题\n.*\n/, '');
    const card2 = score(prepare(noProblems, { year: 2022 }), rubric, 'county_government');
    expect(card2.items.find((i) => i.id === 'E2')).toMatchObject({ status: 'missing', score: 0 });
  });

  it('a problems heading with two vague lines is partial', () => {
    const vague = GOOD.replace(/二、存在的问题\n.*\n/, '二、存在的问题\n还有不足。有待提高。\n');
    const card = score(prepare(vague, { year: 2022 }), rubric, 'county_government');
    expect(card.items.find((i) => i.id === 'E2')!.status).toBe('partial');
  });

  it('E3 needs the principal leader doing something: the bare words 第一责任人 are partial', () => {
    const bare = GOOD.replace('区政府主要负责人主持召开常务会议4次，听取法治政府建设情况汇报。', '认真落实第一责任人制度。');
    const card = score(prepare(bare, { year: 2022 }), rubric, 'county_government');
    expect(card.items.find((i) => i.id === 'E3')!.status).toBe('partial');
    const restated = GOOD.replace('区政府主要负责人主持召开常务会议4次，听取法治政府建设情况汇报。', '区政府主要负责人认真履行第一责任人职责。');
    const card2 = score(prepare(restated, { year: 2022 }), rubric, 'county_government');
    expect(card2.items.find((i) => i.id === 'E3')!.status).toBe('partial');
    const deputy = GOOD.replace('区政府主要负责人主持召开常务会议4次', '区政府副主要负责人主持召开常务会议4次');
    expect(score(prepare(deputy, { year: 2022 }), rubric, 'county_government').items.find((i) => i.id === 'E3')!.status).toBe('partial');
  });

  it('E4 must be about the year after the report year', () => {
    const wrongYear = GOOD.replace('三、2023年工作计划\n2023年，我区将', '三、2022年工作计划\n2022年，我区将');
    const card = score(prepare(wrongYear, { year: 2022 }), rubric, 'county_government');
    expect(card.items.find((i) => i.id === 'E4')!.status).toBe('partial');
    expect(card.items.find((i) => i.id === 'Q2')!.status).toBe('missing');
    const noPlan = GOOD.replace(/三、2023年工作计划\n.*\n/, '');
    const card2 = score(prepare(noPlan, { year: 2022 }), rubric, 'county_government');
    expect(card2.items.find((i) => i.id === 'E4')!.status).toBe('missing');
  });

  it('E5 is met when present and not applicable, with no gap, when absent', () => {
    const withOther = GOOD + '四、其他需要报告的情况\n无其他需要报告的情况。\n';
    const card = score(prepare(withOther, { year: 2022 }), rubric, 'county_government');
    expect(card.items.find((i) => i.id === 'E5')).toMatchObject({ status: 'met', score: 2, max: 2 });
    const card2 = score(prepare(GOOD, { year: 2022 }), rubric, 'county_government');
    expect(card2.items.find((i) => i.id === 'E5')).toMatchObject({ status: 'not_applicable', score: 0, max: 0 });
    expect(card2.gaps.some((g) => g.itemId === 'E5')).toBe(false);
  });

  it('publication after 31 March of the following year is missing; an unknown date is not applicable', () => {
    const late = score(prepare(GOOD, { year: 2022, publishedAt: '2023-04-02' }), rubric, 'county_government');
    expect(late.items.find((i) => i.id === 'Q3')!.status).toBe('missing');
    const unknown = score(prepare(GOOD, { year: 2022 }), rubric, 'county_government');
    expect(unknown.items.find((i) => i.id === 'Q3')).toMatchObject({ status: 'not_applicable', max: 0 });
    const noYear = score(prepare(GOOD, {}), rubric, 'county_government');
    expect(noYear.items.find((i) => i.id === 'Q2')!.status).toBe('not_applicable');
  });

  it('a figure rule makes the item partial without numbers', () => {
    const words = GOOD.replace('全年受理行政复议案件120件，纠错率12%。', '全年受理行政复议案件若干件。').replace('3项决策事项', '决策事项');
    const card = score(prepare(words, { year: 2022 }), rubric, 'county_government');
    expect(card.items.find((i) => i.id === '7.3')).toMatchObject({ status: 'partial', missing: ['量化数据（数字+单位）'] });
  });

  it('profiles exclude items and override weights', () => {
    const report = prepare(GOOD, { year: 2022 });
    const dept = score(report, rubric, 'department');
    expect(dept.items.find((i) => i.id === '3.1')).toMatchObject({ status: 'not_applicable', max: 0 });
    expect(dept.items.find((i) => i.id === '4.2')).toMatchObject({ max: 6, score: 6 });
    expect(resolveProfile({ ...report, metadata: { ...report.metadata, level: 'township' } }, rubric)).toBe('township');
    expect(resolveProfile(report, rubric)).toBe('county_government');
    expect(resolveProfile(report, rubric, 'department')).toBe('department');
    expect(() => resolveProfile(report, rubric, 'nation')).toThrow(/unknown profile/);
  });

  it('gaps are ordered by severity, then missing before partial, then weight, then id', () => {
    const poor = '某某区2022年法治政府建设年度报告\n我区推进法治政府建设，落实第一责任人。开展行政复议。\n';
    const card = score(prepare(poor, { year: 2022 }), rubric, 'county_government');
    const order = card.gaps.map((g) => `${g.severity}:${card.items.find((i) => i.id === g.itemId)!.status}:${g.itemId}`);
    expect(order).toEqual([
      'high:missing:E2', 'high:missing:E4', 'high:missing:4.2', 'high:partial:E1', 'high:partial:E3',
      'medium:missing:3.1', 'medium:missing:Q1', 'medium:missing:Q2', 'medium:partial:7.3',
    ]);
    expect(card.total).toBeLessThan(35);
  });

  it('is deterministic and renders a text card', () => {
    const report = prepare(GOOD, { year: 2022 });
    const a = JSON.stringify(score(report, rubric, 'county_government'));
    const b = JSON.stringify(score(prepare(GOOD, { year: 2022 }), rubric, 'county_government'));
    expect(a).toBe(b);
    const text = renderScoreCardText(score(report, rubric, 'county_government'));
    expect(text).toContain('总分');
    expect(text).toContain('█');
    expect(text).toContain('✘ 3.1');
    expect(text).not.toContain('\u001b[');
    expect(renderScoreCardText(score(report, rubric, 'county_government'), { color: true })).toContain('\u001b[');
  });

  it('survives an empty report and a report with no sections', () => {
    const empty = score(prepare('', {}), rubric, 'county_government');
    expect(empty.items.find((i) => i.id === 'E1')!.status).toBe('missing');
    expect(empty.total).toBeLessThan(10);
    const flat = score(prepare('我区推进法治政府建设。下一步，我区将编制立法工作计划，深化行政复议体制改革，全面推进依法行政工作。', { year: 2022 }), rubric, 'county_government');
    // an inline "下一步…将…" is a plan: the 立法工作计划 in it is planned, not done
    expect(flat.items.find((i) => i.id === '3.1')).toMatchObject({ status: 'missing', plannedOnly: true });
    expect(flat.items.find((i) => i.id === 'E4')!.status).toBe('partial');
  });

  it('finds inline plans by the horizon words the rubric gives, not by words fixed in code', () => {
    const text = '我区推进法治政府建设。来年我区将编制立法工作计划，全面推进依法行政工作。';
    const before = score(prepare(text, { year: 2022 }), rubric, 'county_government');
    // without 来年 among the horizon words the sentence is the year's work: 立法工作计划 is this rubric's one group of 3.1
    const beforeItem = before.items.find((i) => i.id === '3.1')!;
    expect({ status: beforeItem.status, plannedOnly: beforeItem.plannedOnly ?? false }).toEqual({ status: 'met', plannedOnly: false });
    const withLaiNian: RubricDefinition = {
      ...rubric,
      items: rubric.items.map((i) => (i.id === 'E4' ? { ...i, groups: i.groups.map((g) => (g.id === 'horizon' ? { ...g, terms: [...g.terms, '来年'] } : g)) } : i)),
    };
    const after = score(prepare(text, { year: 2022 }), withLaiNian, 'county_government');
    expect(after.items.find((i) => i.id === '3.1')).toMatchObject({ status: 'missing', plannedOnly: true });
  });

  it('orders ids with letters first, then outline numbers numerically', () => {
    expect(['10.1', '4.2', 'Q1', 'E2', '4.10', '2.1'].sort(compareIds)).toEqual(['E2', 'Q1', '2.1', '4.2', '4.10', '10.1']);
  });
});

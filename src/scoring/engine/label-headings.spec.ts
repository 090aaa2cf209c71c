/**
 * Unnumbered label headings ("存在的问题：", "二〇二五年工作安排：", "下一步工作打算", "主要成效") name a report's parts
 * as surely as 一、/二、/三、 do: the same content scores the same in either layout. Which words make a label is the
 * rubric's (its section roles), so a rubric without those words finds no label.
 */
import { join } from 'node:path';
import type { RubricDefinition } from '../../rubric/rubric.types';
import type { ScoreCard } from './score-card.types';
import { scoreReport } from './score';
import { readSections, Role } from './roles';

const ROOT = join(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadRubricFile } = require('../../rubric/rubric-loader') as typeof import('../../rubric/rubric-loader');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const intake = require('../../intake') as typeof import('../../intake');

const rubric: RubricDefinition = loadRubricFile(join(ROOT, 'rubrics', 'outline-2021-2025-1.1.0.yaml'));

// A short township report written for this test: five measures with figures, two problems each with its cause,
// three dated arrangements. Parts are given by `heads` so one text can be laid out both ways.
const township = (heads: [string, string, string], leadIn: boolean) => {
  const [done, problems, plan] = heads;
  const sep = leadIn ? '' : '\n';
  return [
    '某镇2024年法治政府建设工作报告',
    '2024年，我镇坚持依法行政，现将有关情况报告如下。',
    `${done}${sep}镇党委书记主持召开党委会3次专题研究法治建设；组建镇综合行政执法队，办理行政处罚案件42件；聘请法律顾问1名，审查合同和决策事项19件；开展会前学法6次；在镇政府网站主动公开政府信息126条。`,
    `${problems}${sep}一是执法人员持证率仅为60%，原因在于新转岗人员尚未参加执法资格考试。二是2个村的人民调解委员会全年未开展排查，原因是调解员由村干部兼任、精力不足。`,
    `${plan}${sep}2025年6月底前组织全部执法人员参加执法资格考试；年内为2个村各选聘1名专职调解员；每季度开展一次行政执法案卷评查。`,
    '某镇人民政府',
    '2025年2月10日',
  ].join('\n');
};

const NUMBERED = township(['一、主要成效', '二、存在的问题', '三、2025年工作安排'], false);
const LABELS_ALONE = township(['主要成效', '存在的问题', '二〇二五年工作安排'], false);
const LABELS_LEAD_IN = township(['主要成效：', '存在的问题：', '下一步工作打算：'], true);

const cardOf = (text: string) => scoreReport(intake.prepareText(text), rubric, 'township');
const statuses = (card: ScoreCard) => Object.fromEntries(card.items.map((i) => [i.id, i.status]));

describe('label headings', () => {
  it('the same township report scores the same with 一、/二、/三、 and with unnumbered labels', () => {
    const numbered = cardOf(NUMBERED);
    // a careful reader: measures with figures, problems with a cause each, arrangements dated for 2025
    for (const id of ['E1', 'E2', 'E4', 'Q3']) expect(numbered.items.find((i) => i.id === id)?.status).toBe('met');
    for (const text of [LABELS_ALONE, LABELS_LEAD_IN]) {
      const card = cardOf(text);
      expect(statuses(card)).toEqual(statuses(numbered));
      expect(card.total).toBe(numbered.total);
    }
  });

  it('gives each label the role its words have in the rubric', () => {
    const report = intake.prepareText(LABELS_LEAD_IN);
    const { sections, sentences, roles } = readSections(report, rubric);
    expect(sections.map((s) => [s.heading, s.label, s.children.map((c) => c.marker)])).toEqual([
      ['主要成效', true, []],
      ['存在的问题', true, ['一是', '二是']],
      ['下一步工作打算', true, []],
    ]);
    expect(roles.sections.filter((r) => r.section.label).map((r) => r.role)).toEqual(['achievements', 'problems', 'plan']);
    const roleOf = (phrase: string) => roles.sentenceRole[sentences.start.findIndex((s, k) => report.normalised.slice(s, sentences.end[k]).includes(phrase))];
    expect(roleOf('原因在于新转岗')).toBe(Role.Problems);
    expect(roleOf('每季度开展一次')).toBe(Role.Plan);
  });

  it('a sentence that merely starts with such words is no heading', () => {
    const text = [
      '某镇2024年法治政府建设工作报告',
      '主要成效体现在执法规范化水平明显提升，全年办理行政处罚案件42件。',
      '存在的问题已于年内全部整改到位，整改率100%。',
      '下一步工作打算经镇党委会议研究后另行报送。',
      '工作安排上，我镇坚持每月召开一次法治建设例会。',
    ].join('\n');
    const { sections, roles } = readSections(intake.prepareText(text), rubric);
    expect(sections.filter((s) => s.label)).toEqual([]);
    expect(roles.hasProblemsSection).toBe(false);
    expect(roles.hasPlanSection).toBe(false);
  });

  it('finds no label when the rubric names no such part', () => {
    const bare: RubricDefinition = { ...rubric, sectionRoles: { achievements: [], problems: [], plan: [], leader: [], other: [] } };
    const { sections } = readSections(intake.prepareText(LABELS_ALONE), bare);
    expect(intake.flattenSections(sections).filter((s) => s.label)).toEqual([]);
  });
});

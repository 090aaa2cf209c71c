/**
 * Vocabulary of rubric 1.2.0: words for national mechanisms that agencies in several provinces write and 1.1.0
 * missed (sources in the rubric file beside each group). For each group that gained words: a passage written for
 * this test where a reader sees the work done in the report year — it fires under 1.2.0 and did not under
 * 1.1.0 — and a passage where it must stay silent: the same words only in next year's plan, or a neighbouring
 * domain that shares characters with them.
 */
import { join } from 'node:path';
import type { RubricDefinition } from '../../rubric/rubric.types';
import { analyse } from './analysis';
import { isDone } from './roles';

const ROOT = join(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadRubricFile } = require('../../rubric/rubric-loader') as typeof import('../../rubric/rubric-loader');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const intake = require('../../intake') as typeof import('../../intake');

const v120: RubricDefinition = loadRubricFile(join(ROOT, 'rubrics', 'outline-2021-2025-1.2.0.yaml'));
const v110: RubricDefinition = loadRubricFile(join(ROOT, 'rubrics', 'outline-2021-2025-1.1.0.yaml'));

/** A county report with `done` as the year's work and `plan` as next year's arrangements. */
const report = (done: string, plan = '2026年将继续推进依法行政工作。') =>
  [
    '某县人民政府2025年法治政府建设年度报告',
    '一、2025年推进法治政府建设的主要举措和成效',
    done,
    '二、存在的不足和原因',
    '一是基层执法力量不足，原因在于编制未随事权下沉。',
    '三、2026年工作安排',
    plan,
  ].join('\n');

/** The terms of the item's group found in sentences of the year's work. */
function firesInWork(rubric: RubricDefinition, text: string, itemId: string, groupId: string): boolean {
  const a = analyse(intake.prepareText(text), rubric);
  const itemIndex = rubric.items.findIndex((i) => i.id === itemId);
  const groupIndex = rubric.items[itemIndex]?.groups.findIndex((g) => g.id === groupId) ?? -1;
  if (itemIndex < 0 || groupIndex < 0) throw new Error(`no group ${itemId}/${groupId}`);
  return a.groupSentences[itemIndex][groupIndex].some((si) => isDone(a.roles.sentenceRole[si]));
}

const CASES: Array<{ item: string; group: string; done: string; not: [string, string?] }> = [
  {
    item: '5.3',
    group: 'inspection',
    done: '推行“检查码”，实现“进一次门、查多项事”，全年合并检查任务410个。',
    not: ['全县推行健康码查验，进出人员登记2万人次。', '2026年将推行“一码检查”，公布行政检查事项清单。'],
  },
  {
    item: '5.4',
    group: 'exemption',
    done: '公布不予行政处罚事项清单42项，全年依法不予行政处罚案件156件。',
    not: ['依法作出行政处罚决定86件，罚没款120万元。', '2026年将制定减轻行政处罚清单。'],
  },
  {
    item: '8.3',
    group: 'system',
    done: '落实提升行政执法质量三年行动计划，开展规范涉企行政执法专项行动，办结问题线索37条。',
    not: ['开展安全生产治本攻坚三年行动，排查隐患1200处。', '2026年将开展规范涉企执法专项行动。'],
  },
  {
    item: '8.3',
    group: 'misconduct',
    done: '专项整治趋利性执法、违规异地执法问题，纠正乱查封案件3件。',
    not: ['依法查封违法建筑12处，异地调解纠纷3起。'],
  },
  {
    item: '10.3',
    group: 'leaders',
    done: '组织领导干部庭审旁听2次，参加86人次。',
    not: ['人民法院公开开庭审理案件46件，群众旁听1200人次。'],
  },
];

describe('rubric 1.2.0 vocabulary', () => {
  it.each(CASES)("$item $group fires on the year's work under 1.2.0, and did not under 1.1.0: $done", ({ item, group, done }) => {
    expect(firesInWork(v120, report(done), item, group)).toBe(true);
    expect(firesInWork(v110, report(done), item, group)).toBe(false);
  });

  it.each(CASES)('$item $group stays silent: $not', ({ item, group, not: [work, plan] }) => {
    expect(firesInWork(v120, report(work, plan), item, group)).toBe(false);
  });

  it('changes nothing but terms: the same items, weights, profiles and checks as 1.1.0', () => {
    const shape = (r: RubricDefinition) => ({
      items: r.items.map((i) => ({ id: i.id, weight: i.weight, check: i.check, groups: i.groups.map((g) => g.id), rule: i.rule })),
      profiles: r.profiles,
      parts: r.parts,
      period: r.period,
    });
    expect(shape(v120)).toEqual(shape(v110));
  });
});

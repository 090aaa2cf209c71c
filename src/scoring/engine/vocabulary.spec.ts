/**
 * Vocabulary breadth of rubric 1.1.0: the outline's wording and the names agencies in different provinces give
 * the same national mechanisms (最多跑一次 / 不见面审批 / 一次办好, 浙里办 / 爱山东 / 天府通办, 首违不罚 / 轻微免罚,
 * 府院联动 / 府院联席, 枫桥经验 / 矛调中心 …). For each group that gained words: a passage written for this test
 * where a reader sees the task done in the report year, so the group must fire, and a passage where it must not —
 * the same words only in next year's plan, or a neighbouring domain that shares characters with them.
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

const rubric: RubricDefinition = loadRubricFile(join(ROOT, 'rubrics', 'outline-2021-2025-1.1.0.yaml'));

/** A county report with `done` as the year's work and `plan` as next year's arrangements. */
const report = (done: string, plan = '2025年将继续推进依法行政工作。') =>
  [
    '某县人民政府2024年法治政府建设年度报告',
    '一、2024年推进法治政府建设的主要举措和成效',
    done,
    '二、存在的不足和原因',
    '一是基层执法力量不足，原因在于编制未随事权下沉。',
    '三、2025年工作安排',
    plan,
  ].join('\n');

/** The terms of the item's group found in sentences of the year's work. */
function firesInWork(text: string, itemId: string, groupId: string): boolean {
  const a = analyse(intake.prepareText(text), rubric);
  const itemIndex = rubric.items.findIndex((i) => i.id === itemId);
  const groupIndex = rubric.items[itemIndex]?.groups.findIndex((g) => g.id === groupId) ?? -1;
  if (itemIndex < 0 || groupIndex < 0) throw new Error(`no group ${itemId}/${groupId}`);
  return a.groupSentences[itemIndex][groupIndex].some((si) => isDone(a.roles.sentenceRole[si]));
}

interface Case {
  item: string;
  group: string;
  /** work done in the year: the group fires */
  done: string;
  /** the group must stay silent: [work-done text, plan text] */
  not: [string, string?];
}

const CASES: Case[] = [
  { item: '2.1', group: 'lists', done: '全面梳理“三张清单”，公布属地管理事项清单126项。', not: ['全县清理各类证明材料32项。', '2025年将编制属地管理事项清单。'] },
  { item: '2.1', group: 'functions', done: '完成机构编制调整，向乡镇下沉编制45名。', not: ['全县新建公办幼儿园3所，新增学位900个。'] },
  { item: '2.2', group: 'approval', done: '深化“最多跑一次”改革，218个事项实现“不见面审批”，新增“免申即享”政策12项。', not: ['全年组织群众跑步比赛2次。', '2025年将推行“秒批秒办”和“一次不跑”。'] },
  { item: '2.2', group: 'supervision', done: '全年开展“双随机”抽查312次，对1460家企业实施分级分类监管。', not: ['随机走访群众160户，收集意见45条。'] },
  { item: '2.2', group: 'services', done: '设立综合窗口18个，实行“无差别受理”；12345热线受理群众诉求3.6万件，办结率99%。', not: ['全县共有城乡居民1.2万户，电话普及率98%。', '2025年将推行“一窗通办”和“一次办好”。'] },
  { item: '2.3', group: 'enterprises', done: '建立政企沟通机制，召开企业座谈会6场，解决企业诉求87项。', not: ['开展企业安全生产检查120家次。'] },
  { item: '3.2', group: 'participation', done: '设立立法联系点3个，收集法规草案修改意见46条。', not: ['设立便民服务联系点12个。'] },
  { item: '3.3', group: 'filing', done: '坚持有件必备、有备必审、有错必纠，报备规范性文件23件。', not: ['全县储备粮库存充足，有备无患。'] },
  { item: '4.2', group: 'catalogue', done: '公布重大行政决策事项清单，纳入事项7项。', not: ['公布政务服务事项清单1320项。'] },
  { item: '4.2', group: 'steps', done: '7项重大决策全部履行五大法定程序。', not: ['严格按照法定程序办理行政处罚案件86件。'] },
  { item: '5.1', group: 'comprehensive', done: '推进“大综合一体化”行政执法改革，整合执法队伍6支。', not: ['推进医疗卫生服务一体化，建成医共体2个。'] },
  { item: '5.1', group: 'grassroots', done: '赋权乡镇执法事项112项，充实基层执法队伍86人。', not: ['为乡镇配备农技人员12名。', '2025年将继续赋权乡镇执法事项。'] },
  { item: '5.3', group: 'inspection', done: '推行“无事不扰”，对企业的检查次数同比下降32%。', not: ['组织企业开展消防演练8次。'] },
  { item: '5.4', group: 'soft', done: '推行说理式执法，制作说理式文书420份。', not: ['组织道德讲堂宣讲活动20场。'] },
  { item: '5.4', group: 'exemption', done: '公布首违免罚、轻微免罚事项86项，全年适用“不罚轻罚”办理案件312件。', not: ['全年罚款收入较上年减少，行政处罚案件办结率100%。', '2025年将制定包容免罚清单。'] },
  { item: '5.4', group: 'education', done: '开展以案普法活动36场。', not: ['开展全民阅读活动36场。'] },
  { item: '6.1', group: 'plans', done: '完成预案修编14部。', not: ['完成村庄规划修编14个。'] },
  { item: '6.2', group: 'drills', done: '组织防汛应急演习5次，参演1200人次。', not: ['组织文艺汇演5次。'] },
  { item: '7.1', group: 'linkage', done: '坚持和发展新时代“枫桥经验”，县矛调中心全年受理矛盾纠纷1320件。', not: ['建成县级文化中心1个。', '2025年将建设矛盾纠纷调处化解中心。'] },
  { item: '7.1', group: 'administrative', done: '行政机关调解民事纠纷210件。', not: ['人民法院受理民事案件2100件。'] },
  { item: '7.3', group: 'reform', done: '由县政府集中行使行政复议职责，组建行政复议咨询委员会，全年召开会议4次。', not: ['组建县科技专家咨询委员会。'] },
  { item: '7.3', group: 'handling', done: '全年复议受理案件63件，复议办结58件。', not: ['全年受理信访事项63件，办结58件。'] },
  { item: '7.4', group: 'prevention', done: '召开府院联席会议2次，行政争议化解中心化解争议37件。', not: ['召开政府常务会议24次。'] },
  { item: '8.1', group: 'congress', done: '办理建议提案126件，办复率100%。', not: ['收到群众意见和建议126条。'] },
  { item: '8.3', group: 'review', done: '开展行政执法质量考评，抽查执法案件600件。', not: ['开展教学质量考评，覆盖学校40所。'] },
  { item: '8.5', group: 'dishonesty', done: '清理政府失信案件3件，化解失信违约问题2起。', not: ['开展诚信经营示范店评选20家。'] },
  { item: '9.1', group: 'platform', done: '建成“一网统管”城市运行管理平台，接入城市大脑数据源46个。', not: ['全县通信网络覆盖率达100%。'] },
  { item: '9.1', group: 'mobile', done: '“爱山东”“天府通办”等平台上线高频事项86项。', not: ['全县新建5G基站86个。'] },
  { item: '9.3', group: 'platform', done: '上线数字执法系统和行政执法监督平台，网上办理案件1630件。', not: ['上线数字图书馆，馆藏电子书3万册。'] },
  { item: '9.3', group: 'mobile', done: '推进智慧监管，安装在线监测设备120台。', not: ['推进智慧校园建设，覆盖学校12所。'] },
  { item: '10.1', group: 'committee', done: '旗委全面依法治旗办公室印发工作要点1份，督办事项12项。', not: ['召开旗委常委会议28次研究经济工作。'] },
  { item: '10.1', group: 'responsibility', done: '32个部门主要负责人在全会上述法并接受评议。', not: ['32个部门主要负责人在全会上述职。'] },
  { item: '10.2', group: 'assessment', done: '将法治建设成效考核结果纳入综合考核，权重5%。', not: ['开展安全生产考核，覆盖乡镇12个。'] },
  { item: '10.3', group: 'leaders', done: '组织新任命干部宪法宣誓4次，开展网上学法考法，参考率100%。', not: ['组织新任命干部廉政谈话4次。'] },
  { item: '10.3', group: 'institutions', done: '加强法制机构建设，配齐法制审核人员16名。', not: ['加强卫生机构建设，配齐村医16名。'] },
];

describe('rubric 1.1.0 vocabulary', () => {
  it.each(CASES)('$item $group fires on the year\'s work: $done', ({ item, group, done }) => {
    expect(firesInWork(report(done), item, group)).toBe(true);
  });

  it.each(CASES)('$item $group stays silent: $not', ({ item, group, not: [work, plan] }) => {
    expect(firesInWork(report(work, plan), item, group)).toBe(false);
  });
});

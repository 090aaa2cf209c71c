/**
 * The rubric's terms against real reports: for passages a reader points to as the evidence of a sub-item, the
 * item's term groups are found inside that passage and give the status a reader would give it; for topics a
 * report does not touch, the item's terms find nothing anywhere in it.
 *
 * Every passage and expectation below was written by reading the fixture reports, not taken from program output.
 * The matching is deliberately naive (substring search per term) so that it tests the rubric data, not the engine.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { normaliseForMatching } from '../intake/normalise';
import { loadRubricFile } from './rubric-loader';
import type { RubricItem } from './rubric.types';

const ROOT = resolve(__dirname, '..', '..');
const rubric = loadRubricFile(join(ROOT, 'rubrics', 'outline-2021-2025.yaml'));
const FIXTURES = join(ROOT, 'test', 'fixtures', 'reports');
const REPORT_FILES = {
  '000': '000_461a89b47b0cee9b.txt', // 广州市增城区司法局 2024 (department)
  '001': '001_1c1d18808efcf126.txt', // 江门市江海区 2022 (district government)
  '003': '003_efdde5739ee958ba.txt', // 中山市司法局 2023 (department)
} as const;
type ReportKey = keyof typeof REPORT_FILES;

const normalise = (text: string) => normaliseForMatching(text).normalised;
const reports = Object.fromEntries(
  Object.entries(REPORT_FILES).map(([k, f]) => [k, normalise(readFileSync(join(FIXTURES, f), 'utf8'))]),
) as Record<ReportKey, string>;

// A result figure: a number with a measure word or a percentage; years (2022年) are not figures.
const FIGURE = /\d+(?:\.\d+)?\s*(?:%|[余多]?[万亿千百]?[余多]?\(?(?:人次|件|宗|次|个|人|家|项|部|场|份|户|名|条|批|期))/;

function item(id: string): RubricItem {
  const found = rubric.items.find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id} in the rubric`);
  return found;
}

interface Hit {
  group: string;
  term: string;
  start: number;
}

function hits(it: RubricItem, text: string, from = 0, to = text.length): Hit[] {
  const out: Hit[] = [];
  for (const group of it.groups) {
    for (const term of group.terms) {
      for (let i = text.indexOf(term, from); i >= 0 && i + term.length <= to; i = text.indexOf(term, i + 1)) {
        out.push({ group: group.id, term, start: i });
      }
    }
  }
  return out;
}

/** StatusRule as documented in rubric.types.ts, for the groups found in one passage. */
function status(it: RubricItem, groups: Set<string>, hasFigure: boolean): 'met' | 'partial' | 'missing' {
  const rule = it.rule ?? {};
  const metMin = rule.met?.minGroups ?? it.groups.length;
  const required = rule.met?.required ?? [];
  if (groups.size >= metMin && required.every((g) => groups.has(g)) && (!rule.met?.figure || hasFigure)) return 'met';
  return groups.size >= (rule.partial?.minGroups ?? 1) ? 'partial' : 'missing';
}

/** A passage by its text, or by the text it starts and ends with. */
type Passage = string | [from: string, to: string];

function locate(text: string, passage: Passage): [number, number] {
  const [head, tail] = typeof passage === 'string' ? [passage, passage] : passage;
  expect(text).toContain(head);
  const start = text.indexOf(head);
  const tailAt = text.indexOf(tail, start);
  expect(tailAt).toBeGreaterThanOrEqual(start);
  return [start, tailAt + tail.length];
}

interface Evidence {
  report: ReportKey;
  item: string;
  passage: Passage;
  groups: string[];
  status: 'met' | 'partial';
  why: string;
}

const evidence: Evidence[] = [
  // 001 江海区 2022
  {
    report: '001',
    item: '4.2',
    passage: '1.严格落实重大行政决策法定程序。制定2022年重大行政决策事项目录,严格按照《重大行政决策程序暂行条例》规定,执行重大行政决策公众参与、专家论证、风险评估、合法性审查和集体讨论决定等法定程序。',
    groups: ['catalogue', 'regulation', 'steps'],
    status: 'partial',
    why: 'catalogue, regulation and the five steps named, but no number of decisions or reviews',
  },
  {
    report: '001',
    item: '7.4',
    passage: '共办理行政应诉案件45件,已生效的判决中无一败诉。以区政府为被告的行政诉讼案件2件,未有败诉情况发生,全区行政机关负责人出庭应诉率达100%。',
    groups: ['appearance', 'litigation'],
    status: 'met',
    why: 'cases, no defeats and a 100% appearance rate of responsible officials',
  },
  {
    report: '001',
    item: '7.3',
    passage: '1.全面深化行政复议体制改革。充分发挥行政复议监督依法行政、化解行政争议,维护公民、法人和其他组织合法权益的功能。共收到行政复议案件22件,已办结18件,实质性化解率达94.4%。',
    groups: ['handling', 'reform', 'resolution', 'supervision'],
    status: 'met',
    why: 'reform, cases received and closed, substantive resolution rate',
  },
  {
    report: '001',
    item: '5.3',
    passage: '严格落实行政执法公示制度、行政执法全过程记录制度和重大行政执法决定法制审核制度,',
    groups: ['three_systems'],
    status: 'partial',
    why: 'the three systems named, nothing on qualification, discretion or figures',
  },
  {
    report: '001',
    item: '8.1',
    passage: '1.主动接受人大依法监督和政协民主监督。及时向区人大及其常委会报告工作、向区政协通报政情,全年办理市、区两级人大建议和政协提案248件,办理满意率达100%。',
    groups: ['congress', 'cppcc'],
    status: 'met',
    why: 'people’s congress and CPPCC supervision with the number of suggestions handled',
  },
  {
    report: '001',
    item: '2.2',
    passage: '2.持续推进“放管服”改革。推进市场主体登记注册便利化,激发市场活力,全区市场主体达45914户,实现正增长。推进“证照分离”改革,推广“全程网上办”,企业简易注销登记等措施取得实效。',
    groups: ['approval', 'services'],
    status: 'met',
    why: '证照分离, online services, with the number of market entities',
  },
  {
    report: '001',
    item: 'E3',
    passage: '主要领导认真履行推进法治建设第一责任人职责,将推进法治政府建设摆在全区工作的重要位置,坚持重大问题亲自过问、重点环节亲自协调、重要任务亲自督办',
    groups: ['duty', 'principal'],
    status: 'met',
    why: 'the principal leader’s own actions: 亲自过问、亲自协调、亲自督办',
  },

  // 000 增城区司法局 2024
  {
    report: '000',
    item: '4.2',
    passage: '规范重大行政决策程序。统筹开展全区重大行政决策目录编制,1项事项纳入区政府重大行政决策事项年度目录管理。严格落实重大行政决策合法性审查,',
    groups: ['catalogue', 'regulation', 'steps'],
    status: 'met',
    why: 'catalogue compiled with the number of matters, legality review',
  },
  {
    report: '000',
    item: '7.3',
    passage: '设立行政复议委员会,建立制发行政复议调解建议函、行政复议纠错风险提示函等相关制度。2024年全区受理行政复议申请930宗,同比增长55%,审结476宗,其中调解、和解105宗,调解率为22.1%。',
    groups: ['handling', 'reform', 'resolution'],
    status: 'met',
    why: 'review committee, applications received and concluded, mediation rate',
  },
  {
    report: '000',
    item: '7.4',
    passage: '健全行政应诉体制机制。建立行政案件应诉“报备+提醒+反馈+补救+通报”全流程督促机制,全区开庭行政诉讼案483件,全年未出现“四不”问题。',
    groups: ['litigation'],
    status: 'partial',
    why: 'litigation handled, but nothing on responsible officials appearing in court',
  },
  {
    report: '000',
    item: '8.3',
    passage: [
      '启用“广州市增城区人民政府行政执法协调监督办公室”公章',
      '选任特邀执法监督员11人,确定首批行政执法监督企业联系点12家,为企业发声提供平台。',
    ],
    groups: ['supervisors', 'system'],
    status: 'met',
    why: 'coordination and supervision office, 11 invited supervisors',
  },
  {
    report: '000',
    item: '2.3',
    passage: ['(六)突出问题导向,以法治力量推动营商环境持续优化。', '开展涉企行政复议案件公开听证7场。'],
    groups: ['enterprises', 'environment'],
    status: 'met',
    why: 'business environment campaign, private enterprises heard 67 times',
  },
  {
    report: '000',
    item: 'E3',
    passage: ['(二)2024年度党政主要负责人履行推进法治建设第一责任人职责', '突发事件应急工作。'],
    groups: ['principal'],
    status: 'partial',
    why: 'the section restates the duty in its heading but shows no action of the principal leader',
  },

  // 003 中山市司法局 2023
  {
    report: '003',
    item: '3.1',
    passage: '科学编制年度立法工作计划。完成《中山市人民政府2023年度立法工作计划》的制定工作,《中山市接诉即办管理办法》《广东中山香山省级自然保护区管理办法》被纳入作为2023年规章审议项目,《中山市爱国卫生工作规定》作为2023年立法调研项目。',
    groups: ['enactment', 'plan'],
    status: 'partial',
    why: 'legislative plan and projects listed, but no count of regulations made',
  },
  {
    report: '003',
    item: '3.3',
    passage: ['加强规范性文件监督管理。建立重要文件预审通道。', '拟修订行政规范性文件33份。'],
    groups: ['cleanup', 'management', 'review'],
    status: 'met',
    why: 'pre-review of 150+ documents, clean-up repealing 97',
  },
  {
    report: '003',
    item: '7.4',
    passage: '推进行政机关负责人出庭应诉常态化,不断提升行政复议公信力和影响力。共受理复议案件2024件,审结案件1714宗;全年新收各类行政应诉案件530件。',
    groups: ['appearance', 'litigation'],
    status: 'met',
    why: 'appearance of responsible officials, 530 new cases',
  },
  {
    report: '003',
    item: '9.3',
    passage: ['加大行政执法信息化建设力度。', '执法主体上线率100%'],
    groups: ['platform'],
    status: 'met',
    why: 'integrated enforcement platform used by 45 units, 100% online',
  },
  {
    report: '003',
    item: '10.2',
    passage: '认真完成法治考核、督察和示范创建工作各项任务,积极配合开展道路交通安全和运输执法领域突出问题督察。',
    groups: ['assessment', 'demonstration', 'inspection'],
    status: 'met',
    why: 'assessment, inspection and demonstration all named',
  },
  {
    report: '003',
    item: '5.3',
    passage: '印发《中山市关于进一步规范行政裁量权基准制定和管理工作的实施方案》,推动各执法单位行政执法行为规范有序。',
    groups: ['discretion'],
    status: 'partial',
    why: 'discretion benchmarks only; the three enforcement systems are not reported',
  },
  {
    report: '003',
    item: 'E3',
    passage: '局主要负责同志认真履行推进法治建设第一责任人职责,主持召开专题会、推进会',
    groups: ['duty', 'principal'],
    status: 'met',
    why: 'the head of the bureau chaired the meetings himself',
  },
];

describe('rubric terms find the passage a reader points to', () => {
  it.each(evidence)('$report $item: $why', ({ report, item: id, passage, groups, status: expected }) => {
    const text = reports[report];
    const [start, end] = locate(text, passage);
    const it = item(id);
    const found = hits(it, text, start, end);
    expect([...new Set(found.map((h) => h.group))].sort()).toEqual(groups);
    expect(status(it, new Set(groups), FIGURE.test(text.slice(start, end)))).toBe(expected);
  });
});

describe('rubric terms stay silent on reports that lack the topic', () => {
  const absent: Array<{ report: ReportKey; item: string; why: string }> = [
    { report: '001', item: '3.1', why: 'a district government without legislative power: no legislation at all' },
    { report: '001', item: '7.2', why: 'no 行政裁决' },
    { report: '001', item: '8.5', why: 'no 政务诚信' },
    { report: '001', item: '6.1', why: 'epidemic response, but no emergency plans or emergency system' },
    { report: '000', item: '3.1', why: 'a 司法局 that drafted notices, not legislation' },
    { report: '000', item: '8.4', why: 'no 政务公开' },
    { report: '000', item: '9.2', why: 'no data sharing' },
    { report: '000', item: '4.3', why: 'no decision follow-up or evaluation' },
    { report: '003', item: '6.1', why: 'nothing on emergencies' },
    { report: '003', item: '6.2', why: 'nothing on emergencies' },
    { report: '003', item: '7.2', why: 'no 行政裁决' },
    { report: '003', item: '8.1', why: 'no congress, CPPCC or audit supervision' },
  ];

  it.each(absent)('$report $item: $why', ({ report, item: id }) => {
    expect(hits(item(id), reports[report]).map((h) => h.term)).toEqual([]);
  });

  it('finds 政务公开 in 003 only in the site breadcrumb, which the normaliser drops', () => {
    const raw = readFileSync(join(FIXTURES, REPORT_FILES['003']), 'utf8');
    expect(raw).toContain('首页 >政务公开 > 规划计划');
    expect(hits(item('8.4'), reports['003'])).toEqual([]);
  });
});

describe('rubric terms on short synthetic reports', () => {
  const township = normalise(
    '2023年,本镇坚持以习近平新时代中国特色社会主义思想为指导,全面推进依法行政。加强人民调解工作,全年调解成功矛盾纠纷36宗。推进综合行政执法,严格规范公正文明执法。',
  );

  it('does not take 复议 or 应诉 from a report that never mentions them', () => {
    expect(hits(item('7.3'), township)).toEqual([]);
    expect(hits(item('7.4'), township)).toEqual([]);
  });

  it('keeps 人民调解 with a figure at partial for 行政调解', () => {
    const it = item('7.1');
    const groups = new Set(hits(it, township).map((h) => h.group));
    expect([...groups].sort()).toEqual(['linkage', 'outcomes']);
    expect(status(it, groups, FIGURE.test(township))).toBe('partial');
  });

  it('matches a report written in traditional characters with full-width punctuation', () => {
    const text = normalise('嚴格落實《重大行政決策程序暫行條例》，公佈年度決策事項目錄，開展合法性審查12件。');
    const it = item('4.2');
    const groups = new Set(hits(it, text).map((h) => h.group));
    expect([...groups].sort()).toEqual(['catalogue', 'regulation', 'steps']);
    expect(status(it, groups, FIGURE.test(text))).toBe('met');
  });

  it('does not let the formula 第一责任人 alone start E3', () => {
    const text = normalise('我局认真履行推进法治建设第一责任人职责,压实法治建设责任。');
    expect(hits(item('E3'), text)).toEqual([]);
  });
});

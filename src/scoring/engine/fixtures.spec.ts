/**
 * The engine on the three fixture reports, with the real rubric and the real intake.
 *
 * The expected statuses were written by reading each report against the rubric item (its groups and its
 * met/partial rule), with the passage that justifies the status. Rows whose passage starts with "—" record an
 * absence: nothing in the year's work shows the item.
 *
 * Scored with rubric 1.1.0 (content counted, bare mentions at mentions.credit). Against 1.0.0 these moved, each
 * because 1.1.0 means it to:
 *  - 001 E3 met → partial: its only leader sentence is the four-亲自 formula ("重大问题亲自过问、重点环节亲自
 *    协调、重要任务亲自督办"); the 常务会议 sentence names neither the principal leader nor a count.
 *  - 001 Q3 partial → missing: no cause marker at all; "重视不够" stated as a problem is not a cause analysis.
 *  - partial items whose every sentence is a formula stay partial but score mentions.credit instead of half:
 *    000 5.1 ("推动镇街综合行政执法改革。"); 001 5.2, 5.3 and 9.3 ("严格落实行政执法公示制度、…法制审核制度"),
 *    5.4, 6.2; 003 5.4 ("深入开展'谁执法谁普法'履职报告评议…").
 *  Totals: 000 57.6 → 56.4, 001 64.3 → 56.8, 003 59.2 → 58.1.
 * Then, still 1.1.0 (vocabulary breadth, label headings, Q2 as a proportion):
 *  - 000 10.3 partial → met: "落实宪法宣誓制度" is now one of the 领导干部学法 acts (宪法宣誓 was added with 学法考法 and
 *    网上学法 as the names agencies give that duty), beside the training the report already shows. 000 56.4 → 57.5.
 *  - nothing else moved: no fixture uses unnumbered label headings, and each fixture's problems part is either in
 *    proportion to its achievements or not, whatever its length in characters.
 * 1.2.0 (terms for 检查码/一码检查, 不予行政处罚清单, 执法质量三年行动, 涉企执法专项行动, 趋利性执法, 庭审旁听): no
 * fixture writes any of them, so every status and total stays as under 1.1.0 (000 57.5, 001 56.8, 003 58.1),
 * which this spec now checks against the current rubric, 1.2.0.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as OpenCC from 'opencc-js';
import type { RubricDefinition } from '../../rubric/rubric.types';
import type { PreparedReport } from '../../intake/intake.types';
import type { ItemStatus, ScoreCard } from './score-card.types';
import { score, resolveProfile } from './score';

const ROOT = join(__dirname, '..', '..', '..');
const RUBRIC_FILE = join(ROOT, 'rubrics', 'outline-2021-2025-1.2.0.yaml');
const REPORTS = join(ROOT, 'test', 'fixtures', 'reports');
const VARIANTS = join(ROOT, 'test', 'fixtures', 'variants');

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadRubricFile } = require('../../rubric/rubric-loader') as typeof import('../../rubric/rubric-loader');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const intake = require('../../intake') as typeof import('../../intake');

const rubric: RubricDefinition = loadRubricFile(RUBRIC_FILE);
const read = (name: string) => readFileSync(join(REPORTS, name), 'utf8');
const cardOf = (text: string, profile?: string) => {
  const report = intake.prepareText(text);
  return { report, card: score(report, rubric, resolveProfile(report, rubric, profile)) };
};
const item = (card: ScoreCard, id: string) => {
  const found = card.items.find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id} in the card`);
  return found;
};

type Row = [id: string, status: ItemStatus, passage: string];

interface Fixture {
  file: string;
  profile: string;
  year: number;
  problemsHeading: string;
  planHeading: string;
  rows: Row[];
  plannedOnly?: string[];
}

const FIXTURES: Fixture[] = [
  {
    // 广州市增城区司法局 2024 — a department (司法局), published 2025-01-15
    file: '000_461a89b47b0cee9b.txt',
    profile: 'department',
    year: 2024,
    problemsHeading: '二、存在问题',
    planHeading: '三、2025年工作计划',
    rows: [
      ['E1', 'met', '2024年全区受理行政复议申请930宗,同比增长55%,审结476宗,其中调解、和解105宗,调解率为22.1%'],
      ['E2', 'partial', '行政执法协调监督工作体系有待完善,制度指引方面有待加强'], // problems listed, no cause anywhere
      ['10.3', 'met', '落实宪法宣誓制度'], // with the legal training of its staff elsewhere in the report
      ['E3', 'partial', '(二)2024年度党政主要负责人履行推进法治建设第一责任人职责,加强法治政府建设。'], // the heading alone: the body under it never names the leader
      ['E4', 'met', '三、2025年工作计划'],
      ['E5', 'not_applicable', '— no 其他需要报告的情况'],
      ['Q1', 'met', '选任特邀执法监督员11人,确定首批行政执法监督企业联系点12家'],
      ['Q3', 'missing', '— the three problems are stated without any cause'],
      ['Q4', 'met', '三、2025年工作计划'],
      ['Q5', 'met', '2025-01-15 来源: 广州市增城区司法局'],
      ['2.1', 'not_applicable', '— excluded for departments'],
      ['2.3', 'met', '加大涉企行政处罚类案件调解力度,听取民营企业意见67次'],
      ['3.1', 'missing', '— no legislation plan or rules'],
      ['3.3', 'partial', '审查行政规范性文件45件,推动全区15份行政规范性文件出台'], // review only: no 备案/清理
      ['4.2', 'met', '1项事项纳入区政府重大行政决策事项年度目录管理。严格落实重大行政决策合法性审查'],
      ['4.3', 'missing', '— nothing on decision follow-up or post-evaluation'],
      ['5.4', 'missing', '对包容审慎执法原则落实不到位,柔性执法环境打造力度不足'], // only in the problems part
      ['7.3', 'met', '设立行政复议委员会'],
      ['7.4', 'partial', '全区开庭行政诉讼案483件,全年未出现“四不”问题'], // no 负责人出庭应诉
      ['8.1', 'missing', '— no 人大/政协/审计 supervision'],
      ['8.3', 'met', '选任特邀执法监督员11人'],
      ['8.4', 'missing', '— no 政务公开'],
      ['9.3', 'met', '粤执法办案平台镇街推广使用率100%'],
      ['10.2', 'missing', '— no 督察/考核/示范创建 of the rule-of-law government'],
      ['4.1', 'met', '保障政府依法科学决策。指导出具各类法制审查意见1340件'],
    ],
    plannedOnly: ['5.4'],
  },
  {
    // 江门市江海区 2022 — a district government, no publication date in the text
    file: '001_1c1d18808efcf126.txt',
    profile: 'county_government',
    year: 2022,
    problemsHeading: '二、存在的不足',
    planHeading: '三、2023年重点工作',
    rows: [
      ['E1', 'met', '全区市场主体达45914户,实现正增长'],
      ['E2', 'partial', '如个别部门对法治政府建设重视不够,厉行法治、推动法治意识仍需加强。'], // three short sentences
      ['E3', 'partial', '主要领导认真履行推进法治建设第一责任人职责,将推进法治政府建设摆在全区工作的重要位置,坚持重大问题亲自过问、重点环节亲自协调、重要任务亲自督办'], // the formula: no meeting, no count, no decision of the principal
      ['Q3', 'missing', '— 重视不够 is stated as a problem; no cause is analysed'],
      ['E4', 'met', '三、2023年重点工作'],
      ['Q2', 'partial', '— the problems part is a few lines against 3,000 characters of results'],
      ['Q4', 'met', '2023年,区政府将坚持以习近平新时代中国特色社会主义思想为指导'],
      ['Q5', 'not_applicable', '— no publication date'],
      ['1.1', 'met', '坚持把深入学习贯彻习近平法治思想作为重大政治任务,纳入区政府党组理论学习中心组学习的重点内容'],
      ['2.2', 'met', '推进“证照分离”改革,推广“全程网上办”'],
      ['3.1', 'missing', '— a district: no legislation'],
      ['4.1', 'met', '区政府外聘法律顾问参加重大项目研讨会议4次,出具法律意见21份'],
      ['4.2', 'partial', '制定2022年重大行政决策事项目录'], // catalogue and five steps, but no count of decisions
      ['5.1', 'met', '加强行政执法职权衔接、评估和动态调整,及时回收职权264项'],
      ['5.3', 'partial', '严格落实行政执法公示制度、行政执法全过程记录制度和重大行政执法决定法制审核制度'], // no figures
      ['6.1', 'missing', '— no emergency plans'],
      ['7.1', 'partial', '人民调解成功率达100%'], // people's mediation, never 行政调解
      ['7.3', 'met', '共收到行政复议案件22件,已办结18件,实质性化解率达94.4%'],
      ['7.4', 'met', '全区行政机关负责人出庭应诉率达100%'],
      ['8.1', 'met', '全年办理市、区两级人大建议和政协提案248件,办理满意率达100%'],
      ['8.4', 'missing', '— no 政务公开'],
      ['10.3', 'met', '将民法典、行政处罚法、家庭教育促进法等25部法律法规列入年度学法计划'],
      ['3.3', 'met', '出台涉及科技创新、重点产业、重点项目紧缺适用人才引育等重点领域的政府规范性文件11份'],
      ['6.2', 'partial', '因时因势调整防控策略和应对举措,迅速有效处置多起输入性疫情'], // handled outbreaks; no drills, no figures
      ['9.2', 'missing', '— 建立知识产权大数据平台 is a service to firms, not government data sharing'],
    ],
  },
  {
    // 中山市司法局 2023 — a department, published 2024-01-19
    file: '003_efdde5739ee958ba.txt',
    profile: 'department',
    year: 2023,
    problemsHeading: '二、存在的不足',
    planHeading: '三、2024年工作思路',
    rows: [
      ['E1', 'met', '共废止行政规范性文件97份,拟修订行政规范性文件33份'],
      ['E2', 'partial', '一是法治牵头抓总能力还不够,依法治市协调机制还不够健全、顺畅'], // problems, no causes
      ['E3', 'met', '局主要负责同志认真履行推进法治建设第一责任人职责,主持召开专题会、推进会'],
      ['E4', 'met', '三、2024年工作思路'],
      ['Q3', 'missing', '— no cause analysed'],
      ['Q5', 'met', '发布日期:2024-01-19'],
      ['1.1', 'met', '切实把学习习近平法治思想列入党组会议“第一议题”'],
      ['3.1', 'partial', '完成《中山市人民政府2023年度立法工作计划》的制定工作'], // projects named, never counted
      ['3.3', 'met', '重要文件预审模式共审核文件150余件'],
      ['4.1', 'met', '为“工改”、未达标水体治理、南中城际建设等重大决策事项提供法律意见和建议1024份'],
      ['4.2', 'partial', '制定《中山市人民政府重大行政决策程序规定》《中山市人民政府重大行政决策合法性审查规定》'], // no 目录
      ['5.2', 'missing', '— a 司法局 reports no key-field enforcement'],
      ['5.3', 'partial', '印发《中山市关于进一步规范行政裁量权基准制定和管理工作的实施方案》'], // no 三项制度
      ['7.3', 'met', '共受理复议案件2024件,审结案件1714宗'],
      ['7.4', 'met', '推进行政机关负责人出庭应诉常态化'],
      ['8.3', 'missing', '健全完善行政执法协调监督工作体系'], // only in the 2024 plan
      ['8.4', 'missing', '— no 政务公开'],
      ['9.3', 'met', '全市上线应用一体化行政执法平台的执法单位45家,执法主体上线率100%'],
      ['10.2', 'met', '认真完成法治考核、督察和示范创建工作各项任务'],
      ['2.1', 'not_applicable', '— excluded for departments'],
    ],
    plannedOnly: ['8.3'],
  },
];

describe.each(FIXTURES)('fixture $file', (fx) => {
  const original = read(fx.file);
  const { report, card } = cardOf(original);

  it('is read as the right reporter and year', () => {
    expect(card.profile).toBe(fx.profile);
    expect(card.report.year).toBe(fx.year);
  });

  it('has a reader’s row for each statutory element E1–E4 and at most one row per rubric item', () => {
    const ids = fx.rows.map(([id]) => id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(ids.filter((id) => !rubric.items.some((it) => it.id === id))).toEqual([]);
    expect(['E1', 'E2', 'E3', 'E4'].filter((id) => !ids.includes(id))).toEqual([]);
  });

  it.each(fx.rows)('%s is %s — %s', (id, status, passage) => {
    if (!passage.startsWith('—')) expect(original.replace(/\s+/g, '')).toContain(passage.replace(/\s+/g, ''));
    expect(item(card, id).status).toBe(status);
  });

  it('marks mentions only in the plan or the problems part as planned-only, with 列入计划/仅在问题部分 in the gap', () => {
    for (const id of fx.plannedOnly ?? []) {
      expect(item(card, id)).toMatchObject({ status: 'missing', plannedOnly: true, score: 0 });
      expect(card.gaps.find((g) => g.itemId === id)!.message).toMatch(/列入计划但未见落实|仅在问题部分提及/);
    }
  });

  it('quotes every piece of evidence exactly as the original text has it', () => {
    let n = 0;
    for (const it of card.items) {
      for (const e of it.evidence) {
        expect(report.original.slice(e.start, e.end)).toBe(e.quote);
        expect(e.quote).toBe(e.quote.trim());
        n++;
      }
    }
    expect(n).toBeGreaterThan(30);
  });

  it('gives one gap per item not met, each a specific sentence naming the outline clause', () => {
    const notMet = card.items.filter((i) => i.status === 'partial' || i.status === 'missing').map((i) => i.id).sort();
    expect(card.gaps.map((g) => g.itemId).sort()).toEqual(notMet);
    for (const g of card.gaps) {
      const it = item(card, g.itemId);
      expect(g.message.startsWith(`【${it.outlineRef}${it.title}】`)).toBe(true);
      expect(g.outlineRef).toBe(it.outlineRef);
    }
    const rank = { high: 0, medium: 1, low: 2 } as const;
    for (let k = 1; k < card.gaps.length; k++) expect(rank[card.gaps[k - 1].severity]).toBeLessThanOrEqual(rank[card.gaps[k].severity]);
  });

  it('sums parts and total from the items', () => {
    const applicable = card.items.filter((i) => i.status !== 'not_applicable');
    const s = applicable.reduce((a, i) => a + i.score, 0);
    const m = applicable.reduce((a, i) => a + i.max, 0);
    expect(card.total).toBeCloseTo((100 * s) / m, 1);
    expect(card.parts.reduce((a, p) => a + p.max, 0)).toBeCloseTo(m, 5);
    expect(card.parts[0].part).toBe('report');
  });

  it('is byte-identical when scored twice', () => {
    const again = score(intake.prepareText(original), rubric, fx.profile as never);
    expect(JSON.stringify(again)).toBe(JSON.stringify(card));
  });

  describe('mutations built from the report', () => {
    const cut = (from: string, to?: string) => {
      const a = original.indexOf(from);
      expect(a).toBeGreaterThan(0);
      const b = to ? original.indexOf(to) : original.length;
      expect(b).toBeGreaterThan(a);
      return original.slice(0, a) + original.slice(b);
    };

    it('removing the problems section makes E2 missing', () => {
      const { card: c } = cardOf(cut(fx.problemsHeading, fx.planHeading));
      expect(item(c, 'E2').status).toBe('missing');
      expect(c.total).toBeLessThan(card.total);
    });

    it('removing the plan section makes E4 missing', () => {
      const { card: c } = cardOf(cut(fx.planHeading));
      expect(item(c, 'E4').status).toBe('missing');
      expect(item(c, 'Q4').status).toBe('missing');
    });

    it('replacing the figures with 若干 lowers the total', () => {
      const vague = original
        .replace(/\d+(?:\.\d+)?\s*%/g, '较高比例')
        .replace(/\d+(?:\.\d+)?(?=\s*(?:余|多|万|亿|\(|（|件|宗|次|个|人|家|项|部|场|期|篇|元|户|名|天|份|条|批|所|类|位|小时|学时))/g, '若干');
      const { card: c } = cardOf(vague);
      expect(c.total).toBeLessThan(card.total);
      expect(item(c, 'Q1').status).toBe('missing');
    });

    it('a plan that names only the report year is not met', () => {
      const wrong = original.replace(fx.planHeading, fx.planHeading.replace(String(fx.year + 1), String(fx.year))).split(`${fx.year + 1}年`).join(`${fx.year}年`);
      const { card: c } = cardOf(wrong);
      expect(item(c, 'E4').status).toBe('partial');
      expect(item(c, 'E4').missing.join()).toContain(`${fx.year + 1}年度安排`);
      expect(item(c, 'Q4').status).toBe('missing');
    });

    it('adding a cause analysis to the problems makes E2 and Q3 met', () => {
      const at = original.indexOf(fx.planHeading);
      const withCauses =
        original.slice(0, at) +
        '究其原因，主要是由于部分干部对法治政府建设重视不够，基层专业人才缺乏，经费保障不足，协调机制不健全。\n' +
        original.slice(at);
      const { card: c } = cardOf(withCauses);
      expect(item(c, 'Q3').status).toBe('met');
      // E2 also needs a problems part of real length (001's is three short sentences)
      expect(item(c, 'E2').missing).not.toContain('原因分析');
    });
  });

  it('a traditional-character copy scores the same and quotes in traditional characters', () => {
    const toTraditional = OpenCC.Converter({ from: 'cn', to: 't' });
    const trad = toTraditional(original);
    const { report: tr, card: tc } = cardOf(trad);
    expect(tr.metadata.script).toBe('traditional');
    expect(Math.abs(tc.total - card.total)).toBeLessThanOrEqual(1);
    const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
    let traditionalQuotes = 0;
    for (const it of tc.items) {
      for (const e of it.evidence) {
        expect(trad.slice(e.start, e.end)).toBe(e.quote);
        if (toSimplified(e.quote) !== e.quote) traditionalQuotes++;
      }
    }
    expect(traditionalQuotes).toBeGreaterThan(10);
  });
});

describe('a short generic report', () => {
  it('with no problems section and no figures scores below 35', () => {
    const generic = `某县2023年法治政府建设年度报告
2023年，我县坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，认真落实党中央、国务院关于法治政府建设的决策部署，全面推进依法行政，法治政府建设取得了积极成效。一是加强组织领导，把法治政府建设摆在全局工作的重要位置，切实履行推进法治建设第一责任人职责。二是推进依法行政，不断提高干部的法治意识和依法办事能力。三是规范行政执法行为，推进严格规范公正文明执法，执法水平不断提升。四是加强法治宣传教育，营造良好的法治氛围。下一步，我县将继续深入推进法治政府建设，为经济社会高质量发展提供有力法治保障。`;
    const { card } = cardOf(generic);
    expect(card.total).toBeLessThan(35);
    expect(item(card, 'E2').status).toBe('missing');
    expect(item(card, 'Q1').status).toBe('missing');
    expect(item(card, 'E3').status).toBe('partial');
  });
});

describe('variants of the fixtures (test/fixtures/variants)', () => {
  const files = existsSync(VARIANTS) ? readdirSync(VARIANTS).sort() : [];
  const textVariants = files.filter((f) => /\.(trad|oneline|pipes)\.txt$/.test(f));
  const base = (f: string) => `${f.split('.')[0]}.txt`;
  const totals = new Map(FIXTURES.map((fx) => [fx.file, cardOf(read(fx.file)).card.total]));

  (textVariants.length ? it.each(textVariants) : it.skip.each(['(no variants yet)']))('%s scores within ±1 of the original, with exact quotes', (f) => {
    const text = readFileSync(join(VARIANTS, f), 'utf8');
    const { report, card } = cardOf(text);
    expect(Math.abs(card.total - totals.get(base(f))!)).toBeLessThanOrEqual(1);
    for (const it of card.items) for (const e of it.evidence) expect(report.original.slice(e.start, e.end)).toBe(e.quote);
  });

  const binaryVariants = files.filter((f) => /\.(gbk\.txt|html|docx)$/.test(f));
  (binaryVariants.length ? it.each(binaryVariants) : it.skip.each(['(no variants yet)']))('%s (through intake) scores within ±1 of the original', async (f) => {
    const res = await intake.intakeReport({ bytes: readFileSync(join(VARIANTS, f)), filename: f });
    const report: PreparedReport = res.prepared;
    const card = score(report, rubric, resolveProfile(report, rubric));
    expect(Math.abs(card.total - totals.get(base(f))!)).toBeLessThanOrEqual(1);
    for (const it of card.items) for (const e of it.evidence) expect(report.original.slice(e.start, e.end)).toBe(e.quote);
  });
});

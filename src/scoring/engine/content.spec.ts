/**
 * Structural checks count content, not characters: passages written for the purpose, scored with the real
 * rubric (1.1.0) and the real intake.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RubricDefinition } from '../../rubric/rubric.types';
import type { ScoreCard } from './score-card.types';
import { scoreReport } from './score';

const ROOT = join(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadRubricFile } = require('../../rubric/rubric-loader') as typeof import('../../rubric/rubric-loader');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const intake = require('../../intake') as typeof import('../../intake');

const rubric: RubricDefinition = loadRubricFile(join(ROOT, 'rubrics', 'outline-2021-2025-1.1.0.yaml'));
const passage = (name: string) => readFileSync(join(__dirname, 'passages', name), 'utf8');
const cardOf = (text: string, profile?: string) => scoreReport(intake.prepareText(text), rubric, profile);
const item = (card: ScoreCard, id: string) => card.items.find((i) => i.id === id)!;
const status = (card: ScoreCard, id: string) => item(card, id).status;
const quotes = (card: ScoreCard) => card.items.flatMap((i) => i.evidence.map((e) => e.quote));

const CHINESE_DIGITS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/**
 * Ten thousand characters of slogans: every outline item's title as a heading and every one of its terms in a
 * sentence of stock phrases, with no figure, no date, no document and no named act.
 */
function sloganReport(): string {
  const body: string[] = [];
  const outline = rubric.items.filter((i) => i.check === 'terms');
  let n = 0;
  while (body.join('').length < 9000) {
    for (const it of outline) {
      const terms = it.groups.flatMap((g) => g.terms).filter((t) => !/\d/.test(t));
      body.push(`（${CHINESE_DIGITS[n % 10]}）${it.title}`);
      body.push(terms.map((t) => `坚持高标准推进${t}，不断健全${t}工作机制，${t}水平持续提升。`).join(''));
      n++;
    }
  }
  return passage('slogans-head.txt') + body.join('\n') + '\n' + passage('slogans-tail.txt');
}

describe('a concise township report (about 900 characters, passages/township-concise.txt)', () => {
  const card = cardOf(passage('township-concise.txt'));

  it('is read as a township report', () => {
    expect(card.profile).toBe('township');
  });

  it.each(['E1', 'E2', 'E3', 'E4', 'Q3', 'Q4'])('%s is met', (id) => {
    expect(status(card, id)).toBe('met');
  });

  it('never quotes the signature or the date as evidence', () => {
    for (const q of quotes(card)) {
      expect(q).not.toBe('某镇人民政府');
      expect(q).not.toContain('2025年2月20日');
    }
  });
});

describe('ten thousand characters of slogans with all the right headings and terms', () => {
  const text = sloganReport();
  const card = cardOf(text);
  const concise = cardOf(passage('township-concise.txt'), 'county_government');

  it('is long', () => {
    expect(text.length).toBeGreaterThan(10000);
  });

  it.each(['E1', 'E2', 'E3', 'E4', 'Q3'])('%s is not met', (id) => {
    expect(status(card, id)).not.toBe('met');
  });

  it('totals far below the concise specific report scored as a county', () => {
    expect(card.total).toBeLessThan(concise.total - 15);
  });
});

describe('problems and their causes (E2, Q3)', () => {
  const base = passage('township-concise.txt');
  const problemsPart = base.slice(base.indexOf('二、存在的问题和原因'), base.indexOf('三、2025年工作安排'));
  const withProblems = (part: string) => base.replace(problemsPart, part);

  it('problems listed without causes: E2 partial, Q3 missing', () => {
    const card = cardOf(
      withProblems(`二、存在的问题
一是执法人员专业能力不足，镇综合行政执法队18人中具有法律专业背景的仅2人，部分案件文书不规范。
二是村级调解力量不均衡，3个偏远村的调解员年龄偏大，全年仅化解纠纷9件。
`),
    );
    expect(status(card, 'E2')).toBe('partial');
    expect(item(card, 'E2').missing).toContain('原因分析');
    expect(status(card, 'Q3')).toBe('missing');
  });

  it('causes in a separate paragraph after the problems count for them', () => {
    const card = cardOf(
      withProblems(`二、存在的问题
一是执法人员专业能力不足，镇综合行政执法队18人中具有法律专业背景的仅2人，部分案件文书不规范。
二是村级调解力量不均衡，3个偏远村的调解员年龄偏大，全年仅化解纠纷9件。
产生问题的原因主要有：一是执法队组建时间短，人员多从原站所转岗，系统培训不足一年；二是村级调解员补贴每月仅200元，镇里未建立调解员考核激励办法。
`),
    );
    expect(status(card, 'E2')).toBe('met');
    expect(status(card, 'Q3')).toBe('met');
  });

  it('a stock cause ("原因主要是认识还不够到位") is not a cause analysis', () => {
    const card = cardOf(
      withProblems(`二、存在的问题
一是执法人员专业能力不足，镇综合行政执法队18人中具有法律专业背景的仅2人，部分案件文书不规范。
二是村级调解力量不均衡，3个偏远村的调解员年龄偏大，全年仅化解纠纷9件。
原因主要是认识还不够到位。
`),
    );
    expect(status(card, 'E2')).toBe('partial');
    expect(status(card, 'Q3')).not.toBe('met');
  });

  it('one cause for two problems is only part of the analysis', () => {
    const card = cardOf(
      withProblems(`二、存在的问题
一是执法人员专业能力不足，镇综合行政执法队18人中具有法律专业背景的仅2人。原因在于执法队组建时间短。
二是村级调解力量不均衡，3个偏远村的调解员年龄偏大，全年仅化解纠纷9件。
`),
    );
    expect(status(card, 'E2')).toBe('partial');
    expect(status(card, 'Q3')).toBe('met');
  });

  it('slogans in place of problems are not specific problems', () => {
    const card = cardOf(withProblems(`二、存在的问题\n一是依法行政意识有待进一步增强。二是法治队伍建设还需进一步加强。\n`));
    expect(status(card, 'E2')).toBe('partial');
    expect(item(card, 'E2').missing.join()).toContain('具体问题');
  });
});

describe('problems in proportion to the achievements (Q2): a proportion, never a character count', () => {
  const base = passage('township-concise.txt');
  const problemsPart = base.slice(base.indexOf('二、存在的问题和原因'), base.indexOf('三、2025年工作安排'));

  it('two specific problems of a concise report are in proportion to its account of the year', () => {
    const problems = `二、存在的问题和原因
一是执法队18人中具有法律专业背景的仅2人，原因在于队伍组建时间短。
二是3个偏远村全年仅化解纠纷9件，原因是调解员补贴每月仅200元。
`;
    expect(problems.length).toBeLessThan(150); // 1.0.0's floor in characters, which 1.1.0 no longer has
    expect(status(cardOf(base.replace(problemsPart, problems)), 'Q2')).toBe('met');
  });

  it('one line of problems against the whole account is partial, and the gap says so as a share of it', () => {
    const card = cardOf(base.replace(problemsPart, '二、存在的问题和原因\n执法力量不足。\n'));
    expect(status(card, 'Q2')).toBe('partial');
    const [said] = item(card, 'Q2').missing;
    expect(said).toMatch(/^问题部分篇幅（占成效部分\d+(?:\.\d)?%，应不少于8%）$/);
    expect(said).not.toMatch(/\d+字/);
  });

  it('1.0.0 keeps its floor, worded as a proportion too', () => {
    const v100: RubricDefinition = loadRubricFile(join(ROOT, 'rubrics', 'outline-2021-2025.yaml'));
    const problems = `二、存在的问题和原因
一是执法队18人中具有法律专业背景的仅2人，原因在于队伍组建时间短。
二是3个偏远村全年仅化解纠纷9件，原因是调解员补贴每月仅200元。
`;
    const card = scoreReport(intake.prepareText(base.replace(problemsPart, problems)), v100);
    expect(status(card, 'Q2')).toBe('partial');
    expect(item(card, 'Q2').missing.join('')).toMatch(/占成效部分\d+(?:\.\d)?%/);
    expect(item(card, 'Q2').missing.join('')).not.toMatch(/\d+字/);
  });
});

describe('the principal leader (E3): a claim is not evidence', () => {
  const base = passage('township-concise.txt');
  const leader = base.slice(base.indexOf('（一）党政主要负责人'), base.indexOf('（二）综合行政执法'));

  it('"主要负责人高度重视，认真履行第一责任人职责" with no meeting, number or decision is partial', () => {
    const card = cardOf(base.replace(leader, '（一）党政主要负责人履行第一责任人职责。镇主要负责人高度重视，认真履行第一责任人职责，坚持重大问题亲自过问、重点环节亲自协调、重要任务亲自督办。\n'));
    expect(status(card, 'E3')).toBe('partial');
  });

  it('a meeting the principal chaired is evidence', () => {
    expect(status(cardOf(base), 'E3')).toBe('met');
  });
});

describe('next year (E4): arrangements that can be checked', () => {
  const base = passage('township-concise.txt');
  const plan = base.slice(base.indexOf('三、2025年工作安排'), base.indexOf('某镇人民政府\n2025年'));

  it('three slogans are not three arrangements', () => {
    const card = cardOf(base.replace(plan, '三、2025年工作安排\n（一）进一步加强法治政府建设。\n（二）持续推进严格规范公正文明执法。\n（三）不断提升依法行政水平。\n\n'));
    expect(status(card, 'E4')).toBe('partial');
    expect(item(card, 'E4').missing.join()).toContain('具体安排');
  });

  it('a profile can ask for more arrangements than the rubric (profiles.*.params)', () => {
    const strict: RubricDefinition = { ...rubric, profiles: { ...rubric.profiles, township: { ...rubric.profiles.township, params: { E4: { minArrangements: 4 } } } } };
    const card = scoreReport(intake.prepareText(base), strict);
    expect(status(card, 'E4')).toBe('partial');
  });
});

describe('closing furniture is never evidence', () => {
  const base = passage('township-concise.txt');

  it('page numbers, 附件, 抄送 and 联系人 after the signature are quoted nowhere', () => {
    const text =
      base.replace('（四）矛盾纠纷化解。', '— 2 —\n（四）矛盾纠纷化解。') +
      '附件：1.2024年度镇综合行政执法案件统计表（共86件）\n2.2025年重点工作任务分解表\n抄送：县委依法治县办，县司法局。\n联系人：张某某，联系电话：12345678\n— 3 —\n';
    const card = cardOf(text);
    for (const q of quotes(card)) expect(q).not.toMatch(/^(?:附件|抄送|联系人|— \d —|某镇人民政府$|2025年2月20日)/);
    expect(status(card, 'E4')).toBe('met');
    expect(status(card, 'E1')).toBe('met');
  });

  it('a signature alone under the plan heading is no plan', () => {
    const text = base.slice(0, base.indexOf('（一）2025年6月底前')) + '\n某镇人民政府\n2025年2月20日\n';
    const card = cardOf(text);
    expect(status(card, 'E4')).not.toBe('met');
    expect(quotes(card)).not.toContain('某镇人民政府');
  });
});

describe('an outline item with more than 31 term groups', () => {
  const item = rubric.items.find((i) => i.check === 'terms')!;
  const groups = Array.from({ length: 40 }, (_, g) => ({ id: `g${g}`, label: `第${g}组`, terms: [`专项事务第${g}号`] }));
  const wide: RubricDefinition = { ...rubric, items: [{ ...item, id: 'W1', groups, rule: { partial: { minGroups: 1 }, met: { minGroups: 40 } } }] };

  it('counts every one of 40 groups', () => {
    const text = `某县2024年法治政府建设年度报告\n一、主要举措和成效\n${groups.map((g) => `办理${g.terms[0]}12件。`).join('')}\n`;
    const card = scoreReport(intake.prepareText(text), wide, 'county_government');
    expect(card.items[0].status).toBe('met');
    const short = scoreReport(intake.prepareText(text.replace(`办理${groups[35].terms[0]}12件。`, '')), wide, 'county_government');
    expect(short.items[0].status).toBe('partial');
  });

  it('quotes first the sentence showing the most groups, however high their index', () => {
    const two = `办理${groups[0].terms[0]}、${groups[1].terms[0]}各12件。`;
    const nine = `办理${groups.slice(31).map((g) => g.terms[0]).join('、')}共12件。`;
    const card = scoreReport(intake.prepareText(`某县2024年法治政府建设年度报告\n一、主要举措和成效\n${two}${nine}\n`), wide, 'county_government');
    expect(card.items[0].evidence[0].quote).toBe(nine);
  });
});

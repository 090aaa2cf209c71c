/**
 * Metadata from page openings as they are copied from government sites (passages written here, modelled on
 * real ones): generic titles, self-references, party bodies, today-widgets, index numbers, plan periods,
 * publishers, 成文日期 and reading annotations.
 */
import { intakeReport, prepareText } from './prepare-report';
import { governmentLevelOf, levelFromBody } from './issuer-level';
import { yearOf } from './metadata';
import { stripReadingAnnotations } from './reading-annotations';

const md = (text: string) => prepareText(text).metadata;
const BODY = '\n一、主要工作\n（一）加强组织领导。推进依法行政，规范行政执法。\n二、存在问题\n执法队伍力量不足。\n三、下一步工作\n继续推进。';

describe('level from the body when the title does not name the issuer', () => {
  it.each([
    ['我局 → department', '2022年法治政府建设工作报告\n2022年，我局在市委市政府的坚强领导下，深入学习贯彻习近平法治思想。局党组高度重视法治建设，本局领导班子带头学法。', 'department'],
    ['局党组 → department', '法治政府建设年度报告\n一年来，局党组坚持把法治建设摆在突出位置，我局各科室认真落实。', 'department'],
    ['县政府主要负责同志 → county government', '2023年法治政府建设情况报告\n2023年，在县委的坚强领导下，县政府主要负责同志认真履行推进法治建设第一责任人职责，全县上下坚持依法行政，我县法治政府建设取得新成效。', 'county'],
    ['全区/区政府 → county', '法治政府建设工作总结\n今年以来，我区坚持以习近平法治思想为指导，区政府常务会议专题研究法治工作，全区各部门协同推进。', 'county'],
    ['街道党工委/办事处 → township', '2023年度法治政府建设情况报告\n2023年，街道党工委、办事处坚持以习近平法治思想为指导，我街道扎实推进基层依法治理，全街道未发生重大行政争议。', 'township'],
    ['我镇/镇党委 → township', '法治政府建设年度报告\n2024年，镇党委、镇政府高度重视法治建设，我镇全面推进依法行政，全镇法治氛围日益浓厚。', 'township'],
    ['全省/省政府 → province', '2022年法治政府建设年度报告\n2022年，省政府常务会议多次研究法治政府建设，全省各级行政机关坚持依法行政，我省法治政府建设迈上新台阶。', 'province'],
    ['我市 → city', '法治政府建设年度报告\n2023年，我市坚持以习近平法治思想为指导，市政府常务会议定期听取法治建设汇报，我市各县（市、区）协同推进。', 'city'],
  ])('%s', (_name, opening, level) => {
    const m = md(opening + BODY);
    expect(m.governmentLevel).toBe(level);
    expect(m.sources?.level).toBe('body');
  });

  it('a department that writes 全市 about its field is still a department', () => {
    const text = '法治政府建设年度报告\n2023年，我局坚持以习近平法治思想为指导，全市司法行政系统协同推进，全市法治宣传深入开展，全市公共法律服务体系不断完善，我局法治建设取得成效。';
    expect(md(text + BODY).governmentLevel).toBe('department');
  });

  it('nothing names the type: level is a default, and says so', () => {
    const m = md('法治政府建设年度报告\n一年来，坚持以习近平法治思想为指导，推进依法行政，规范执法行为。' + BODY);
    expect(m.governmentLevel).toBeUndefined();
    expect(m.level).toBeUndefined();
    expect(m.sources?.level).toBe('default');
  });

  it('an override says it came from the user', () => {
    const m = prepareText('法治政府建设年度报告\n一年来，坚持依法行政，规范执法行为。' + BODY, { level: 'township' }).metadata;
    expect(m.level).toBe('township');
    expect(m.sources?.level).toBe('override');
  });
});

describe('level of a named body', () => {
  it.each([
    ['某某市公安局某某分局', 'department'],
    ['某某省司法厅', 'department'],
    ['某某部', 'department'],
    ['某某市卫生健康委员会', 'department'],
    ['某某市发展和改革委', 'department'],
    ['某某县司法局党组', 'department'],
    ['市司法局', 'department'],
    ['中共某某县委', 'county'],
    ['某某街道党工委', 'township'],
    ['中共某某镇委员会', 'township'],
    ['中共某某市委全面依法治市委员会', 'city'],
    ['某某县委全面依法治县委员会办公室', 'county'],
    ['中共某某县委 某某县人民政府', 'county'],
    ['中共某某区委 某某区人民政府', 'county'],
    ['某某省人民政府', 'province'],
    ['某某自治区人民政府', 'province'],
    ['上海市人民政府', 'province'],
    ['某某市人民政府', 'city'],
    ['某某自治州人民政府', 'city'],
    ['某某盟', 'city'],
    ['某某市某某区', 'county'],
    ['某某县', 'county'],
    ['某某旗人民政府', 'county'],
    ['某某市某某市人民政府', 'county'],
    ['某某街道办事处', 'township'],
    ['某某乡人民政府', 'township'],
  ])('%s → %s', (name, level) => {
    expect(governmentLevelOf(name)).toBe(level);
  });

  it('the title names the issuer: level and issuer come from the title', () => {
    const m = md('某某市公安局某某分局2023年法治政府建设年度报告\n2023年，我分局坚持依法履职。' + BODY);
    expect(m).toMatchObject({ issuer: '某某市公安局某某分局', governmentLevel: 'department' });
    expect(m.sources).toMatchObject({ issuer: 'title', level: 'title' });
  });

  it('the body cues are not fooled by a party committee named in passing', () => {
    expect(levelFromBody('在县委的坚强领导下，县委依法治县委员会统筹协调，我县坚持依法行政，全县上下齐心。')).toBe('county');
  });
});

describe('year', () => {
  it.each([
    ['the title', '某某县2023年法治政府建设年度报告\n一年来，我县坚持依法行政。', 2023, 'title'],
    ['the opening sentence when the title has none', '法治政府建设年度报告\n2023年，我县按照《法治政府建设实施纲要（2021—2025年）》要求，坚持依法行政。', 2023, 'body'],
    ['not a plan period in the title', '某某市法治政府建设规划（2024—2028年）实施情况报告\n2024年，我市坚持依法行政，推进规划落实。', 2024, 'body'],
    ['not a range in the opening', '法治政府建设年度报告\n按照2021—2025年规划部署，2022年我县坚持依法行政，推进各项工作。', 2022, 'body'],
  ])('from %s', (_n, text, year, source) => {
    const m = md(text + BODY);
    expect(m.year).toBe(year);
    expect(m.sources?.year).toBe(source);
  });

  it('never from a today-widget, an index number or a URL', () => {
    const page = '今天是：2020年5月8日 星期五\n索引号：11440000MB2C9/2021-123456\nhttp://www.example.gov.cn/2019/content.html\n法治政府建设年度报告\n发布日期：2024-02-01\n2023年，我局坚持依法行政，规范执法。' + BODY;
    const m = md(page);
    expect(m.year).toBe(2023);
    expect(m.publishedAt).toBe('2024-02-01');
    expect(yearOf('索引号：11440000MB2C9/2021-123456')).toBeUndefined();
    expect(yearOf('今天是：2020年5月8日 星期五')).toBeUndefined();
  });
});

describe('publication date', () => {
  it.each([
    ['发布日期', '发布日期：2024-01-19', '2024-01-19'],
    ['发布时间', '发布时间：2024年3月5日 10:21', '2024-03-05'],
    ['公开日期', '公开日期：2024/2/6', '2024-02-06'],
    ['日期', '日期：2024-01-30 来源：某某县人民政府', '2024-01-30'],
    ['时间', '时间：2024-01-31', '2024-01-31'],
  ])('from the %s field', (_n, field, date) => {
    const m = md(`某某县2023年法治政府建设年度报告\n${field}\n2023年，我县坚持依法行政。` + BODY);
    expect(m.publishedAt).toBe(date);
    expect(m.sources?.publishedAt).toBe('field');
  });

  it('not from the today-widget; 成文日期 only when no publication date; 公文生成日期 never', () => {
    const head = '今天是：2025年3月1日 星期六\n某某县2023年法治政府建设年度报告\n';
    const body = '2023年，我县坚持依法行政。' + BODY;
    expect(md(`${head}成文日期：2024-01-10\n发布日期：2024-01-15\n${body}`).publishedAt).toBe('2024-01-15');
    expect(md(`${head}成文日期：2024-01-10\n${body}`).publishedAt).toBe('2024-01-10');
    expect(md(`${head}公文生成日期：2024-01-12\n${body}`).publishedAt).toBeUndefined();
    expect(md(`${head}${body}`).publishedAt).toBeUndefined();
  });
});

describe('issuer', () => {
  it('is not the publisher: 来源 X司法局 on a district government report', () => {
    const m = md('法治政府建设年度报告\n来源：某某区司法局 发布时间：2024-01-20\n2023年，某某区人民政府坚持以习近平法治思想为指导，区政府主要负责同志认真履职，全区依法行政水平不断提升。' + BODY);
    expect(m.issuer).toBe('某某区人民政府');
    expect(m.governmentLevel).toBe('county');
    expect(m.sources?.issuer).toBe('body');
  });

  it('is not the site name in the header', () => {
    const m = md('某某市人民政府门户网站\n首页 > 政务公开 > 法治政府建设\n2022年法治政府建设工作报告\n2022年，我局坚持依法行政，局党组高度重视。' + BODY);
    expect(m.issuer).toBeUndefined();
    expect(m.governmentLevel).toBe('department');
  });

  it('comes from the signature when the title is generic', () => {
    const text = '2022年法治政府建设工作报告\n2022年，我县坚持依法行政，全县上下共同努力。' + BODY + '\n某某县人民政府\n2023年1月20日';
    expect(md(text)).toMatchObject({ issuer: '某某县人民政府', governmentLevel: 'county', year: 2022 });
  });
});

describe('reading annotations', () => {
  it('are stripped before conversion and never reach a quote', async () => {
    const annotated = '某某縣2023年法(fǎ)治(zhì)政府建設年度報告\n2023年，我縣堅持依法(fǎ)行政（xíng），推進嚴格規範公正文明執法。' + BODY;
    expect(stripReadingAnnotations('法(fǎ)治(zhì)')).toBe('法治');
    const res = await intakeReport({ text: annotated });
    expect(res.extracted).not.toMatch(/[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔù]+[)）]/);
    expect(res.prepared.metadata.title).toBe('某某县2023年法治政府建设年度报告');
    expect(res.prepared.metadata.script).toBe('traditional');
  });
});

describe('the card says how sure it is', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadRubricFile } = require('../rubric/rubric-loader') as typeof import('../rubric/rubric-loader');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { scoreReport } = require('../scoring/engine/score') as typeof import('../scoring/engine/score');
  const rubric = loadRubricFile(require('node:path').join(__dirname, '../../rubrics/outline-2021-2025.yaml'));
  const unknown = prepareText('法治政府建设年度报告\n一年来，坚持以习近平法治思想为指导，推进依法行政，规范执法行为。' + BODY);

  it('when the type is a default, the first gap asks to confirm it', () => {
    const card = scoreReport(unknown, rubric);
    expect(card.gaps[0]).toMatchObject({ itemId: 'profile', severity: 'high' });
    expect(card.gaps[0].message).toMatch(/^类型未能识别，暂按区县政府.*评分，请确认/);
    expect(card.report.sources).toMatchObject({ level: 'default', title: 'title' });
    expect(card.report.governmentLevel).toBeNull();
  });

  it('a named profile or a recognised type asks nothing', () => {
    expect(scoreReport(unknown, rubric, 'township').gaps.some((g) => g.itemId === 'profile')).toBe(false);
    const known = scoreReport(prepareText('某某县2023年法治政府建设年度报告\n2023年，我县坚持依法行政，规范执法。' + BODY), rubric);
    expect(known.gaps.some((g) => g.itemId === 'profile')).toBe(false);
    expect(known.report).toMatchObject({ governmentLevel: 'county', sources: { level: 'title', year: 'title' } });
  });
});

import * as fs from 'node:fs';
import { mapSpan } from './intake.types';
import { foldChars, isJunkLine, normaliseForMatching, toSimplifiedAligned } from './normalise';
import { detectSections, flattenSections } from './sections';
import { REPORTS, readReport, variantPath } from './test-fixtures';

/** Deterministic PRNG so a failing span can be reproduced. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const squeeze = (s: string) => s.replace(/[\s|]+/g, '');

describe('normaliseForMatching: character folding', () => {
  it('converts traditional to simplified by characters only, not vocabulary', () => {
    expect(normaliseForMatching('法治政府建設與行政復議').normalised).toBe('法治政府建设与行政复议');
    // 'twp' would turn 資訊 into 信息; characters-only keeps the word.
    expect(normaliseForMatching('資訊公開').normalised).toBe('资讯公开');
  });

  it('folds full-width letters, digits and ASCII punctuation, keeps Chinese sentence punctuation', () => {
    const { normalised } = normaliseForMatching('（一）２０２４年，ＡＢＣ：完成１２项；是否？是！《条例》、“引号”。');
    expect(normalised).toBe('(一)2024年,ABC:完成12项;是否?是!《条例》、“引号”。');
  });

  it('collapses whitespace of every kind, trims lines, unifies line endings and drops blank lines', () => {
    const { normalised } = normaliseForMatching('\u3000\u3000第一段\u00a0\u00a0 内容\t\t结束。\r\n\r\n   \r\n第二段\r第三段\u200b。\n');
    expect(normalised).toBe('第一段 内容 结束。\n第二段\n第三段。');
  });

  it('treats table pipes as cell separators', () => {
    expect(normaliseForMatching('| 一、主要工作 |\n|---|:---|\n|序号|事项|\n｜完成｜').normalised).toBe('一、主要工作\n序号 事项\n完成');
  });
});

describe('normaliseForMatching: website junk', () => {
  it.each([
    '• 长者助手',
    '  • 无障碍',
    '无障碍版 长者助手',
    '【字号: 分享',
    '【字号：大 中 小】 分享到： 打印 关闭',
    '您当前的位置: 首页 >政务公开 > 规划计划',
    '您当前所在的位置：首页 > 政务公开',
    '当前位置：首页',
    '信息来源:本网 发布日期:2024-01-19 分享:',
    '2025-01-15 来源: 广州市增城区司法局',
    '浏览次数：1234',
    '粤ICP备05080000号 粤公网安备 44011802000000号',
    '网站标识码：4401830001',
    '主办：广州市增城区人民政府 承办：政务服务数据管理局',
    '相关附件',
    '相关新闻',
    '相关链接',
    '扫一扫在手机打开当前页',
    '打印本页 关闭窗口',
  ])('drops the chrome line %j', (line) => {
    expect(isJunkLine(foldChars(line).replace(/\s+/g, ' ').trim())).toBe(true);
  });

  it.each([
    '组织经验分享会3场,分享基层执法经验。',
    '推进无障碍环境建设,为长者提供助手服务。',
    '关闭违规网站12个。',
    '规范老字号企业名称使用。',
    '全年相关新闻发布会召开5场。',
    '浏览量大幅提升',
    '为企业提供技术支持',
    '一、主要工作',
    '2024年,增城区司法局坚持以习近平新时代中国特色社会主义思想为指导',
  ])('keeps the content line %j', (line) => {
    expect(isJunkLine(foldChars(line))).toBe(false);
    expect(normaliseForMatching(line).normalised).toBe(foldChars(line));
  });

  it('drops the junk lines of 000 and 003 but keeps the content lines that use the same words', () => {
    const n000 = normaliseForMatching(readReport(REPORTS[0])).normalised;
    for (const junk of ['长者助手', '无障碍', '字号', '相关附件', '相关新闻', '来源:'])
      expect(n000).not.toContain(junk);
    // The body talks about 第一 and 分享-free content; the title stays.
    expect(n000.split('\n')[0]).toBe('广州市增城区司法局关于2024年度法治政府建设情况的报告');
    const n003 = normaliseForMatching(readReport(REPORTS[2])).normalised;
    for (const junk of ['无障碍版', '长者助手', '您当前的位置', '信息来源', '发布日期', '分享:']) expect(n003).not.toContain(junk);
    expect(n003.split('\n')[0]).toBe('中山市司法局2023年法治政府建设年度报告');

    // Same words inside content survive when the chrome lines around them are dropped.
    const text = '无障碍\n相关新闻\n推进无障碍环境建设。\n开展相关新闻发布工作,做好信息分享。\n字号\n规范老字号企业名称使用。';
    expect(normaliseForMatching(text).normalised).toBe('推进无障碍环境建设。\n开展相关新闻发布工作,做好信息分享。\n规范老字号企业名称使用。');
  });
});

describe('normaliseForMatching: offset map', () => {
  const cases: Array<[string, string]> = [];
  for (const base of REPORTS) {
    cases.push([`${base} as-is`, readReport(base)]);
    cases.push([`${base} traditional`, fs.readFileSync(variantPath(base, '.trad.txt'), 'utf8')]);
    cases.push([`${base} pipes`, fs.readFileSync(variantPath(base, '.pipes.txt'), 'utf8')]);
    cases.push([`${base} one paragraph`, fs.readFileSync(variantPath(base, '.oneline.txt'), 'utf8')]);
  }

  it.each(cases)('%s: every normalised character comes from the original character it maps to', (_name, original) => {
    const { normalised, toOriginal } = normaliseForMatching(original);
    const conv = toSimplifiedAligned(original);
    expect(toOriginal.length).toBe(normalised.length + 1);
    expect(toOriginal[normalised.length]).toBe(original.length);
    for (let i = 0; i < normalised.length; i++) {
      if (i > 0) expect(toOriginal[i]).toBeGreaterThan(toOriginal[i - 1]);
      const c = normalised[i];
      const o = original[toOriginal[i]];
      if (c === '\n') expect(o === '\n' || o === '\r').toBe(true);
      else if (c === ' ') expect(foldChars(o)).toBe(' ');
      else expect(foldChars(conv[toOriginal[i]])).toBe(c);
    }
  });

  it.each(cases)('%s: random spans and every heading map back to the same text in the original', (_name, original) => {
    const { normalised, toOriginal } = normaliseForMatching(original);
    const sections = flattenSections(detectSections(normalised));
    const body = sections[0].start;
    const next = rng(original.length);
    const spans: Array<[number, number]> = sections.map((s) => [s.start, s.headingEnd]);
    for (let k = 0; k < 300; k++) {
      const s = body + Math.floor(next() * (normalised.length - body));
      const e = Math.min(normalised.length, s + 1 + Math.floor(next() * 120));
      spans.push([s, e]);
    }
    for (const [s, e] of spans) {
      const [os, oe] = mapSpan(toOriginal, s, e);
      // The original slice, converted and folded by itself, is the normalised span up to whitespace.
      expect(squeeze(foldChars(original.slice(os, oe)))).toBe(squeeze(normalised.slice(s, e)));
    }
  });

  it('maps evidence into the traditional original at the right place', () => {
    const original = '一、工作情況\n（一）推進嚴格規範公正文明執法。全年辦理行政複議案件22件。';
    const { normalised, toOriginal } = normaliseForMatching(original);
    const s = normalised.indexOf('全年办理行政复议案件22件。');
    const [os, oe] = mapSpan(toOriginal, s, s + '全年办理行政复议案件22件。'.length);
    expect(original.slice(os, oe)).toBe('全年辦理行政複議案件22件。');
  });

  it('keeps surrogate pairs (CJK extension B) as two mapped units', () => {
    const original = '𠀀𠀁 法治。';
    const { normalised, toOriginal } = normaliseForMatching(original);
    expect(normalised).toBe('𠀀𠀁 法治。');
    expect(Array.from(toOriginal)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].slice(0, normalised.length).concat(original.length));
  });
});

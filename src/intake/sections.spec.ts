import { normaliseForMatching } from './normalise';
import { addLabelHeadings, chineseNumeral, detectSections, flattenSections } from './sections';
import { REPORTS, readReport } from './test-fixtures';
import type { Section } from './intake.types';

const sectionsOf = (text: string) => {
  const { normalised } = normaliseForMatching(text);
  return { normalised, sections: detectSections(normalised) };
};
const outline = (sections: Section[]) => sections.map((s) => `${s.marker}${s.heading}`);

describe('detectSections on the fixtures', () => {
  it('000: three parts, with (一)…(八), (一)…(三), (一)…(五) under them', () => {
    const { sections } = sectionsOf(readReport(REPORTS[0]));
    expect(outline(sections)).toEqual(['一、2024年工作情况', '二、存在问题', '三、2025年工作计划']);
    expect(sections.map((s) => s.children.map((c) => c.marker))).toEqual([
      ['(一)', '(二)', '(三)', '(四)', '(五)', '(六)', '(七)', '(八)'],
      ['(一)', '(二)', '(三)'],
      ['(一)', '(二)', '(三)', '(四)', '(五)'],
    ]);
    // Heading text stops at the first 。 of a heading that leads its paragraph.
    expect(sections[0].children[0].heading).toBe('坚定政治立场,加强党对法治建设的全面领导');
    expect(sections.every((s) => s.level === 1 && s.children.every((c) => c.level === 2))).toBe(true);
  });

  it('001: numbered 1. 2. 3. items at level 3 under (二), and an inline 一是…五是 run at level 4 under (一)', () => {
    const { sections } = sectionsOf(readReport(REPORTS[1]));
    expect(outline(sections)).toEqual(['一、2022年法治政府建设的主要工作举措及成效', '二、存在的不足', '三、2023年重点工作']);
    const first = sections[0].children[0];
    expect(first.marker).toBe('(一)');
    expect(first.children.map((c) => [c.marker, c.level, c.inline])).toEqual([
      ['一是', 4, true],
      ['二是', 4, true],
      ['三是', 4, true],
      ['四是', 4, true],
      ['五是', 4, true],
    ]);
    const second = sections[0].children[1];
    expect(second.heading).toBe('全面履行政府职能,提高行政效能和服务水平');
    expect(second.children.map((c) => [c.marker, c.level, c.heading])).toEqual([
      ['1.', 3, '精准高效应对疫情防控'],
      ['2.', 3, '持续推进“放管服”改革'],
      ['3.', 3, '全力打造高效便捷智能化政务服务'],
      ['4.', 3, '进一步优化法治化营商环境'],
    ]);
    // "(七) 持续做好…": the space after the marker is not part of the heading.
    expect(sections[2].children[6].heading).toBe('持续做好普法宣传工作');
    expect(sections[1].children).toEqual([]);
  });

  it('003: finds the heading typo "(四推进…" as the fourth level-2 section', () => {
    const { normalised, sections } = sectionsOf(readReport(REPORTS[2]));
    const parts = sections[0].children;
    expect(parts.map((c) => c.ordinal)).toEqual([1, 2, 3, 4, 5, 6]);
    const typo = parts[3];
    expect(typo.level).toBe(2);
    expect(typo.marker).toBe('(四');
    expect(typo.heading).toBe('推进依法行政体系建设,确保政府履职协同高效');
    expect(normalised.slice(typo.start, typo.headingEnd)).toBe('(四推进依法行政体系建设,确保政府履职协同高效');
    // The problems paragraph lists 一是/二是/三是 inline.
    expect(sections[1].children.map((c) => c.marker)).toEqual(['一是', '二是', '三是']);
  });

  it.each(REPORTS)('%s: spans are consistent: heading slices, nesting and ordering', (base) => {
    const { normalised, sections } = sectionsOf(readReport(base));
    const check = (list: Section[], lo: number, hi: number) => {
      let prevEnd = lo;
      for (const s of list) {
        expect(s.start).toBeGreaterThanOrEqual(prevEnd);
        expect(s.headingEnd).toBeGreaterThan(s.start);
        expect(s.end).toBeGreaterThanOrEqual(s.headingEnd);
        expect(s.end).toBeLessThanOrEqual(hi);
        expect(normalised.slice(s.start, s.headingEnd).replace(/^(\S+?) +/, '$1')).toBe(s.marker + s.heading);
        for (const c of s.children) expect(c.level).toBeGreaterThan(s.level);
        check(s.children, s.headingEnd, s.end);
        prevEnd = s.end;
      }
    };
    check(sections, 0, normalised.length);
  });
});

describe('detectSections: inline headings', () => {
  it('finds headings inside one long paragraph when they follow sentence punctuation or a gap', () => {
    const text =
      '本年度工作成效显著。一、主要工作 (一)依法决策。制定目录。(二)规范执法。全年办案12件。二、存在的不足 一是监督不够。二是培训不足。三、下一步计划 加强学习。';
    const { sections } = sectionsOf(text);
    expect(outline(sections)).toEqual(['一、主要工作', '二、存在的不足', '三、下一步计划']);
    expect(outline(sections[0].children)).toEqual(['(一)依法决策', '(二)规范执法']);
    expect(outline(sections[1].children)).toEqual(['一是监督不够', '二是培训不足']);
    expect(sections.every((s) => s.inline)).toBe(true);
  });

  it('ignores markers that do not follow punctuation or are out of sequence', () => {
    const text = '一、主要工作\n推进统一、规范的执法。全年完成三、四项改革。村(社区)工作。(三)未按顺序。按第二、三条办理。';
    const { sections } = sectionsOf(text);
    expect(outline(sections)).toEqual(['一、主要工作']);
    expect(sections[0].children).toEqual([]);
  });

  it('does not take a parenthesis that closes for a heading with a missing bracket', () => {
    const { sections } = sectionsOf('一、工作\n(一)学习。\n(二级单位工作)说明。\n(二推进执法规范化');
    expect(sections[0].children.map((c) => c.marker)).toEqual(['(一)', '(二']);
  });

  it('ends sections at the next heading of the same or a higher level', () => {
    const { normalised, sections } = sectionsOf('一、甲\n(一)乙。内容。\n1.丙。\n2.丁。\n二、戊\n正文。');
    const [one, two] = sections;
    expect(normalised.slice(one.start, one.end)).toBe('一、甲\n(一)乙。内容。\n1.丙。\n2.丁。');
    expect(normalised.slice(one.children[0].children[1].start, one.children[0].children[1].end)).toBe('2.丁。');
    expect(normalised.slice(two.start, two.end)).toBe('二、戊\n正文。');
  });

  it('reads 第一, numbers with 十 and numbered items not followed by digits', () => {
    const { sections } = sectionsOf('十一、其他\n第一,加强领导。第二,完善制度。\n3.5亿元资金已到位。\n12.信用监管');
    expect(sections[0].ordinal).toBe(11);
    expect(flattenSections(sections).map((s) => s.marker)).toEqual(['十一、', '第一', '第二', '12.']);
  });

  it('parses Chinese numerals', () => {
    expect([chineseNumeral('一'), chineseNumeral('十'), chineseNumeral('十二'), chineseNumeral('二十'), chineseNumeral('三十五')]).toEqual([
      1, 10, 12, 20, 35,
    ]);
    expect(chineseNumeral('一一')).toBe(0);
  });

  describe('label headings', () => {
    const LABELS = ['主要成效', '存在的问题', '下一步', '工作安排'];
    const labelled = (text: string) => {
      const { normalised, sections } = sectionsOf(text);
      return { normalised, sections: addLabelHeadings(normalised, sections, LABELS) };
    };

    it('takes a short line or a colon lead-in with the given words as a heading; labels are siblings', () => {
      const { normalised, sections } = labelled('主要成效\n办理案件42件。\n存在的问题：一是执法力量不足。\n二〇二五年工作安排：开展评查。');
      expect(sections.map((s) => [s.heading, s.level, s.marker])).toEqual([
        ['主要成效', 1, ''],
        ['存在的问题', 1, ''],
        ['二〇二五年工作安排', 1, ''],
      ]);
      expect(sections[1].children.map((c) => c.marker)).toEqual(['一是']);
      expect(normalised.slice(sections[1].start, sections[1].headingEnd)).toBe('存在的问题:');
      expect(normalised.slice(sections[1].start, sections[1].end)).toBe('存在的问题:一是执法力量不足。');
    });

    it('nests a label under the numbered part it is written in, and reads one after a full stop in one paragraph', () => {
      const { sections } = labelled('一、总体情况\n主要成效:办理案件42件。存在的问题:执法力量不足。\n二、其他');
      expect(outline(sections)).toEqual(['一、总体情况', '二、其他']);
      expect(sections[0].children.map((c) => [c.heading, c.level, c.inline])).toEqual([
        ['主要成效', 2, false],
        ['存在的问题', 2, true],
      ]);
    });

    it('leaves sentences that start with the words, long phrases and unknown words alone', () => {
      const { sections } = labelled(
        '存在的问题已全部整改。\n下一步,我们将继续努力。\n下一步工作要点是强化执法监督和规范执法行为的有关安排:略\n联系人:张三\n主要做法',
      );
      expect(sections).toEqual([]);
    });
  });
});

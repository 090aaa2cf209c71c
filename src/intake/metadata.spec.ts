import { detectMetadata, detectScript, isoDate, issuerFromTitle } from './metadata';
import { governmentLevelOf } from './issuer-level';
import { prepareText } from './prepare-report';
import { REPORTS, readReport } from './test-fixtures';
import { toSimplifiedConverter } from './normalise';
import * as OpenCC from 'opencc-js';

describe('detectMetadata on the fixtures', () => {
  // Expected values read from the files themselves (see the first lines of each report).
  it('000: title line 3, "2025-01-15 来源: 广州市增城区司法局" under it', () => {
    expect(prepareText(readReport(REPORTS[0])).metadata).toEqual({
      title: '广州市增城区司法局关于2024年度法治政府建设情况的报告',
      issuer: '广州市增城区司法局',
      year: 2024,
      governmentLevel: 'department',
      publishedAt: '2025-01-15',
      script: 'simplified',
      sources: { title: 'title', issuer: 'title', level: 'title', year: 'title', publishedAt: 'field' },
    });
  });

  it('001: clean text, no publication date shown; a district name alone is a county-level government', () => {
    const m = prepareText(readReport(REPORTS[1])).metadata;
    expect(m).toEqual({
      title: '江门市江海区2022年法治政府建设年度报告',
      issuer: '江门市江海区',
      year: 2022,
      governmentLevel: 'county',
      script: 'simplified',
      sources: { title: 'title', issuer: 'title', level: 'title', year: 'title' },
    });
    expect(m.publishedAt).toBeUndefined();
  });

  it('003: "信息来源:本网 发布日期:2024-01-19" header; report year 2023, not the publication year', () => {
    expect(prepareText(readReport(REPORTS[2])).metadata).toEqual({
      title: '中山市司法局2023年法治政府建设年度报告',
      issuer: '中山市司法局',
      year: 2023,
      governmentLevel: 'department',
      publishedAt: '2024-01-19',
      script: 'simplified',
      sources: { title: 'title', issuer: 'title', level: 'title', year: 'title', publishedAt: 'field' },
    });
  });

  it('explicit overrides win over detection, empty ones do not', () => {
    const m = prepareText(readReport(REPORTS[0]), { year: 2023, level: 'county_government', issuer: '', title: undefined }).metadata;
    expect(m.year).toBe(2023);
    expect(m.level).toBe('county_government');
    expect(m.issuer).toBe('广州市增城区司法局');
    expect(m.title).toBe('广州市增城区司法局关于2024年度法治政府建设情况的报告');
  });

  it('reads the issuer from a 来源 line when the title does not name it, and the year from the opening', () => {
    const text = '法治政府建设年度报告\n发布时间:2024年3月5日 来源:某某县人民政府\n2023年,我县坚持依法行政。\n一、主要工作\n推进执法。';
    const p = prepareText(text);
    expect(p.metadata).toMatchObject({ issuer: '某某县人民政府', year: 2023, governmentLevel: 'county', publishedAt: '2024-03-05' });
    // intake names the level of government; which profile that is belongs to the rubric
    expect(p.metadata.level).toBeUndefined();
  });
});

describe('metadata helpers', () => {
  it.each([
    ['广州市增城区司法局', 'department'],
    ['江门市江海区', 'county'],
    ['某某县人民政府', 'county'],
    ['某某市人民政府', 'city'],
    ['某某区发展和改革局', 'department'],
    ['某某市卫生健康委员会', 'department'],
    ['某某区人民政府办公室', 'department'],
    ['某某市政务服务数据管理中心', 'department'],
    ['某某街道办事处', 'township'],
    ['某某镇人民政府', 'township'],
    ['某某乡', 'township'],
  ])('level of %s is %s', (issuer, level) => {
    expect(governmentLevelOf(issuer)).toBe(level);
  });

  it('takes the issuer before 关于 or the year', () => {
    expect(issuerFromTitle('中共某某县委 某某县人民政府关于2023年度法治政府建设情况的报告')).toBe('中共某某县委 某某县人民政府');
    expect(issuerFromTitle('2023年法治政府建设年度报告')).toBeUndefined();
  });

  it('normalises dates', () => {
    expect(isoDate('2025年1月15日')).toBe('2025-01-15');
    expect(isoDate('2025/1/5')).toBe('2025-01-05');
    expect(isoDate('2025.01.15 10:00')).toBe('2025-01-15');
    expect(isoDate('2025-02-30')).toBeUndefined();
  });

  it('tells traditional from simplified by the share of characters OpenCC changes', () => {
    const simplified = readReport(REPORTS[1]);
    const traditional = OpenCC.Converter({ from: 'cn', to: 't' })(simplified);
    expect(detectScript(simplified)).toBe('simplified');
    expect(detectScript(traditional)).toBe('traditional');
    const mixed = simplified.slice(0, 3000) + traditional.slice(3000, 3300);
    expect(detectScript(mixed)).toBe('mixed');
    expect(toSimplifiedConverter()(traditional)).toBe(simplified);
  });

  it('works without the original text', () => {
    const m = detectMetadata('某某区司法局2024年度法治政府建设情况报告\n一、工作', []);
    expect(m).toMatchObject({ issuer: '某某区司法局', year: 2024, governmentLevel: 'department', script: 'simplified' });
  });
});

/**
 * The rubric is wholly data: a rubric written here — twelve parts, item ids unlike the 2021—2025 rubric's, two
 * profiles of its own recognised by patterns — loads, scores and renders with no code change, and the profile
 * of a real report is chosen from its detected metadata through the rubric's own patterns.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScoreCard } from './score-card.types';
import { resolveProfile, scoreReport } from './score';
import { renderScoreCardText } from './render-text';
import { STATUS_LABEL } from './messages';
import { twelvePartRubric } from '../../rubric/test-rubrics';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parseRubric, loadRubricFile, RubricRegistry } = require('../../rubric/rubric-loader') as typeof import('../../rubric/rubric-loader');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const intake = require('../../intake') as typeof import('../../intake');

const ROOT = join(__dirname, '..', '..', '..');
const township = readFileSync(join(__dirname, 'passages', 'township-concise.txt'), 'utf8');

describe('a rubric written by the test: 12 parts, unusual ids, two profiles of its own', () => {
  const rubric = parseRubric(twelvePartRubric(), 'test/outline-2026-2030-test.yaml');
  const report = intake.prepareText(township.replace(/2024年/g, '2027年').replace(/2025年/g, '2028年'));
  const registry = new RubricRegistry().add(loadRubricFile(join(ROOT, 'rubrics', 'outline-2021-2025-1.1.0.yaml'))).add(rubric);

  it('is selected for a report on a year in its period', () => {
    expect(report.metadata.year).toBe(2027);
    const { rubric: chosen, note } = registry.select(undefined, report.metadata.year);
    expect(chosen.id).toBe('outline-2026-2030-test');
    expect(note).toBeUndefined();
    expect(registry.select(undefined, 2024).rubric.id).toBe('outline-2021-2025');
  });

  it('loads its twelve parts and two profiles', () => {
    expect(rubric.parts!.map((p) => p.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(Object.keys(rubric.profiles)).toEqual(['grassroots', 'whole_government']);
  });

  let card: ScoreCard;
  it('chooses its own profile from the issuer and applies its threshold override', () => {
    expect(resolveProfile(report, rubric)).toBe('grassroots');
    expect(resolveProfile({ metadata: { issuer: '某县人民政府' } }, rubric)).toBe('whole_government');
    card = scoreReport(report, rubric);
    expect(card.profile).toBe('grassroots');
    // 8 measures with figures meet the grassroots override (3), not the rubric's own 20
    expect(card.items.find((i) => i.id === '要件·举措')!.status).toBe('met');
    expect(scoreReport(report, rubric, 'whole_government').items.find((i) => i.id === '要件·举措')!.status).toBe('partial');
    expect(card.items.find((i) => i.id === 'K-03-a')!.status).toBe('not_applicable');
    expect(card.items.find((i) => i.id === '要件·问题')!.status).toBe('met');
  });

  it('lists its parts in its own order with its titles, numbered past 十', () => {
    expect(card.parts.map((p) => p.part)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(card.parts.find((p) => p.part === 12)!.title).toBe('十二 基层治理');
  });

  it('renders in the CLI with its part titles and the one status vocabulary', () => {
    const text = renderScoreCardText(card);
    expect(text).toContain('十二 基层治理');
    expect(text).toContain('评分标准 outline-2026-2030-test@0.1.0 · 类型 grassroots');
    for (const g of card.gaps) {
      const it = card.items.find((i) => i.id === g.itemId)!;
      expect(text).toContain(`${g.itemId} ${STATUS_LABEL[it.status]}：`);
    }
  });
});

describe('profiles of the 2021—2025 rubric 1.1.0, chosen from the detected metadata', () => {
  const rubric = loadRubricFile(join(ROOT, 'rubrics', 'outline-2021-2025-1.1.0.yaml'));
  const of = (metadata: { governmentLevel?: string; level?: string; issuer?: string }) => resolveProfile({ metadata: metadata as never }, rubric);

  it('maps every level intake detects to a profile', () => {
    // intake names only the level of government; the rubric's `levels` decide the profile
    expect(of({ governmentLevel: 'province' })).toBe('province');
    expect(of({ governmentLevel: 'city' })).toBe('city');
    expect(of({ governmentLevel: 'county' })).toBe('county_government');
    expect(of({ governmentLevel: 'department' })).toBe('department');
    expect(of({ governmentLevel: 'township' })).toBe('township');
    // reports stored before intake stopped choosing profiles hold its guess as the key
    expect(of({ level: 'county_government' })).toBe('county_government');
    // a level the user set is the profile to use
    expect(resolveProfile({ metadata: { governmentLevel: 'city', level: 'department', sources: { level: 'override' } } }, rubric)).toBe('department');
  });

  it('recognises the issuer by the rubric patterns when the level says only "a government"', () => {
    expect(of({ level: 'county_government', issuer: '浙江省人民政府' })).toBe('province');
    expect(of({ level: 'county_government', issuer: '上海市人民政府' })).toBe('province');
    expect(of({ level: 'county_government', issuer: '广州市人民政府' })).toBe('city');
    expect(of({ level: 'county_government', issuer: '江门市江海区' })).toBe('county_government');
    expect(of({ issuer: '广州市增城区司法局' })).toBe('department');
    expect(of({ issuer: '某镇人民政府' })).toBe('township');
    expect(of({ issuer: '朝阳街道办事处' })).toBe('township');
  });

  it('falls back to the default profile, and rejects a profile the rubric does not declare', () => {
    expect(of({})).toBe('county_government');
    expect(() => resolveProfile({}, rubric, 'ministry')).toThrow(/unknown profile "ministry"/);
  });

  it('gives cities and provinces the legislation items at full weight, counties at reduced weight', () => {
    const weightOf = (profile: string, id: string) => rubric.profiles[profile].weights[id] ?? rubric.items.find((i) => i.id === id)!.weight;
    expect(weightOf('city', '3.1')).toBeGreaterThan(weightOf('county_government', '3.1'));
    expect(weightOf('province', '3.2')).toBeGreaterThan(weightOf('county_government', '3.2'));
    expect(rubric.profiles.township.exclude).toEqual(expect.arrayContaining(['3.1', '3.2']));
  });
});

describe('profiles of a rubric that declares no `levels` (1.0.0), without a table in intake', () => {
  const rubric = loadRubricFile(join(ROOT, 'rubrics', 'outline-2021-2025.yaml'));
  const of = (governmentLevel: string) => resolveProfile({ metadata: { governmentLevel } as never }, rubric);

  it('takes the profile named like the detected level, else the first profile the rubric lists', () => {
    expect(rubric.version).toBe('1.0.0');
    expect(of('township')).toBe('township');
    expect(of('department')).toBe('department');
    // 1.0.0 has one profile for every government (its title says 含设区的市政府): its first
    for (const level of ['province', 'city', 'county']) expect(of(level)).toBe('county_government');
  });

  it("the card's level is the profile the scoring rubric gives the detected level, per rubric", () => {
    const city = intake.prepareText('某某市人民政府2024年法治政府建设年度报告\n2024年，市政府坚持依法行政。\n一、主要举措和成效\n出台政府规章2部。');
    expect(city.metadata).toMatchObject({ governmentLevel: 'city' });
    expect(city.metadata.level).toBeUndefined();
    expect(scoreReport(city, rubric).report.level).toBe('county_government');
    expect(scoreReport(city, loadRubricFile(join(ROOT, 'rubrics', 'outline-2021-2025-1.1.0.yaml'))).report.level).toBe('city');
    const town = intake.prepareText(township);
    expect(scoreReport(town, rubric)).toMatchObject({ profile: 'township', report: { level: 'township', governmentLevel: 'township' } });
  });
});

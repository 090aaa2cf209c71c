import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import {
  DEFAULT_RUBRIC_DIR,
  DEFAULT_RUBRIC_ID,
  InvalidRubricRefError,
  RubricNotFoundError,
  RubricRegistry,
  RubricValidationError,
  compareSemver,
  defaultRubricDir,
  loadRubricDirectory,
  loadRubricFile,
  parseRubric,
  parseRubricRef,
} from './rubric-loader';
import { PROFILE_NAMES, type RubricDefinition } from './rubric.types';

const ROOT = resolve(__dirname, '..', '..');
const REAL_RUBRIC = join(ROOT, 'rubrics', 'outline-2021-2025.yaml');
const BROKEN_DIR = join(ROOT, 'test', 'fixtures', 'rubrics-broken');
const realText = readFileSync(REAL_RUBRIC, 'utf8');

function rejection(fn: () => unknown): RubricValidationError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(RubricValidationError);
    return err as RubricValidationError;
  }
  throw new Error('expected a RubricValidationError, but nothing was thrown');
}

/** A copy of the real rubric under another version (the only line that differs). */
function withVersion(text: string, version: string): string {
  const out = text.replace(/^version: .*$/m, `version: ${version}`);
  expect(out).not.toBe(text);
  return out;
}

describe('broken rubric files', () => {
  // One file per validation rule. `where` is how the message locates the problem (the item for item rules),
  // `says` what it must say, and `repair` the edit that turns the file back into a valid rubric — proof that
  // the file is broken by that one rule and nothing else.
  const cases: Array<{ file: string; where: string; says: RegExp; repair: [string, string] }> = [
    { file: 'yaml-syntax', where: '', says: /YAML syntax error: .*line 46/, repair: ['title: [严格', 'title: 严格'] },
    { file: 'not-semver', where: '', says: /version "1\.0" is not a semantic version/, repair: ['version: "1.0"', 'version: 1.0.0'] },
    { file: 'unknown-top-key', where: '', says: /unknown key "minimumScore" in the rubric/, repair: ['minimumScore: 60\n', ''] },
    { file: 'missing-top-field', where: '', says: /missing required field "sectionRoles"/, repair: ['partialCredit:', 'sectionRoles: { achievements: [成效], problems: [问题], plan: [下一步], leader: [第一责任人], other: [其他] }\npartialCredit:'] },
    { file: 'unknown-item-key', where: 'item 4.2: ', says: /unknown key "note" in the item/, repair: ['    note: 核心条目\n', ''] },
    { file: 'unknown-group-key', where: 'item 4.2: ', says: /unknown key "synonyms" in group "catalogue"/, repair: ['        synonyms: [目录管理]\n', ''] },
    { file: 'unknown-rule-key', where: 'item 4.2: ', says: /unknown key "figures" in rule\.met/, repair: ['figures: true', 'figure: true'] },
    { file: 'unknown-profile-key', where: 'profiles.department: ', says: /unknown key "excludes" in the profile/, repair: ['    excludes: ["4.2"]\n', ''] },
    { file: 'missing-item-field', where: 'item 4.2: ', says: /missing required field "hint"/, repair: ['    rule:\n', '    hint: 补上的提示。\n    rule:\n'] },
    { file: 'numeric-item-id', where: 'item 4.2: ', says: /id must be a string: quote it/, repair: ['id: 4.2', 'id: "4.2"'] },
    { file: 'duplicate-item-id', where: 'item 4.2: ', says: /duplicate item id/, repair: ['  - id: "4.2"\n    part: report', '  - id: E1\n    part: report'] },
    { file: 'duplicate-group-id', where: 'item 4.2: ', says: /duplicate group id "steps"/, repair: ['      - id: steps\n        label: 听证', '      - id: hearing\n        label: 听证'] },
    { file: 'duplicate-term', where: 'item 4.2: ', says: /term "年度目录" is listed twice/, repair: ['专家论证, 年度目录]', '专家论证, 合法性审查]'] },
    { file: 'traditional-term', where: 'item 4.2: ', says: /term "合法性審查" is not simplified Chinese/, repair: ['合法性審查', '合法性审查'] },
    { file: 'unknown-profile', where: 'profiles: ', says: /profile name "Province" must be a lower-case identifier/, repair: ['  Province:', '  province:'] },
    { file: 'missing-profile', where: 'profiles: ', says: /more than one default profile \(county_government, department\)/, repair: ['    title: 政府部门\n    default: true\n', '    title: 政府部门\n'] },
    { file: 'profile-excludes-unknown-item', where: 'profiles.department.exclude: item Q9: ', says: /no item with this id/, repair: ['"Q9"', '"Q4"'] },
    { file: 'profile-weights-unknown-item', where: 'profiles.township.weights: item 4.3: ', says: /no item with this id/, repair: ['"4.3": 2', '"4.2": 2'] },
    { file: 'profile-negative-weight', where: 'profiles.township.weights: item 4.2: ', says: /weight must be a number ≥ 0, got -2/, repair: ['"4.2": -2', '"4.2": 2'] },
    { file: 'unknown-part', where: 'item Q4: ', says: /unknown part 0 \(must be "report" or an integer ≥ 1\)/, repair: ['part: 0', 'part: report'] },
    { file: 'id-part-mismatch', where: 'item 4.2: ', says: /id says part 4 but part is 5/, repair: ['part: 5', 'part: 4'] },
    { file: 'unknown-check', where: 'item 4.2: ', says: /unknown check kind "keywords"/, repair: ['check: keywords', 'check: terms'] },
    { file: 'empty-term-group', where: 'item 4.2: ', says: /group "steps" has no terms/, repair: ['terms: []', 'terms: [专家论证]'] },
    { file: 'empty-term', where: 'item 4.2: ', says: /group "steps": term 2 is empty/, repair: ['公众参与, "", ', '公众参与, '] },
    { file: 'negative-weight', where: 'item 4.2: ', says: /weight must be a number ≥ 0, got -4/, repair: ['weight: -4', 'weight: 4'] },
    { file: 'non-number-weight', where: 'item 4.2: ', says: /weight must be a number ≥ 0, got "high"/, repair: ['weight: high', 'weight: 4'] },
    { file: 'nan-weight', where: 'item 4.2: ', says: /weight must be a number ≥ 0, got NaN/, repair: ['weight: .nan', 'weight: 4'] },
    { file: 'partial-credit-range', where: 'partialCredit: ', says: /must be a number from 0 to 1, got 1\.5/, repair: ['partialCredit: 1.5', 'partialCredit: 0.5'] },
    { file: 'grades-unsorted', where: 'grades: ', says: /sorted highest min first.*合格 \(60\) comes before 优秀 \(85\)/, repair: ['  - { min: 60, grade: 合格 }\n  - { min: 85, grade: 优秀 }\n', '  - { min: 85, grade: 优秀 }\n  - { min: 60, grade: 合格 }\n'] },
    { file: 'rule-unknown-group', where: 'item 4.2: ', says: /rule\.met\.required names unknown group "procedure"/, repair: ['required: [procedure]', 'required: [steps]'] },
    { file: 'min-groups-too-large', where: 'item 4.2: ', says: /rule\.met\.minGroups is 3 but the item has only 2 groups/, repair: ['minGroups: 3', 'minGroups: 2'] },
    { file: 'terms-check-without-groups', where: 'item 4.2: ', says: /check "terms" needs at least one term group/, repair: ['    check: terms\n    groups: []\n', '    check: terms\n    groups: [{ id: steps, label: 法定程序, terms: [公众参与] }]\n'] },
  ];

  it('has a case for every file in the directory, and a file for every case', () => {
    const files = readdirSync(BROKEN_DIR).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, ''));
    expect(files.sort()).toEqual(cases.map((c) => c.file).sort());
  });

  it.each(cases)('$file.yaml is rejected, naming the file and where', ({ file, where, says, repair }) => {
    const path = join(BROKEN_DIR, `${file}.yaml`);
    const shown = relative(process.cwd(), path);
    const err = rejection(() => loadRubricFile(path));
    expect(err.message).toMatch(says);
    expect(err.message.startsWith(`${shown}: ${where}`)).toBe(true);
    expect(err.message).not.toContain('\n');
    expect(err.file).toBe(shown);
    // exactly one problem: the file differs from a valid rubric by this rule only
    expect(err.issues).toHaveLength(1);

    const text = readFileSync(path, 'utf8');
    expect(text).toContain(repair[0]);
    const repaired = parseRubric(text.replace(repair[0], repair[1]), `${file}-repaired.yaml`);
    expect(repaired.items.length).toBeGreaterThan(0);
  });

  it('reports every problem of a file with several, the first in the message', () => {
    const text = readFileSync(join(BROKEN_DIR, 'negative-weight.yaml'), 'utf8').replace('check: terms', 'check: keywords');
    const err = rejection(() => parseRubric(text, 'rubrics/two.yaml'));
    expect(err.issues).toHaveLength(2);
    expect(err.message).toMatch(/^rubrics\/two\.yaml: item 4\.2: .* \(and 1 more problem\)$/);
    expect(err.lines()).toEqual([
      'rubrics/two.yaml: item 4.2: weight must be a number ≥ 0, got -4',
      expect.stringMatching(/^rubrics\/two\.yaml: item 4\.2: unknown check kind "keywords"/),
    ]);
  });

  it('rejects a file that is not a mapping, and a directory without rubric files', () => {
    expect(rejection(() => parseRubric('- just\n- a list\n', 'x.yaml')).message).toMatch(/^x\.yaml: the file must be a YAML mapping/);
    const empty = mkdtempSync(join(tmpdir(), 'rubrics-empty-'));
    try {
      writeFileSync(join(empty, 'notes.txt'), 'not a rubric');
      expect(rejection(() => loadRubricDirectory(empty)).message).toMatch(/no rubric files \(\*\.yaml, \*\.yml\) found/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('the real rubric (rubrics/outline-2021-2025.yaml)', () => {
  let rubric: RubricDefinition;
  beforeAll(() => {
    rubric = loadRubricFile(REAL_RUBRIC);
  });
  const outlineItems = () => rubric.items.filter((i) => i.part !== 'report');

  it('loads with id, semver version, sources, file and the sha256 of its text', () => {
    expect(rubric.id).toBe('outline-2021-2025');
    expect(rubric.version).toBe('1.0.0');
    expect(rubric.sources.some((s) => s.includes('法治政府建设实施纲要'))).toBe(true);
    expect(rubric.sources.some((s) => s.includes('督察工作规定'))).toBe(true);
    expect(rubric.file).toBe(relative(process.cwd(), REAL_RUBRIC));
    expect(rubric.contentHash).toBe(createHash('sha256').update(realText).digest('hex'));
  });

  it('has the mandatory elements E1–E5, E5 optional and unscored', () => {
    const byId = new Map(rubric.items.map((i) => [i.id, i]));
    const expected = { E1: 'achievements', E2: 'problems', E3: 'leader_duty', E4: 'next_year_plan', E5: 'other_matters' };
    for (const [id, check] of Object.entries(expected)) {
      expect(byId.get(id)).toMatchObject({ part: 'report', check });
    }
    expect(byId.get('E5')).toMatchObject({ optional: true, weight: 0 });
    for (const id of ['E1', 'E2', 'E3', 'E4']) expect(byId.get(id)!.weight).toBeGreaterThan(0);
  });

  it('has the report-quality checks, the deadline one citing Art. 24 and 1 April', () => {
    const checks = rubric.items.filter((i) => /^Q\d+$/.test(i.id)).map((i) => i.check);
    expect(checks.sort()).toEqual(['causes', 'figures', 'plan_year', 'problem_proportion', 'publication_deadline']);
    const deadline = rubric.items.find((i) => i.check === 'publication_deadline')!;
    expect(deadline.outlineRef).toBe('督察工作规定 第二十四条');
    expect(deadline.hint).toContain('4月1日前');
  });

  it('covers all ten parts with the outline numbering, 30+ items, every item with an outlineRef', () => {
    const ids = outlineItems().map((i) => i.id);
    expect(ids).toEqual([
      '1.1',
      '2.1', '2.2', '2.3',
      '3.1', '3.2', '3.3',
      '4.1', '4.2', '4.3',
      '5.1', '5.2', '5.3', '5.4',
      '6.1', '6.2', '6.3',
      '7.1', '7.2', '7.3', '7.4',
      '8.1', '8.2', '8.3', '8.4', '8.5',
      '9.1', '9.2', '9.3',
      '10.1', '10.2', '10.3', '10.4',
    ]);
    expect(new Set(outlineItems().map((i) => i.part))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    const chinese = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
    for (const item of rubric.items) {
      expect(item.outlineRef.trim()).not.toBe('');
      if (item.part === 'report') continue;
      const sub = Number(item.id.split('.')[1]);
      // 纲要 四（二） for 4.2; part 一 is folded into one item referring to the whole part
      const ref = item.part === 1 ? '纲要 一' : `纲要 ${chinese[(item.part as number) - 1]}（${chinese[sub - 1]}）`;
      expect(item.outlineRef).toBe(ref);
    }
  });

  it('gives every outline item terms groups, a status rule and a specific Chinese hint', () => {
    for (const item of outlineItems()) {
      expect(item.check).toBe('terms');
      expect(item.groups.length).toBeGreaterThanOrEqual(2);
      expect(item.groups.length).toBeLessThanOrEqual(5);
      expect(item.rule?.partial?.minGroups ?? 1).toBe(1);
      // met asks more than partial's one group (more groups, a named group or a figure), no more groups than the
      // item has, and requires only its own groups
      const met = item.rule?.met;
      expect({ id: item.id, stricter: (met?.minGroups ?? 0) > 1 || (met?.required ?? []).length > 0 || met?.figure === true }).toEqual({ id: item.id, stricter: true });
      expect(met!.minGroups!).toBeLessThanOrEqual(item.groups.length);
      for (const group of met!.required ?? []) expect(item.groups.map((g) => g.id)).toContain(group);
      expect(['high', 'medium', 'low']).toContain(item.severity);
      // the hint names the clause it comes from, e.g. 纲要四（二）要求…
      expect(item.hint).toContain(item.outlineRef.replace(' ', ''));
      expect(item.hint.length).toBeGreaterThan(40);
    }
  });

  it('weighs the core sub-items above the median outline item', () => {
    const weights = outlineItems().map((i) => i.weight).sort((a, b) => a - b);
    const median = weights[Math.floor(weights.length / 2)];
    const w = (id: string) => rubric.items.find((i) => i.id === id)!.weight;
    for (const core of ['4.2', '5.3', '7.3', '7.4']) expect(w(core)).toBeGreaterThan(median);
    expect(w('4.2')).toBeGreaterThan(w('4.3'));
  });

  it('keeps outline terms specific: no bare generic words, no term shared between outline items', () => {
    const generic = new Set(['法治', '执法', '政府', '法治政府', '依法行政', '法治建设', '行政执法', '监督', '改革', '推进']);
    const owner = new Map<string, string>();
    for (const item of outlineItems()) {
      for (const group of item.groups) {
        for (const term of group.terms) {
          expect({ item: item.id, term, generic: generic.has(term) }).toEqual({ item: item.id, term, generic: false });
          expect({ item: item.id, term, short: term.length < 3 }).toEqual({ item: item.id, term, short: false });
          const first = owner.get(term);
          expect({ term, alsoIn: first ?? item.id }).toEqual({ term, alsoIn: item.id });
          owner.set(term, item.id);
        }
      }
    }
  });

  it('does not let the words 第一责任人 meet or even start E3', () => {
    const e3 = rubric.items.find((i) => i.id === 'E3')!;
    const terms = e3.groups.flatMap((g) => g.terms);
    for (const t of terms) expect('履行推进法治建设第一责任人职责').not.toContain(t);
    expect(e3.rule?.met?.required?.slice().sort()).toEqual(e3.groups.map((g) => g.id).sort());
  });

  it('requires both problems and causes for E2', () => {
    const e2 = rubric.items.find((i) => i.id === 'E2')!;
    expect(e2.rule?.met?.required).toEqual(expect.arrayContaining(['problems', 'causes']));
    const causes = e2.groups.find((g) => g.id === 'causes')!.terms;
    expect(causes).toEqual(expect.arrayContaining(['原因', '究其原因', '导致', '重视不够']));
  });

  it('has the three profiles; a township does not legislate, a department is not judged on whole-government work', () => {
    expect(Object.keys(rubric.profiles).sort()).toEqual([...PROFILE_NAMES].sort());
    for (const name of PROFILE_NAMES) expect(rubric.profiles[name].name).toBe(name);
    expect(rubric.profiles.township.exclude).toEqual(expect.arrayContaining(['3.1', '3.2']));
    expect(rubric.profiles.department.exclude).toEqual(expect.arrayContaining(['2.1', '2.2']));
    expect(rubric.profiles.county_government.exclude).toEqual([]);
    // mandatory elements apply to every reporter
    for (const name of PROFILE_NAMES) {
      for (const id of ['E1', 'E2', 'E3', 'E4']) expect(rubric.profiles[name].exclude).not.toContain(id);
    }
  });

  it('has partial credit and grade bands from 优秀 down to 不合格 at 0', () => {
    expect(rubric.partialCredit).toBe(0.5);
    expect(rubric.grades.map((g) => g.grade)).toEqual(['优秀', '良好', '合格', '不合格']);
    expect(rubric.grades.map((g) => g.min)).toEqual([80, 65, 50, 0]);
  });

  it('recognises the section headings of the three fixture reports', () => {
    const role = (heading: string) =>
      (['problems', 'plan', 'leader', 'other', 'achievements'] as const).find((r) => rubric.sectionRoles[r].some((s) => heading.includes(s)));
    expect(role('一、2024年工作情况')).toBe('achievements');
    expect(role('二、存在问题')).toBe('problems');
    expect(role('三、2025年工作计划')).toBe('plan');
    expect(role('一、2022年法治政府建设的主要工作举措及成效')).toBe('achievements');
    expect(role('二、存在的不足')).toBe('problems');
    expect(role('三、2023年重点工作')).toBe('plan');
    expect(role('一、2023年法治政府建设情况')).toBe('achievements');
    expect(role('三、2024年工作思路')).toBe('plan');
    expect(role('(二)2024年度党政主要负责人履行推进法治建设第一责任人职责,加强法治政府建设')).toBe('leader');
    expect(role('四、其他需要报告的情况')).toBe('other');
  });
});

describe('RubricRegistry', () => {
  const v1 = () => parseRubric(realText, 'rubrics/outline-2021-2025.yaml');

  it('ignores the same published version added twice, and refuses changed content under the same version', () => {
    const registry = new RubricRegistry().add(v1());
    registry.add(v1());
    expect(registry.refs()).toEqual(['outline-2021-2025@1.0.0']);

    const edited = realText.replace('partialCredit: 0.5', 'partialCredit: 0.6');
    expect(edited).not.toBe(realText);
    const err = rejection(() => registry.add(parseRubric(edited, 'rubrics/edited.yaml')));
    expect(err.message).toMatch(/^rubrics\/edited\.yaml: outline-2021-2025@1\.0\.0 is already loaded from rubrics\/outline-2021-2025\.yaml/);
    expect(err.message).toMatch(/published version is immutable/);
    expect(registry.get(DEFAULT_RUBRIC_ID).partialCredit).toBe(0.5);
  });

  it('loads several versions from a directory tree and resolves by semver, not by string order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rubrics-'));
    try {
      writeFileSync(join(dir, 'outline-2021-2025.yaml'), realText);
      mkdirSync(join(dir, 'archive', 'next'), { recursive: true });
      writeFileSync(join(dir, 'archive', 'outline-1.9.0.yml'), withVersion(realText, '1.9.0'));
      writeFileSync(join(dir, 'archive', 'next', 'outline-1.10.0.yaml'), withVersion(realText, '1.10.0'));
      writeFileSync(join(dir, 'archive', 'outline-2.0.0-rc.1.yaml'), withVersion(realText, '2.0.0-rc.1'));
      // an identical copy of a published version is harmless
      writeFileSync(join(dir, 'archive', 'copy.yaml'), realText);
      writeFileSync(join(dir, 'README.md'), '# not a rubric');

      const registry = loadRubricDirectory(dir);
      expect(registry.refs()).toEqual([
        'outline-2021-2025@1.0.0',
        'outline-2021-2025@1.9.0',
        'outline-2021-2025@1.10.0',
        'outline-2021-2025@2.0.0-rc.1',
      ]);
      expect(registry.list().map((d) => d.version)).toEqual(['1.0.0', '1.9.0', '1.10.0', '2.0.0-rc.1']);
      expect(registry.get('outline-2021-2025').version).toBe('2.0.0-rc.1');
      expect(registry.current().version).toBe('2.0.0-rc.1');
      expect(registry.resolve('outline-2021-2025@1.10.0').version).toBe('1.10.0');
      expect(registry.resolve('outline-2021-2025').version).toBe('2.0.0-rc.1');
      expect(registry.resolve().version).toBe('2.0.0-rc.1');
      expect(registry.get('outline-2021-2025', '1.9.0').file).toContain('outline-1.9.0.yml');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops at a changed file that reuses a published version', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rubrics-'));
    try {
      writeFileSync(join(dir, 'a.yaml'), realText);
      writeFileSync(join(dir, 'b.yaml'), realText.replace('title: 法治政府建设年度报告评分细则', 'title: 改过的标题'));
      expect(rejection(() => loadRubricDirectory(dir)).message).toMatch(/b\.yaml: .*published version is immutable/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('explains what is loaded when a rubric or a version is not found', () => {
    const registry = new RubricRegistry().add(v1());
    expect(() => registry.get('outline-2026-2030')).toThrow(RubricNotFoundError);
    expect(() => registry.get('outline-2026-2030')).toThrow('rubric "outline-2026-2030" not found; loaded: outline-2021-2025');
    expect(() => registry.resolve('outline-2021-2025@9.9.9')).toThrow('rubric outline-2021-2025@9.9.9 not found; versions of outline-2021-2025: 1.0.0');
    expect(() => new RubricRegistry().current()).toThrow(RubricNotFoundError);
  });

  it('takes the only rubric as current when none declares a period, and refuses to guess between several', () => {
    const other = (id: string) => parseRubric(realText.replace(/^id: .*$/m, `id: ${id}`), `${id}.yaml`);
    const registry = new RubricRegistry().add(other('county-pilot'));
    expect(registry.current().id).toBe('county-pilot');
    registry.add(other('township-pilot'));
    expect(() => registry.current()).toThrow(/no current rubric.*county-pilot, township-pilot/);
    // a rubric that declares its period is the current one: which rubric applies is data
    registry.add(parseRubric(realText.replace(/^sources:/m, 'period: { from: 2021, to: 2025 }\nsources:').replace(/^id: .*$/m, 'id: dated'), 'dated.yaml'));
    expect(registry.current().id).toBe('dated');
  });
});

describe('rubric references and versions', () => {
  it('parses id and id@version', () => {
    expect(parseRubricRef('outline-2021-2025')).toEqual({ id: 'outline-2021-2025' });
    expect(parseRubricRef(' outline-2021-2025@1.2.3 ')).toEqual({ id: 'outline-2021-2025', version: '1.2.3' });
  });

  it.each(['', '@1.0.0', 'outline@', 'outline@1.0', 'outline@1.0.0@2', 'Outline 2021'])('rejects %p', (ref) => {
    expect(() => parseRubricRef(ref)).toThrow(InvalidRubricRefError);
  });

  it('orders versions by semver precedence', () => {
    const sorted = ['1.10.0', '1.2.0', '1.0.0-rc.2', '1.0.0', '1.0.0-rc.10', '1.0.0-alpha', '0.9.9'].sort(compareSemver);
    expect(sorted).toEqual(['0.9.9', '1.0.0-alpha', '1.0.0-rc.2', '1.0.0-rc.10', '1.0.0', '1.2.0', '1.10.0']);
    expect(compareSemver('1.0.0+build.7', '1.0.0')).toBe(0);
  });
});

describe('default rubric directory', () => {
  it('is <package root>/rubrics, and RUBRIC_DIR overrides it', () => {
    expect(DEFAULT_RUBRIC_DIR).toBe(process.env.RUBRIC_DIR ? resolve(process.env.RUBRIC_DIR) : join(ROOT, 'rubrics'));
    expect(defaultRubricDir({})).toBe(join(ROOT, 'rubrics'));
    expect(defaultRubricDir({ RUBRIC_DIR: '/srv/rubrics' })).toBe('/srv/rubrics');
    expect(defaultRubricDir({ RUBRIC_DIR: '  ' })).toBe(join(ROOT, 'rubrics'));
  });

  it('holds the real rubric, loadable as a registry', () => {
    const registry = loadRubricDirectory(defaultRubricDir({}));
    expect(registry.current().id).toBe(DEFAULT_RUBRIC_ID);
    expect(registry.current().version).toBe('1.2.0');
    // every published version stays loadable beside the current one
    expect(registry.refs()).toEqual(expect.arrayContaining(['outline-2021-2025@1.0.0', 'outline-2021-2025@1.1.0', 'outline-2021-2025@1.2.0']));
    expect(registry.select(undefined, 2024).rubric.version).toBe('1.2.0');
  });
});

describe('params are checked per check kind', () => {
  const v110 = readFileSync(join(ROOT, 'rubrics', 'outline-2021-2025-1.1.0.yaml'), 'utf8');

  it('rejects a misspelt params key, naming the file, the item and the key', () => {
    const err = rejection(() => parseRubric(v110.replace('params: { minMeasures: 8 }', 'params: { minMeasure: 8 }'), 'rubrics/typo.yaml'));
    expect(err.message).toMatch(/^rubrics\/typo\.yaml: .*E1.*unknown params key "minMeasure" for check "achievements"/s);
  });

  it('rejects an unknown key in a profile\'s params override, naming the profile path', () => {
    const err = rejection(() => parseRubric(v110.replace('E1: { minMeasures: 5 }', 'E1: { minMesures: 5 }'), 'rubrics/typo.yaml'));
    expect(err.message).toMatch(/profiles\.township\.params.*E1.*minMesures|E1.*profiles\.township\.params.*minMesures/s);
  });

  it('keeps 1.0.0 loadable next to 1.1.0', () => {
    expect(parseRubric(realText, 'rubrics/outline-2021-2025.yaml').version).toBe('1.0.0');
    const v = parseRubric(v110, 'rubrics/outline-2021-2025-1.1.0.yaml');
    expect(v.version).toBe('1.1.0');
    expect(v.profiles.township.params?.E1).toEqual({ minMeasures: 5 });
  });
});

describe('which rubric applies to a report is data (period)', () => {
  const v110 = readFileSync(join(ROOT, 'rubrics', 'outline-2021-2025-1.1.0.yaml'), 'utf8');
  const next = parseRubric(
    v110.replace(/^id: .*$/m, 'id: outline-2026-2030').replace(/^version: .*$/m, 'version: 1.0.0').replace('period: { from: 2021, to: 2025 }', 'period: { from: 2026, to: 2030 }'),
    'rubrics/outline-2026-2030.yaml',
  );
  const registry = new RubricRegistry().add(parseRubric(realText, 'a.yaml')).add(parseRubric(v110, 'b.yaml')).add(next);

  it('selects the rubric whose period covers the report year, with no note', () => {
    expect(registry.select(undefined, 2024)).toEqual({ rubric: expect.objectContaining({ id: 'outline-2021-2025', version: '1.1.0' }) });
    expect(registry.select(undefined, 2027).rubric.id).toBe('outline-2026-2030');
    expect(registry.select(undefined, 2027).note).toBeUndefined();
  });

  it('takes the latest period when none covers the year, and says so', () => {
    const { rubric, note } = registry.select(undefined, 2033);
    expect(rubric.id).toBe('outline-2026-2030');
    expect(note).toBe('报告年度2033年不在已加载评分细则的适用期内，按最新的评分细则 outline-2026-2030@1.0.0（适用2026—2030年度报告）评分。');
    expect(registry.select(undefined, null).note).toMatch(/^未识别报告年度/);
  });

  it('lets a rubric named in the request win over the year', () => {
    expect(registry.select('outline-2021-2025@1.0.0', 2027).rubric.version).toBe('1.0.0');
    expect(registry.select('outline-2021-2025', 2027).rubric.version).toBe('1.1.0');
  });

  it('rejects a period that is not two years in order', () => {
    expect(rejection(() => parseRubric(v110.replace('period: { from: 2021, to: 2025 }', 'period: { from: 2025, to: 2021 }'), 'p.yaml')).message).toMatch(/period.*from ≤ to/);
  });
});

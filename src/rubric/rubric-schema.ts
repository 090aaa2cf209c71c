/**
 * The rubric file's schema, checked by hand before anything uses it: top-level keys, parts, period, mentions,
 * section roles and grades here; items in rubric-items.ts, profiles in rubric-profiles.ts.
 */
import { createHash } from 'node:crypto';
import { chineseNumeral } from './chinese-numeral';
import { cachedYamlData } from './yaml-cache';
import { RubricValidationError } from './rubric-errors';
import { validateItems } from './rubric-items';
import { validateProfiles } from './rubric-profiles';
import { isSemver, RUBRIC_ID } from './rubric-version';
import { Checker, describe, isFiniteNumber, isObj, validateStringList, SECTION_ROLES, OPTIONAL_TOP_KEYS, TOP_KEYS, GRADE_KEYS } from './rubric-checker';
import {
  type GradeBand,
  type PartId,
  type RubricPart,
  type RubricDefinition,
  type RubricItem,
  type SectionRole,
} from './rubric.types';

/**
 * Parses and validates one rubric file. `file` is how the file is named in errors and in `RubricDefinition.file`.
 * Throws RubricValidationError listing every problem found.
 */
export function parseRubric(yamlText: string, file: string): RubricDefinition {
  let syntaxError: string | undefined;
  const parsed = cachedYamlData(yamlText, () => {
    // required here: a cached rubric never needs the parser (~40 ms to load)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parseDocument } = require('yaml') as typeof import('yaml');
    const doc = parseDocument(yamlText, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length === 0) return { ok: true, data: doc.toJS() as unknown };
    // a pretty error's first line says what and where ("… at line 3, column 1:"); the rest is a source excerpt
    syntaxError = doc.errors[0].message.split('\n')[0].replace(/:\s*$/, '');
    return { ok: false };
  });
  if (!parsed.ok) throw new RubricValidationError(file, [{ message: `YAML syntax error: ${syntaxError}` }]);
  const data = parsed.data;
  const c = new Checker();
  const def = validate(data, c);
  if (c.issues.length > 0 || !def) throw new RubricValidationError(file, c.issues.length ? c.issues : [{ message: 'invalid rubric' }]);
  def.file = file;
  def.contentHash = sha256(yamlText);
  return def;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function validate(data: unknown, c: Checker): RubricDefinition | undefined {
  if (!isObj(data)) {
    c.add(`the file must be a YAML mapping with ${TOP_KEYS.join(', ')}; got ${describe(data)}`);
    return undefined;
  }
  c.unknownKeys(data, TOP_KEYS, {}, 'the rubric');
  for (const key of TOP_KEYS) if (data[key] === undefined && !OPTIONAL_TOP_KEYS.has(key)) c.add(`missing required field "${key}"`);

  const id = data.id === undefined ? '' : c.requireString(data, 'id', {}, 'the rubric');
  if (id && !RUBRIC_ID.test(id)) c.add(`id "${id}" must be lower-case letters, digits, ".", "_" or "-" (it is used in ID@VERSION references)`);
  const version = data.version === undefined ? '' : typeof data.version === 'string' ? data.version.trim() : String(data.version);
  if (data.version !== undefined && !isSemver(version)) {
    c.add(`version ${describe(data.version)} is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.0.0; quote it in YAML)`);
  }
  const title = data.title === undefined ? '' : c.requireString(data, 'title', {}, 'the rubric');
  const sources = validateStringList(data.sources, 'sources', c, { path: 'sources' });
  const sectionRoles = validateSectionRoles(data.sectionRoles, c);

  let partialCredit = 0;
  if (data.partialCredit !== undefined) {
    if (!isFiniteNumber(data.partialCredit) || data.partialCredit < 0 || data.partialCredit > 1) {
      c.add(`must be a number from 0 to 1, got ${describe(data.partialCredit)}`, { path: 'partialCredit' });
    } else partialCredit = data.partialCredit;
  }
  const grades = validateGrades(data.grades, c);
  const items = validateItems(data.items, c);
  const itemIds = new Set(items.map((i) => i.id));
  const profiles = validateProfiles(data.profiles, itemIds, c, new Map(items.map((it) => [it.id, it.check])));

  const mentions = validateMentions(data.mentions, c);
  const parts = validateParts(data.parts, items, c);
  const def: RubricDefinition = { id, version, title, sources, sectionRoles, partialCredit, grades, parts, profiles, items };
  if (mentions) def.mentions = mentions;
  const period = validatePeriod(data.period, c);
  if (period) def.period = period;
  return def;
}

/** Parts as declared ({id, title}, in card order), each item's part among them; derived from the items when absent. */
function validateParts(v: unknown, items: RubricItem[], c: Checker): RubricPart[] {
  const path = 'parts';
  if (v === undefined) {
    const seen: PartId[] = [];
    for (const it of items) if (!seen.includes(it.part)) seen.push(it.part);
    seen.sort((p, q) => (p === 'report' ? -1 : q === 'report' ? 1 : p - q));
    return seen.map((id) => ({
      id,
      title: id === 'report' ? '年报要素与质量' : `${chineseNumeral(id)} ${items.find((it) => it.part === id)!.title.split(/[，,]/)[0]}`,
    }));
  }
  if (!Array.isArray(v) || v.length === 0) {
    c.add(`must be a non-empty list of {id, title}, got ${describe(v)}`, { path });
    return [];
  }
  const out: RubricPart[] = [];
  v.forEach((raw, i) => {
    const at = { path: `${path}[${i}]` };
    if (!isObj(raw)) return c.add(`must be a mapping {id, title}, got ${describe(raw)}`, at);
    c.unknownKeys(raw, ['id', 'title'], at, 'the part');
    const id = raw.id === 'report' ? 'report' : typeof raw.id === 'number' && Number.isInteger(raw.id) && raw.id >= 1 ? raw.id : null;
    if (id === null) return c.add(`id must be "report" or an integer ≥ 1, got ${describe(raw.id)}`, at);
    if (out.some((p) => p.id === id)) return c.add(`part ${id} is declared twice`, at);
    const title = c.requireString(raw, 'title', at, 'the part');
    out.push({ id, title });
  });
  for (const it of items) {
    if (!out.some((p) => p.id === it.part)) c.add(`part ${describe(it.part)} is not among the rubric's parts (${out.map((p) => p.id).join(', ')})`, { itemId: it.id });
  }
  return out;
}

function validatePeriod(v: unknown, c: Checker): RubricDefinition['period'] {
  if (v === undefined) return undefined;
  const path = 'period';
  if (!isObj(v)) {
    c.add(`must be a mapping {from, to} of report years, got ${describe(v)}`, { path });
    return undefined;
  }
  c.unknownKeys(v, ['from', 'to'], { path }, 'period');
  const year = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 1990 && x <= 2200;
  if (!year(v.from) || !year(v.to) || (v.from as number) > (v.to as number)) {
    c.add(`from and to must be report years with from ≤ to, got ${describe(v.from)}–${describe(v.to)}`, { path });
    return undefined;
  }
  return { from: v.from as number, to: v.to as number };
}

function validateMentions(v: unknown, c: Checker): RubricDefinition['mentions'] {
  if (v === undefined) return undefined;
  const path = 'mentions';
  if (!isObj(v)) {
    c.add(`must be a mapping {credit, acts}, got ${describe(v)}`, { path });
    return undefined;
  }
  c.unknownKeys(v, ['credit', 'acts'], { path }, 'mentions');
  if (!isFiniteNumber(v.credit) || v.credit < 0 || v.credit > 1) {
    c.add(`credit must be a number from 0 to 1, got ${describe(v.credit)}`, { path });
    return undefined;
  }
  return { credit: v.credit, acts: validateStringList(v.acts, 'acts', c, { path }) };
}


function validateSectionRoles(v: unknown, c: Checker): Record<SectionRole, string[]> {
  const out = { achievements: [], problems: [], plan: [], leader: [], other: [] } as Record<SectionRole, string[]>;
  if (v === undefined) return out;
  if (!isObj(v)) {
    c.add(`sectionRoles must be a mapping of ${SECTION_ROLES.join(', ')} to lists of heading words`, { path: 'sectionRoles' });
    return out;
  }
  c.unknownKeys(v, SECTION_ROLES, { path: 'sectionRoles' }, 'sectionRoles');
  for (const role of SECTION_ROLES) {
    if (v[role] === undefined) c.add(`missing section role "${role}"`, { path: 'sectionRoles' });
    else out[role] = validateStringList(v[role], `sectionRoles.${role}`, c, { path: 'sectionRoles' });
  }
  return out;
}

function validateGrades(v: unknown, c: Checker): GradeBand[] {
  const where = { path: 'grades' };
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.length === 0) {
    c.add(`grades must be a non-empty list of {min, grade}, got ${describe(v)}`, where);
    return [];
  }
  const out: GradeBand[] = [];
  v.forEach((g, i) => {
    if (!isObj(g)) {
      c.add(`grades[${i}] must be a mapping {min, grade}, got ${describe(g)}`, where);
      return;
    }
    c.unknownKeys(g, GRADE_KEYS, where, `grades[${i}]`);
    const grade = c.requireString(g, 'grade', where, `grades[${i}]`);
    if (!isFiniteNumber(g.min) || g.min < 0 || g.min > 100) {
      c.add(`grades[${i}].min must be a number from 0 to 100, got ${describe(g.min)}`, where);
      return;
    }
    out.push({ min: g.min, grade });
  });
  for (let i = 1; i < out.length; i++) {
    if (out[i].min >= out[i - 1].min) {
      c.add(`must be sorted highest min first, without ties: ${out[i - 1].grade} (${out[i - 1].min}) comes before ${out[i].grade} (${out[i].min})`, where);
      break;
    }
  }
  // every total from 0 to 100 needs a grade
  if (out.length === v.length && out.length > 0 && out[out.length - 1].min !== 0) {
    c.add(`the lowest grade band must start at 0, got ${out[out.length - 1].min}`, where);
  }
  return out;
}

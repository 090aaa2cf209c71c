/**
 * Loads rubric YAML files into RubricDefinition and keeps every loaded version in a registry.
 *
 * The rubric is data written by people, and a mistake in it silently changes every score, so a file is checked
 * against a hand-written schema before anything uses it: the service and the CLI refuse to start on a bad file,
 * and the error names the file, the item and what is wrong in one line.
 */
import { CHECK_KINDS, CHECK_PARAMS } from './check-params';
import { chineseNumeral } from './chinese-numeral';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { mayConvert, toSimplifiedConverter } from '../intake/normalise';
import { cachedYamlData } from './yaml-cache';
import {
  PROFILE_NAME_PATTERN,
  type CheckKind,
  type GradeBand,
  type PartId,
  type RubricPart,
  type ProfileDefinition,
  type ProfileName,
  type RubricDefinition,
  type RubricItem,
  type SectionRole,
  type StatusRule,
  type TermGroup,
} from './rubric.types';

export const DEFAULT_RUBRIC_ID = 'outline-2021-2025';

/**
 * `<package root>/rubrics`: this file compiles to dist/rubric/ and runs from src/rubric/ under ts-jest, both two
 * levels below the root. `RUBRIC_DIR` lets a deployment keep rubrics outside the package.
 */
export function defaultRubricDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.RUBRIC_DIR?.trim();
  return override ? resolve(override) : resolve(__dirname, '..', '..', 'rubrics');
}
export const DEFAULT_RUBRIC_DIR = defaultRubricDir();

export interface RubricIssue {
  /** item id (or `#<index>` when the item has no usable id), when the problem concerns an item */
  itemId?: string;
  /** where in the file outside an item, e.g. `profiles.department.weights`, `grades` */
  path?: string;
  message: string;
}

/**
 * A rubric file that must not be used. `message` is one line: the first problem, prefixed with the file and the
 * item; `issues` has all of them for tools that list every problem (`scorecard rubric validate`).
 */
export class RubricValidationError extends Error {
  readonly file: string;
  readonly issues: RubricIssue[];

  constructor(file: string, issues: RubricIssue[]) {
    const first = issues[0] ?? { message: 'invalid rubric' };
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    super(`${formatIssue(file, first)}${more}`);
    this.name = 'RubricValidationError';
    this.file = file;
    this.issues = issues;
  }

  /** every problem, one line each */
  lines(): string[] {
    return this.issues.map((issue) => formatIssue(this.file, issue));
  }
}

function formatIssue(file: string, issue: RubricIssue): string {
  const where = (issue.path ? `${issue.path}: ` : '') + (issue.itemId !== undefined ? `item ${issue.itemId}: ` : '');
  return oneLine(`${file}: ${where}${issue.message}`);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

export class RubricNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RubricNotFoundError';
  }
}

/** A malformed `id@version` reference (from a CLI flag or a request body). */
export class InvalidRubricRefError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRubricRefError';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// semver

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export function isSemver(version: string): boolean {
  return SEMVER.test(version);
}

/** semver precedence (build metadata ignored); both must be valid semver */
export function compareSemver(a: string, b: string): number {
  const ma = SEMVER.exec(a);
  const mb = SEMVER.exec(b);
  if (!ma || !mb) throw new RangeError(`not a semantic version: ${!ma ? a : b}`);
  for (let i = 1; i <= 3; i++) {
    const d = Number(ma[i]) - Number(mb[i]);
    if (d !== 0) return Math.sign(d);
  }
  const pa = ma[4];
  const pb = mb[4];
  if (pa === undefined || pb === undefined) return pa === pb ? 0 : pa === undefined ? 1 : -1;
  const xa = pa.split('.');
  const xb = pb.split('.');
  for (let i = 0; i < Math.max(xa.length, xb.length); i++) {
    if (xa[i] === undefined) return -1;
    if (xb[i] === undefined) return 1;
    const na = /^\d+$/.test(xa[i]);
    const nb = /^\d+$/.test(xb[i]);
    if (na && nb) {
      const d = Number(xa[i]) - Number(xb[i]);
      if (d !== 0) return Math.sign(d);
    } else if (na !== nb) {
      return na ? -1 : 1;
    } else if (xa[i] !== xb[i]) {
      return xa[i] < xb[i] ? -1 : 1;
    }
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------------------------
// references

export interface RubricRef {
  id: string;
  version?: string;
}

const RUBRIC_ID = /^[a-z0-9][a-z0-9._-]*$/;

/** `outline-2021-2025` or `outline-2021-2025@1.0.0` */
export function parseRubricRef(ref: string): RubricRef {
  const text = ref.trim();
  const at = text.indexOf('@');
  const id = at < 0 ? text : text.slice(0, at);
  const version = at < 0 ? undefined : text.slice(at + 1);
  if (!RUBRIC_ID.test(id)) {
    throw new InvalidRubricRefError(`invalid rubric reference "${ref}": expected ID or ID@VERSION, e.g. ${DEFAULT_RUBRIC_ID}@1.0.0`);
  }
  if (version !== undefined && !isSemver(version)) {
    throw new InvalidRubricRefError(`invalid rubric reference "${ref}": version "${version}" is not a semantic version (e.g. 1.0.0)`);
  }
  return version === undefined ? { id } : { id, version };
}

// ---------------------------------------------------------------------------------------------------------------
// schema check

/** checks the engine decides from structure, dates or figures alone: they may have no term groups */
const TERMLESS_CHECKS: ReadonlySet<CheckKind> = new Set<CheckKind>(['figures', 'problem_proportion', 'plan_year', 'publication_deadline']);
const SECTION_ROLES: readonly SectionRole[] = ['achievements', 'problems', 'plan', 'leader', 'other'];
const SEVERITIES = ['high', 'medium', 'low'] as const;

const OPTIONAL_TOP_KEYS = new Set(['mentions', 'parts', 'period']);
const TOP_KEYS = ['id', 'version', 'title', 'sources', 'sectionRoles', 'period', 'partialCredit', 'mentions', 'parts', 'grades', 'profiles', 'items'];
const ITEM_KEYS = ['id', 'part', 'title', 'outlineRef', 'weight', 'check', 'optional', 'severity', 'groups', 'rule', 'params', 'hint'];
const GROUP_KEYS = ['id', 'label', 'terms'];
const RULE_KEYS = ['partial', 'met'];
const PARTIAL_KEYS = ['minGroups'];
const MET_KEYS = ['minGroups', 'required', 'figure'];
const PROFILE_KEYS = ['name', 'title', 'description', 'levels', 'issuer', 'default', 'exclude', 'weights', 'params'];
const GRADE_KEYS = ['min', 'grade'];

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isNonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.trim().length > 0;
}
function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'number' && Number.isNaN(v)) return 'NaN';
  if (typeof v === 'string') return `"${v}"`;
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

/**
 * Report text is converted traditional → simplified before matching, so a term that conversion changes never
 * matches. The converter itself is built only for a term that it may change: rubric terms are simplified.
 */
function toSimplified(text: string): string {
  return mayConvert(text) ? toSimplifiedConverter()(text) : text;
}

class Checker {
  readonly issues: RubricIssue[] = [];

  add(message: string, where: { itemId?: string; path?: string } = {}): void {
    this.issues.push({ ...where, message });
  }

  unknownKeys(obj: Obj, allowed: readonly string[], where: { itemId?: string; path?: string }, what: string): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) this.add(`unknown key "${key}" in ${what} (allowed: ${allowed.join(', ')})`, where);
    }
  }

  requireString(obj: Obj, key: string, where: { itemId?: string; path?: string }, what: string): string {
    const v = obj[key];
    if (v === undefined) this.add(`missing required field "${key}" in ${what}`, where);
    else if (!isNonEmptyString(v)) this.add(`field "${key}" in ${what} must be a non-empty string, got ${describe(v)}`, where);
    return isNonEmptyString(v) ? v.trim() : '';
  }
}

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

function sha256(text: string): string {
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

function validateStringList(v: unknown, what: string, c: Checker, where: { itemId?: string; path?: string }): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.length === 0) {
    c.add(`${what} must be a non-empty list of strings, got ${describe(v)}`, where);
    return [];
  }
  const out: string[] = [];
  v.forEach((s, i) => {
    if (!isNonEmptyString(s)) c.add(`${what}[${i}] must be a non-empty string, got ${describe(s)}`, where);
    else out.push(s.trim());
  });
  return out;
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

const OUTLINE_ITEM_ID = /^(\d+)\.(\d+)$/;

function validateItems(v: unknown, c: Checker): RubricItem[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.length === 0) {
    c.add(`items must be a non-empty list, got ${describe(v)}`, { path: 'items' });
    return [];
  }
  const out: RubricItem[] = [];
  const seen = new Set<string>();
  v.forEach((raw, index) => {
    const item = validateItem(raw, index, c);
    if (!item) return;
    if (seen.has(item.id)) c.add(`duplicate item id (item ids must be unique in a rubric)`, { itemId: item.id });
    seen.add(item.id);
    out.push(item);
  });
  return out;
}

function validateItem(raw: unknown, index: number, c: Checker): RubricItem | undefined {
  if (!isObj(raw)) {
    c.add(`must be a mapping, got ${describe(raw)}`, { itemId: `#${index + 1}` });
    return undefined;
  }
  // an unquoted 4.2 is read as a number; name the item by it anyway so that one slip gives one message
  const itemId = isNonEmptyString(raw.id) ? raw.id.trim() : isFiniteNumber(raw.id) ? String(raw.id) : `#${index + 1}`;
  const at = { itemId };
  if (raw.id === undefined) c.add(`missing required field "id"`, at);
  else if (isFiniteNumber(raw.id)) c.add(`id must be a string: quote it ("${itemId}"), YAML reads 4.2 as a number and 10.10 as 10.1`, at);
  else if (!isNonEmptyString(raw.id)) c.add(`id must be a non-empty string, got ${describe(raw.id)}`, at);
  c.unknownKeys(raw, ITEM_KEYS, at, 'the item');

  const title = c.requireString(raw, 'title', at, 'the item');
  const outlineRef = c.requireString(raw, 'outlineRef', at, 'the item');
  const hint = c.requireString(raw, 'hint', at, 'the item');

  let part: PartId = 'report';
  if (raw.part === undefined) c.add(`missing required field "part"`, at);
  else if (raw.part === 'report') part = 'report';
  else if (typeof raw.part === 'number' && Number.isInteger(raw.part) && raw.part >= 1) part = raw.part;
  else c.add(`unknown part ${describe(raw.part)} (must be "report" or an integer ≥ 1)`, at);
  const idParts = OUTLINE_ITEM_ID.exec(itemId);
  if (idParts && typeof part === 'number' && Number(idParts[1]) !== part) {
    c.add(`id says part ${idParts[1]} but part is ${part}`, at);
  }

  let weight = 0;
  if (raw.weight === undefined) c.add(`missing required field "weight"`, at);
  else if (!isFiniteNumber(raw.weight) || raw.weight < 0) c.add(`weight must be a number ≥ 0, got ${describe(raw.weight)}`, at);
  else weight = raw.weight;

  let check: CheckKind = 'terms';
  if (raw.check === undefined) c.add(`missing required field "check"`, at);
  else if (typeof raw.check !== 'string' || !(CHECK_KINDS as readonly string[]).includes(raw.check)) {
    c.add(`unknown check kind ${describe(raw.check)} (known: ${CHECK_KINDS.join(', ')})`, at);
  } else check = raw.check as CheckKind;

  if (raw.optional !== undefined && typeof raw.optional !== 'boolean') c.add(`optional must be true or false, got ${describe(raw.optional)}`, at);
  if (raw.severity !== undefined && !(SEVERITIES as readonly unknown[]).includes(raw.severity)) {
    c.add(`severity must be one of ${SEVERITIES.join(', ')}, got ${describe(raw.severity)}`, at);
  }

  const groups = validateGroups(raw.groups, itemId, c);
  if (groups.length === 0 && !TERMLESS_CHECKS.has(check) && (raw.groups === undefined || (Array.isArray(raw.groups) && raw.groups.length === 0))) {
    c.add(`check "${check}" needs at least one term group, but the item has none`, at);
  }
  const rule = validateRule(raw.rule, groups, Array.isArray(raw.groups) ? raw.groups.length : 0, itemId, c);
  const params = validateParams(raw.params, itemId, c, check);

  const item: RubricItem = { id: itemId, part, title, outlineRef, weight, check, groups, hint };
  if (typeof raw.optional === 'boolean') item.optional = raw.optional;
  if (typeof raw.severity === 'string' && (SEVERITIES as readonly string[]).includes(raw.severity)) item.severity = raw.severity as RubricItem['severity'];
  if (rule) item.rule = rule;
  if (params) item.params = params;
  return item;
}

function validateGroups(v: unknown, itemId: string, c: Checker): TermGroup[] {
  const at = { itemId };
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    c.add(`groups must be a list of {id, label, terms}, got ${describe(v)}`, at);
    return [];
  }
  const out: TermGroup[] = [];
  const ids = new Set<string>();
  const termOwner = new Map<string, string>();
  v.forEach((g, gi) => {
    if (!isObj(g)) {
      c.add(`groups[${gi}] must be a mapping {id, label, terms}, got ${describe(g)}`, at);
      return;
    }
    const gid = isNonEmptyString(g.id) ? g.id.trim() : `#${gi + 1}`;
    const what = `group "${gid}"`;
    c.unknownKeys(g, GROUP_KEYS, at, what);
    if (!isNonEmptyString(g.id)) c.add(`groups[${gi}] needs an id (a non-empty string)`, at);
    else if (ids.has(gid)) c.add(`duplicate group id "${gid}"`, at);
    ids.add(gid);
    const label = c.requireString(g, 'label', at, what);
    const terms: string[] = [];
    if (g.terms === undefined || (Array.isArray(g.terms) && g.terms.length === 0)) c.add(`${what} has no terms`, at);
    else if (!Array.isArray(g.terms)) c.add(`${what}: terms must be a list of strings, got ${describe(g.terms)}`, at);
    else {
      g.terms.forEach((t, ti) => {
        if (typeof t !== 'string' && typeof t !== 'number') {
          c.add(`${what}: term ${ti + 1} must be a string, got ${describe(t)}`, at);
          return;
        }
        const term = String(t).trim();
        if (!term) {
          c.add(`${what}: term ${ti + 1} is empty`, at);
          return;
        }
        if (toSimplified(term) !== term) {
          c.add(`${what}: term "${term}" is not simplified Chinese (reports are converted to simplified before matching; write "${toSimplified(term)}")`, at);
        }
        const owner = termOwner.get(term);
        if (owner !== undefined) c.add(`${what}: term "${term}" is listed twice (already in group "${owner}")`, at);
        termOwner.set(term, gid);
        terms.push(term);
      });
    }
    out.push({ id: gid, label, terms });
  });
  return out;
}

function validateMinGroups(v: unknown, groupCount: number, what: string, itemId: string, c: Checker): number | undefined {
  if (v === undefined) return undefined;
  if (!isFiniteNumber(v) || !Number.isInteger(v) || v < 1) {
    c.add(`${what}.minGroups must be a positive integer, got ${describe(v)}`, { itemId });
    return undefined;
  }
  if (v > groupCount) {
    c.add(`${what}.minGroups is ${v} but the item has only ${groupCount} group${groupCount === 1 ? '' : 's'}`, { itemId });
    return undefined;
  }
  return v;
}

function validateRule(v: unknown, groups: TermGroup[], groupCount: number, itemId: string, c: Checker): StatusRule | undefined {
  const at = { itemId };
  if (v === undefined) return undefined;
  if (!isObj(v)) {
    c.add(`rule must be a mapping {partial, met}, got ${describe(v)}`, at);
    return undefined;
  }
  c.unknownKeys(v, RULE_KEYS, at, 'rule');
  const rule: StatusRule = {};
  if (v.partial !== undefined) {
    if (!isObj(v.partial)) c.add(`rule.partial must be a mapping {minGroups}, got ${describe(v.partial)}`, at);
    else {
      c.unknownKeys(v.partial, PARTIAL_KEYS, at, 'rule.partial');
      const minGroups = validateMinGroups(v.partial.minGroups, groupCount, 'rule.partial', itemId, c);
      rule.partial = minGroups === undefined ? {} : { minGroups };
    }
  }
  if (v.met !== undefined) {
    if (!isObj(v.met)) c.add(`rule.met must be a mapping {minGroups, required, figure}, got ${describe(v.met)}`, at);
    else {
      c.unknownKeys(v.met, MET_KEYS, at, 'rule.met');
      const met: NonNullable<StatusRule['met']> = {};
      const minGroups = validateMinGroups(v.met.minGroups, groupCount, 'rule.met', itemId, c);
      if (minGroups !== undefined) met.minGroups = minGroups;
      if (v.met.required !== undefined) {
        if (!Array.isArray(v.met.required) || v.met.required.some((r) => !isNonEmptyString(r))) {
          c.add(`rule.met.required must be a list of group ids, got ${describe(v.met.required)}`, at);
        } else {
          const known = new Set(groups.map((g) => g.id));
          for (const r of v.met.required as string[]) {
            if (!known.has(r)) c.add(`rule.met.required names unknown group "${r}" (groups: ${[...known].join(', ') || 'none'})`, at);
          }
          met.required = (v.met.required as string[]).map((r) => r.trim());
        }
      }
      if (v.met.figure !== undefined) {
        if (typeof v.met.figure !== 'boolean') c.add(`rule.met.figure must be true or false, got ${describe(v.met.figure)}`, at);
        else met.figure = v.met.figure;
      }
      rule.met = met;
    }
  }
  const partialMin = rule.partial?.minGroups ?? 1;
  const metMin = rule.met?.minGroups ?? groupCount;
  if (groupCount > 0 && partialMin > metMin) {
    c.add(`rule.partial.minGroups (${partialMin}) is larger than rule.met.minGroups (${metMin}): partial must be easier than met`, at);
  }
  return rule;
}

function validateParams(v: unknown, itemId: string, c: Checker, check: CheckKind, path?: string): Record<string, number | string | boolean> | undefined {
  if (v === undefined) return undefined;
  if (!isObj(v)) {
    c.add(`params must be a mapping of names to numbers, strings or booleans, got ${describe(v)}`, { itemId });
    return undefined;
  }
  const out: Record<string, number | string | boolean> = {};
  for (const [key, value] of Object.entries(v)) {
    const known = CHECK_PARAMS[check] ?? [];
    if (!known.includes(key)) {
      c.add(`unknown params key "${key}" for check "${check}" (known: ${known.join(', ') || 'none'})`, path ? { itemId, path } : { itemId });
    } else if (isFiniteNumber(value) || typeof value === 'string' || typeof value === 'boolean') out[key] = value;
    else c.add(`params.${key} must be a number, string or boolean, got ${describe(value)}`, path ? { itemId, path } : { itemId });
  }
  return out;
}

function validateProfiles(v: unknown, itemIds: Set<string>, c: Checker, checkOf: Map<string, CheckKind>): Record<ProfileName, ProfileDefinition> {
  const out = {} as Record<ProfileName, ProfileDefinition>;
  if (v === undefined) return out;
  if (!isObj(v) || Object.keys(v).length === 0) {
    c.add(`profiles must be a mapping of profile names to {title, levels, issuer, exclude, weights, params}, with at least one profile`, { path: 'profiles' });
    return out;
  }
  const defaults = Object.entries(v).filter(([, p]) => isObj(p) && p.default === true).map(([name]) => name);
  if (defaults.length > 1) c.add(`more than one default profile (${defaults.join(', ')})`, { path: 'profiles' });
  for (const name of Object.keys(v)) {
    const path = `profiles.${name}`;
    const p = v[name];
    if (!PROFILE_NAME_PATTERN.test(name)) {
      c.add(`profile name "${name}" must be a lower-case identifier (a–z, 0–9, _; it is stored with each assessment)`, { path: 'profiles' });
      continue;
    }
    if (!isObj(p)) {
      c.add(`must be a mapping {title, exclude, weights}, got ${describe(p)}`, { path });
      continue;
    }
    c.unknownKeys(p, PROFILE_KEYS, { path }, 'the profile');
    if (p.name !== undefined && p.name !== name) c.add(`name ${describe(p.name)} differs from its key "${name}"`, { path });
    const title = c.requireString(p, 'title', { path }, 'the profile');
    const recognition: Partial<ProfileDefinition> = {};
    if (p.description !== undefined) {
      if (isNonEmptyString(p.description)) recognition.description = p.description.trim();
      else c.add(`description must be text, got ${describe(p.description)}`, { path });
    }
    if (p.levels !== undefined) recognition.levels = validateStringList(p.levels, 'levels', c, { path });
    if (p.issuer !== undefined) {
      recognition.issuer = validateStringList(p.issuer, 'issuer', c, { path });
      for (const pattern of recognition.issuer) {
        try {
          new RegExp(pattern, 'u');
        } catch (error) {
          c.add(`issuer pattern ${describe(pattern)} is not a regular expression: ${(error as Error).message}`, { path });
        }
      }
    }
    if (p.default !== undefined) {
      if (typeof p.default === 'boolean') recognition.default = p.default;
      else c.add(`default must be true or false, got ${describe(p.default)}`, { path });
    }
    const exclude: string[] = [];
    if (p.exclude !== undefined) {
      if (!Array.isArray(p.exclude)) c.add(`exclude must be a list of item ids, got ${describe(p.exclude)}`, { path });
      else {
        for (const raw of p.exclude) {
          const id = String(raw);
          // an unknown id here is a typo that would silently keep the item applicable
          if (!itemIds.has(id)) c.add(`excluded, but the rubric has no item with this id`, { path: `${path}.exclude`, itemId: id });
          else if (exclude.includes(id)) c.add(`excluded twice`, { path: `${path}.exclude`, itemId: id });
          else exclude.push(id);
        }
      }
    }
    const weights: Record<string, number> = {};
    if (p.weights !== undefined) {
      if (!isObj(p.weights)) c.add(`weights must be a mapping of item id to weight, got ${describe(p.weights)}`, { path });
      else {
        for (const [id, w] of Object.entries(p.weights)) {
          if (!itemIds.has(id)) c.add(`weighted, but the rubric has no item with this id`, { path: `${path}.weights`, itemId: id });
          else if (!isFiniteNumber(w) || w < 0) c.add(`weight must be a number ≥ 0, got ${describe(w)}`, { path: `${path}.weights`, itemId: id });
          else if (exclude.includes(id)) c.add(`both excluded and re-weighted`, { path, itemId: id });
          else weights[id] = w;
        }
      }
    }
    const params: Record<string, Record<string, number | string | boolean>> = {};
    if (p.params !== undefined) {
      if (!isObj(p.params)) c.add(`params must be a mapping of item id to params, got ${describe(p.params)}`, { path });
      else {
        for (const [id, ps] of Object.entries(p.params)) {
          const check = checkOf.get(id);
          if (!check) c.add(`params given, but the rubric has no item with this id`, { path: `${path}.params`, itemId: id });
          else {
            const checked = validateParams(ps, id, c, check, `${path}.params`);
            if (checked) params[id] = checked;
          }
        }
      }
    }
    out[name] = { name, title, ...recognition, exclude, weights, ...(Object.keys(params).length ? { params } : {}) };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// files

/** How a path is shown in messages: relative to the working directory when under it, as given otherwise. */
function displayPath(path: string): string {
  const abs = resolve(path);
  const rel = relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}

export function loadRubricFile(path: string): RubricDefinition {
  const file = displayPath(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new RubricValidationError(file, [{ message: `cannot read the file: ${(err as Error).message}` }]);
  }
  return parseRubric(text, file);
}

const RUBRIC_FILE = /\.ya?ml$/i;

function listRubricFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    // sorted so that the same directory always loads, and fails, in the same order
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.')) continue;
      const full = join(d, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else if (st.isFile() && RUBRIC_FILE.test(name)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

/** Every `*.yaml` / `*.yml` under `dir`, recursively. The first bad file throws; an empty directory is an error. */
export function loadRubricDirectory(dir: string = DEFAULT_RUBRIC_DIR): RubricRegistry {
  const shown = displayPath(dir);
  let files: string[];
  try {
    files = listRubricFiles(dir);
  } catch (err) {
    throw new RubricValidationError(shown, [{ message: `cannot read the rubric directory: ${(err as Error).message}` }]);
  }
  if (files.length === 0) throw new RubricValidationError(shown, [{ message: 'no rubric files (*.yaml, *.yml) found' }]);
  const registry = new RubricRegistry();
  for (const f of files) registry.add(loadRubricFile(f));
  return registry;
}

// ---------------------------------------------------------------------------------------------------------------
// registry

function hashOf(def: RubricDefinition): string {
  if (def.contentHash) return def.contentHash;
  const { file: _file, contentHash: _hash, ...content } = def;
  return sha256(JSON.stringify(content));
}

/** Every loaded rubric version, keyed by id@version. A published version is immutable. */
export class RubricRegistry {
  private readonly byId = new Map<string, Map<string, RubricDefinition>>();

  /** Adds a definition; the same id@version again is ignored when identical and an error when different. */
  add(def: RubricDefinition): this {
    let versions = this.byId.get(def.id);
    if (!versions) this.byId.set(def.id, (versions = new Map()));
    const existing = versions.get(def.version);
    if (existing) {
      if (hashOf(existing) === hashOf(def)) return this;
      throw new RubricValidationError(def.file ?? `${def.id}@${def.version}`, [
        {
          message:
            `${def.id}@${def.version} is already loaded from ${existing.file ?? 'another source'} with different content; ` +
            `a published version is immutable — give the changed rubric a new version`,
        },
      ]);
    }
    versions.set(def.version, def);
    return this;
  }

  /** all definitions, by id, then by version (semver, oldest first) */
  list(): RubricDefinition[] {
    const out: RubricDefinition[] = [];
    for (const id of [...this.byId.keys()].sort()) {
      const versions = [...this.byId.get(id)!.values()].sort((a, b) => compareSemver(a.version, b.version));
      out.push(...versions);
    }
    return out;
  }

  /** every profile name any loaded rubric declares, sorted: what --profile accepts */
  profileNames(): string[] {
    return [...new Set(this.list().flatMap((d) => Object.keys(d.profiles)))].sort();
  }

  /** `id@version` of every definition, in list() order */
  refs(): string[] {
    return this.list().map((d) => `${d.id}@${d.version}`);
  }

  get size(): number {
    let n = 0;
    for (const v of this.byId.values()) n += v.size;
    return n;
  }

  has(id: string, version?: string): boolean {
    const versions = this.byId.get(id);
    return !!versions && (version === undefined ? versions.size > 0 : versions.has(version));
  }

  /** the given version, or the latest by semver */
  get(id: string, version?: string): RubricDefinition {
    const versions = this.byId.get(id);
    if (!versions || versions.size === 0) {
      const known = [...this.byId.keys()].sort();
      throw new RubricNotFoundError(`rubric "${id}" not found; loaded: ${known.length ? known.join(', ') : 'none'}`);
    }
    if (version !== undefined) {
      const def = versions.get(version);
      if (!def) {
        const known = [...versions.keys()].sort(compareSemver);
        throw new RubricNotFoundError(`rubric ${id}@${version} not found; versions of ${id}: ${known.join(', ')}`);
      }
      return def;
    }
    return [...versions.values()].reduce((a, b) => (compareSemver(b.version, a.version) > 0 ? b : a));
  }

  /**
   * The rubric used when none is named: the latest version of the rubric whose period ends last; when no rubric
   * declares a period, the only rubric id loaded. Which rubric applies is data, never an id in code.
   */
  current(): RubricDefinition {
    const latest = [...this.byId.keys()].sort().map((id) => this.get(id));
    const dated = latest.filter((d) => d.period);
    if (dated.length) return dated.reduce((a, b) => (b.period!.to > a.period!.to || (b.period!.to === a.period!.to && b.period!.from > a.period!.from) ? b : a));
    if (latest.length === 1) return latest[0];
    throw new RubricNotFoundError(
      latest.length === 0
        ? 'no rubric loaded'
        : `no current rubric: none of the loaded rubrics declares a period and several are loaded (${latest.map((d) => d.id).join(', ')}); name one`,
    );
  }

  /**
   * The rubric for a report: the one named (`id` or `id@version`) wins; else the latest version of the rubric
   * whose period covers the report year; else the current one, with a note for the card saying why.
   */
  select(ref: string | undefined, year: number | null | undefined): { rubric: RubricDefinition; note?: string } {
    if (ref !== undefined && ref.trim() !== '') return { rubric: this.resolve(ref) };
    const latest = [...this.byId.keys()].sort().map((id) => this.get(id));
    if (typeof year === 'number') {
      const covering = latest.filter((d) => d.period && d.period.from <= year && year <= d.period.to);
      if (covering.length) return { rubric: covering.reduce((a, b) => (b.period!.from > a.period!.from ? b : a)) };
    }
    const rubric = this.current();
    if (!rubric.period) return { rubric };
    const span = `适用${rubric.period.from}—${rubric.period.to}年度报告`;
    const note =
      typeof year === 'number'
        ? `报告年度${year}年不在已加载评分细则的适用期内，按最新的评分细则 ${rubric.id}@${rubric.version}（${span}）评分。`
        : `未识别报告年度，按最新的评分细则 ${rubric.id}@${rubric.version}（${span}）评分。`;
    return { rubric, note };
  }

  /** `id`, `id@version`, or undefined for current() */
  resolve(ref?: string): RubricDefinition {
    if (ref === undefined || ref.trim() === '') return this.current();
    const { id, version } = parseRubricRef(ref);
    return this.get(id, version);
  }
}

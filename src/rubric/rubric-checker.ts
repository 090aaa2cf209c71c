/** The pieces every part of the rubric schema check shares: the allowed keys, value tests and the issue collector. */
import { mayConvert, toSimplifiedConverter } from '../intake/normalise';
import type { RubricIssue } from './rubric-errors';
import {
  type CheckKind,
  type SectionRole,
} from './rubric.types';

/** checks the engine decides from structure, dates or figures alone: they may have no term groups */
export const TERMLESS_CHECKS: ReadonlySet<CheckKind> = new Set<CheckKind>(['figures', 'problem_proportion', 'plan_year', 'publication_deadline']);
export const SECTION_ROLES: readonly SectionRole[] = ['achievements', 'problems', 'plan', 'leader', 'other'];
export const SEVERITIES = ['high', 'medium', 'low'] as const;

export const OPTIONAL_TOP_KEYS = new Set(['mentions', 'parts', 'period']);
export const TOP_KEYS = ['id', 'version', 'title', 'sources', 'sectionRoles', 'period', 'partialCredit', 'mentions', 'parts', 'grades', 'profiles', 'items'];
export const ITEM_KEYS = ['id', 'part', 'title', 'outlineRef', 'weight', 'check', 'optional', 'severity', 'groups', 'rule', 'params', 'hint'];
export const GROUP_KEYS = ['id', 'label', 'terms'];
export const RULE_KEYS = ['partial', 'met'];
export const PARTIAL_KEYS = ['minGroups'];
export const MET_KEYS = ['minGroups', 'required', 'figure'];
export const PROFILE_KEYS = ['name', 'title', 'description', 'levels', 'issuer', 'default', 'exclude', 'weights', 'params'];
export const GRADE_KEYS = ['min', 'grade'];

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
export function isNonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.trim().length > 0;
}
export function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
export function describe(v: unknown): string {
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
export function toSimplified(text: string): string {
  return mayConvert(text) ? toSimplifiedConverter()(text) : text;
}

export class Checker {
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

export function validateStringList(v: unknown, what: string, c: Checker, where: { itemId?: string; path?: string }): string[] {
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

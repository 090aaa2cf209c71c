/** Schema check of a rubric's items: ids, parts, check kinds, term groups, status rules and per-kind params. */
import { CHECK_KINDS, CHECK_PARAMS } from './check-params';
import { Checker, describe, isFiniteNumber, isNonEmptyString, isObj, toSimplified, TERMLESS_CHECKS, SEVERITIES, ITEM_KEYS, GROUP_KEYS, RULE_KEYS, PARTIAL_KEYS, MET_KEYS } from './rubric-checker';
import {
  type CheckKind,
  type PartId,
  type RubricItem,
  type StatusRule,
  type TermGroup,
} from './rubric.types';

export const OUTLINE_ITEM_ID = /^(\d+)\.(\d+)$/;

export function validateItems(v: unknown, c: Checker): RubricItem[] {
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

export function validateParams(v: unknown, itemId: string, c: Checker, check: CheckKind, path?: string): Record<string, number | string | boolean> | undefined {
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

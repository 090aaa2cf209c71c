/** Schema check of a rubric's profiles: who reports, how they are recognised, and what changes for them. */
import { validateParams } from './rubric-items';
import { Checker, describe, isFiniteNumber, isNonEmptyString, isObj, validateStringList, PROFILE_KEYS } from './rubric-checker';
import {
  PROFILE_NAME_PATTERN,
  type CheckKind,
  type ProfileDefinition,
  type ProfileName,
} from './rubric.types';

export function validateProfiles(v: unknown, itemIds: Set<string>, c: Checker, checkOf: Map<string, CheckKind>): Record<ProfileName, ProfileDefinition> {
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

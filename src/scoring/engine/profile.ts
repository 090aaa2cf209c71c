/** Which profile of the rubric a report is scored under. */
import type { ReportMetadata } from '../../intake/intake.types';
import type { ProfileName, RubricDefinition } from '../../rubric/rubric.types';

/**
 * The profile for a report, all from the rubric: the one asked for; else a profile the user gave as the level;
 * else the first profile (in the rubric's order) whose `levels` hold the detected level of government; else the
 * first whose `issuer` patterns match the issuer's name; else a profile named like the stored profile key or
 * the detected level (rubrics before 1.1.0 declare no `levels`); else the rubric's default profile, or its first.
 */
export function resolveProfile(
  report: { metadata?: Partial<Pick<ReportMetadata, 'level' | 'issuer' | 'governmentLevel' | 'sources'>> },
  rubric: RubricDefinition,
  explicit?: ProfileName | string | null,
): ProfileName {
  const profiles = Object.values(rubric.profiles);
  if (explicit) {
    if (rubric.profiles[explicit]) return explicit;
    throw new RangeError(`unknown profile "${explicit}" (expected one of ${Object.keys(rubric.profiles).sort().join(', ')})`);
  }
  const md = report.metadata ?? {};
  const level = md.level;
  if (level && md.sources?.level === 'override' && rubric.profiles[level]) return level;
  const detected = md.governmentLevel;
  if (detected) {
    const byLevel = profiles.find((p) => p.levels?.includes(detected));
    if (byLevel) return byLevel.name;
  }
  const issuer = md.issuer?.replace(/\s+/g, '');
  if (issuer) {
    const byIssuer = profiles.find((p) => p.issuer?.some((pattern) => issuerPattern(pattern).test(issuer)));
    if (byIssuer) return byIssuer.name;
  }
  if (level && rubric.profiles[level]) return level;
  // a rubric whose profiles declare no `levels` (1.0.0): the profile named like the detected level
  if (detected && rubric.profiles[detected]) return detected;
  return (profiles.find((p) => p.default) ?? profiles[0]).name;
}

export const patternCache = new Map<string, RegExp>();

export function issuerPattern(source: string): RegExp {
  let re = patternCache.get(source);
  if (!re) patternCache.set(source, (re = new RegExp(source, 'u')));
  return re;
}

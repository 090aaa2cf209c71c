/** What every check shares: its result, its params, rule evaluation and the sentences of each report part. */
import type { RubricItem } from '../../../rubric/rubric.types';
import type { Analysis } from '../analysis';
import { Role, isDone } from '../roles';
import type { Evidence, ItemStatus } from '../score-card.types';
import { sentenceAt } from '../sentences';

export const MAX_EVIDENCE = 3;

export interface CheckResult {
  status: ItemStatus;
  evidence: number[] | Evidence[]; // sentence indices, or ready spans
  missing: string[];
  plannedOnly?: boolean;
  /** the gap's statement of what is wrong, when the generic "尚缺/未见" wording would mislead */
  finding?: string;
  /** partial on a bare mention: scored at the rubric's mentions.credit, not partialCredit */
  mentionOnly?: boolean;
}

export function param(item: RubricItem, key: string, fallback: number): number {
  const v = item.params?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** An item's StatusRule evaluated over the sentences that pass `keep` (e.g. only the problems part). */
export function evaluateRule(a: Analysis, item: RubricItem, itemIndex: number, keep: (si: number) => boolean) {
  const groups = item.groups ?? [];
  const rule = item.rule ?? {};
  const found = groups.map((_, g) => a.groupSentences[itemIndex][g].some(keep));
  const n = found.filter(Boolean).length;
  const required = rule.met?.required ?? [];
  const requiredOk = required.every((id) => {
    const g = groups.findIndex((gr) => gr.id === id);
    return g >= 0 && found[g];
  });
  const met = groups.length === 0 || (n >= (rule.met?.minGroups ?? groups.length) && requiredOk);
  const partial = n >= Math.max(1, rule.partial?.minGroups ?? 1);
  const sentences = new Set<number>();
  groups.forEach((_, g) => a.groupSentences[itemIndex][g].forEach((si) => keep(si) && sentences.add(si)));
  const unfound = groups.filter((_, g) => !found[g]);
  unfound.sort((p, q) => Number(required.includes(q.id)) - Number(required.includes(p.id)));
  return { met, partial, missing: unfound.map((g) => g.label), sentences: [...sentences].sort((p, q) => p - q) };
}

export function doneSentencesOf(a: Analysis, itemIndex: number): number[] {
  const out = new Set<number>();
  for (const list of a.groupSentences[itemIndex] ?? []) for (const si of list) if (isDone(a.roles.sentenceRole[si])) out.add(si);
  return [...out].sort((p, q) => p - q);
}

export function firstHeadingOf(a: Analysis, roleName: 'achievements' | 'problems' | 'plan' | 'leader' | 'other'): number | null {
  const rs = a.roles.sections.find((r) => r.role === roleName);
  if (!rs) return null;
  const si = sentenceAt(a.sentences, rs.section.start);
  return si >= 0 ? si : null;
}

export function headingEvidence(a: Analysis, roleName: 'problems' | 'plan' | 'other' | 'leader'): number[] {
  const h = firstHeadingOf(a, roleName);
  return h === null ? [] : [h];
}

export function groupIndexOf(item: RubricItem, paramKey: string, idPattern: RegExp, labelPattern: RegExp): number {
  const groups = item.groups ?? [];
  const named = item.params?.[paramKey];
  if (typeof named === 'string') {
    const g = groups.findIndex((gr) => gr.id === named);
    if (g >= 0) return g;
  }
  const byId = groups.findIndex((gr) => idPattern.test(gr.id));
  if (byId >= 0) return byId;
  return groups.findIndex((gr) => labelPattern.test(gr.label));
}

export function causeGroupOf(item: RubricItem): number {
  return groupIndexOf(item, 'causeGroup', /cause|reason/i, /原因/);
}

/** Non-heading problems sentences where the cause group of `item` occurs. */
export function causeSentences(a: Analysis, itemIndex: number, causeGroup: number): number[] {
  if (causeGroup < 0) return [];
  return a.groupSentences[itemIndex][causeGroup].filter((si) => a.roles.sentenceRole[si] === Role.Problems && !a.sentences.heading[si]);
}

export function problemSentences(a: Analysis): number[] {
  const out: number[] = [];
  for (let k = 0; k < a.sentences.count; k++) if (a.roles.sentenceRole[k] === Role.Problems && !a.sentences.heading[k]) out.push(k);
  return out;
}

export const YEAR_IN_TEXT = /(?<![\d\-—–~至])(20\d{2})\s*年(?!\s*[\-—–~至])/g;

/** Years a plan is about: named in its headings, else in its opening sentences; 《…》 titles and ranges ignored. */
export function planYears(a: Analysis): number[] {
  const role = a.roles.sentenceRole;
  const planSentences: number[] = [];
  for (let k = 0; k < a.sentences.count; k++) if (role[k] === Role.Plan) planSentences.push(k);
  const collect = (list: number[]) => {
    const years = new Set<number>();
    for (const si of list) {
      const s = a.text.slice(a.sentences.start[si], a.sentences.end[si]).replace(/《[^》]*》/g, '');
      for (const m of s.matchAll(YEAR_IN_TEXT)) years.add(Number(m[1]));
    }
    return [...years].sort((p, q) => p - q);
  };
  const fromHeadings = collect(planSentences.filter((si) => a.sentences.heading[si] && a.text.slice(a.sentences.start[si], a.sentences.end[si]).length <= 40));
  if (fromHeadings.length) return fromHeadings;
  return collect(planSentences.slice(0, 3));
}

export function planSentenceList(a: Analysis): number[] {
  const out: number[] = [];
  for (let k = 0; k < a.sentences.count; k++) if (a.roles.sentenceRole[k] === Role.Plan) out.push(k);
  return out;
}

export function joinLabels(labels: string[]): string {
  return labels.join('、');
}

export function sentenceOf(a: Analysis, si: number): string {
  return a.text.slice(a.sentences.start[si], a.sentences.end[si]);
}

/** One check kind: what an item of that kind finds in the analysed report. */
export type CheckFn = (a: Analysis, item: RubricItem, itemIndex: number) => CheckResult;

/**
 * What each sentence of a report is: work done in the report year, a problem, next year's plan, or page chrome.
 * The 督察工作规定 asks for the year's measures and results, the shortfalls and their causes, and next year's
 * arrangements as separate elements; an outline task only counts as done when the report says it was done,
 * so the role of every sentence decides whether a term hit is evidence.
 */
import type { RubricDefinition, SectionRole } from '../../rubric/rubric.types';
import type { PreparedReport, Section } from '../../intake/intake.types';
import { addLabelHeadings } from '../../intake/sections';
import { splitSentences, type Sentences } from './sentences';
import { furnitureSentences } from './furniture';

/** Sentence roles; Body is text outside any recognised section: in a report body it reads as work done. */
export const Role = {
  Body: 0,
  Achievements: 1,
  Problems: 2,
  Plan: 3,
  Leader: 4,
  Other: 5,
  Chrome: 6,
} as const;
export type RoleCode = (typeof Role)[keyof typeof Role];

const ROLE_CODE: Record<SectionRole, RoleCode> = {
  achievements: Role.Achievements,
  problems: Role.Problems,
  plan: Role.Plan,
  leader: Role.Leader,
  other: Role.Other,
};

/** Work done in the report year: everything but problems, plans and page chrome. */
export function isDone(role: number): boolean {
  return role === Role.Body || role === Role.Achievements || role === Role.Leader || role === Role.Other;
}

// A heading decides its role by the first matching list, in this order: a combined heading such as
// "存在的问题和下一步打算" opens with its problems, and a leader heading often also says 成效.
const ROLE_ORDER: SectionRole[] = ['problems', 'plan', 'leader', 'other', 'achievements'];

export interface RoleSection {
  section: Section;
  role: SectionRole | null; // the heading's own role
  effective: RoleCode; // after inheritance
}

function stripLead(heading: string): string {
  return heading.replace(/^[\s(（]*(?:(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年度?|[一二三四五六七八九十]+[、.)）]?)?\s*/, '');
}

/**
 * Role of a heading from the rubric's sectionRoles. Nested headings inside the account of the year's work often
 * carry words such as 问题 or 计划 ("突出问题导向，推动营商环境优化", "落实年度立法计划"); they are only taken as a
 * problems/plan heading when they start with the role word or are short enough to be nothing else.
 */
const escapeTerm = (term: string) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const roleMatchers = new WeakMap<RubricDefinition['sectionRoles'], Array<[SectionRole, RegExp]>>();

/** One alternation per role, built once per rubric: a report has dozens of headings and the lists are long. */
function matchersFor(sectionRoles: RubricDefinition['sectionRoles']): Array<[SectionRole, RegExp]> {
  let m = roleMatchers.get(sectionRoles);
  if (!m) {
    m = [];
    for (const role of ROLE_ORDER) {
      const subs = (sectionRoles[role] ?? []).filter(Boolean);
      if (subs.length) m.push([role, new RegExp(subs.map(escapeTerm).join('|'))]);
    }
    roleMatchers.set(sectionRoles, m);
  }
  return m;
}

export function classifyHeading(heading: string, nested: boolean, sectionRoles: RubricDefinition['sectionRoles']): SectionRole | null {
  const h = heading.trim();
  for (const [role, matcher] of matchersFor(sectionRoles)) {
    if (!matcher.test(h)) continue;
    for (const sub of sectionRoles[role] ?? []) {
      if (!sub || !h.includes(sub)) continue;
      if (nested && (role === 'problems' || role === 'plan')) {
        const lead = stripLead(h);
        if (!(lead.startsWith(sub) || h.length <= 12)) continue;
      }
      return role;
    }
  }
  return null;
}

export interface SectionAnalysis {
  sentenceRole: Uint8Array;
  sections: RoleSection[]; // pre-order
  hasProblemsSection: boolean;
  hasPlanSection: boolean;
  hasOtherSection: boolean;
  hasLeaderSection: boolean;
}

interface PlanMarkers {
  /** a sentence opening with one of these turns to the plan: 下一步、明年… (E4's horizon group) */
  lead: RegExp | null;
  /** a sentence opening with the next year is a plan when it says what will be done: 将、计划… (E4's actions) */
  action: RegExp | null;
}

const planMarkersCache = new WeakMap<RubricDefinition, PlanMarkers>();
const alternation = (terms: string[]) => terms.slice().sort((a, b) => b.length - a.length).map(escapeTerm).join('|');

/** Inline plan markers come from the rubric's next_year_plan item, so a new outline can word them its own way. */
function planMarkers(rubric: RubricDefinition): PlanMarkers {
  let markers = planMarkersCache.get(rubric);
  if (!markers) {
    const item = rubric.items.find((candidate) => candidate.check === 'next_year_plan');
    const group = (id: string) => item?.groups.find((g) => g.id === (item.params?.[`${id}Group`] ?? id))?.terms ?? [];
    const lead = group('horizon');
    const action = group('actions');
    markers = {
      lead: lead.length ? new RegExp(`^(?:${alternation(lead)})`) : null,
      action: action.length ? new RegExp(alternation(action)) : null,
    };
    planMarkersCache.set(rubric, markers);
  }
  return markers;
}

const labelWordsCache = new WeakMap<RubricDefinition['sectionRoles'], string[]>();

/** Every section-role word can name an unnumbered part ("存在的问题：", "下一步工作打算"). */
function labelWords(sectionRoles: RubricDefinition['sectionRoles']): string[] {
  let words = labelWordsCache.get(sectionRoles);
  if (!words) {
    words = ROLE_ORDER.flatMap((role) => sectionRoles[role] ?? []).filter(Boolean);
    labelWordsCache.set(sectionRoles, words);
  }
  return words;
}

export interface SectionedText {
  /** the report's numbered sections with its label headings added */
  sections: Section[];
  sentences: Sentences;
  roles: SectionAnalysis;
}

/** Sections (numbered and labelled), sentences and their roles: the reading every consumer of roles starts from. */
export function readSections(report: PreparedReport, rubric: RubricDefinition): SectionedText {
  const sections = addLabelHeadings(report.normalised, report.sections ?? [], labelWords(rubric.sectionRoles));
  const sentences = splitSentences(report.normalised, sections);
  return { sections, sentences, roles: analyseSections(report, rubric, sentences, sections) };
}

export function analyseSections(
  report: PreparedReport,
  rubric: RubricDefinition,
  sentences: Sentences,
  sections: readonly Section[] = report.sections ?? [],
): SectionAnalysis {
  const sentenceRole = new Uint8Array(sentences.count); // Body
  const out: RoleSection[] = [];
  const walk = (list: readonly Section[], parent: RoleCode | null, parentExplicit: SectionRole | null) => {
    for (const section of list) {
      let role = classifyHeading(section.heading ?? '', parent !== null, rubric.sectionRoles);
      // the account of the year's work keeps its sub-sections: only a leader sub-section stands out in it
      if (role && parentExplicit === 'achievements' && role !== 'leader') role = null;
      // a sub-section of a problems or plan part stays in that part whatever its heading says
      if (parent === Role.Problems || parent === Role.Plan) role = null;
      const effective = role ? ROLE_CODE[role] : (parent ?? Role.Body);
      out.push({ section, role, effective });
      walk(section.children ?? [], effective, role ?? parentExplicit);
    }
  };
  walk(sections, null, null);

  for (const rs of out) {
    if (rs.effective === Role.Body) continue;
    assignRange(sentences, sentenceRole, rs.section.start, rs.section.end, rs.effective);
  }

  const text = report.normalised;
  // Page chrome before the title (site menus, "无障碍", "长者助手") is not part of the report.
  const title = report.metadata?.title?.trim();
  if (title) {
    const at = text.indexOf(title);
    if (at >= 0 && at < text.length / 3) {
      const titleEnd = at + title.length;
      for (let k = 0; k < sentences.count && sentences.start[k] < titleEnd; k++) sentenceRole[k] = Role.Chrome;
    }
  }

  // The closing signature, date, 附件/抄送 and page numbers belong to no section: never evidence of anything.
  for (const k of furnitureSentences(text, sentences)) sentenceRole[k] = Role.Chrome;

  // Plans written inline: "下一步，我们将…" in the body, or a combined "问题和下一步打算" part that turns to the plan.
  const year = report.metadata?.year;
  const nextYearLead = year ? new RegExp(`^${year + 1}\\s*年`) : null;
  const markers = planMarkers(rubric);
  let planUntil = -1;
  for (let k = 0; k < sentences.count; k++) {
    const role = sentenceRole[k];
    const s = sentences.start[k];
    if (s < planUntil && role === Role.Problems) {
      sentenceRole[k] = Role.Plan;
      continue;
    }
    if (role === Role.Chrome || role === Role.Plan) continue;
    const sentence = text.slice(s, Math.min(sentences.end[k], s + 40));
    const planLead =
      (markers.lead !== null && markers.lead.test(sentence)) ||
      (nextYearLead !== null && markers.action !== null && nextYearLead.test(sentence) && markers.action.test(text.slice(s, sentences.end[k])));
    if (!planLead) continue;
    sentenceRole[k] = Role.Plan;
    if (role === Role.Problems) {
      const owner = innermostTop(out, s, Role.Problems);
      if (owner) planUntil = owner.section.end;
    }
  }

  return {
    sentenceRole,
    sections: out,
    hasProblemsSection: out.some((r) => r.effective === Role.Problems && r.role === 'problems'),
    hasPlanSection: out.some((r) => r.effective === Role.Plan && r.role === 'plan'),
    hasOtherSection: out.some((r) => r.role === 'other'),
    hasLeaderSection: out.some((r) => r.role === 'leader'),
  };
}

function innermostTop(sections: RoleSection[], pos: number, role: RoleCode): RoleSection | undefined {
  // the outermost section with this role that contains pos: the whole problems part, not one numbered problem
  return sections.find((r) => r.effective === role && r.role !== null && r.section.start <= pos && pos < r.section.end);
}

function assignRange(sentences: Sentences, roles: Uint8Array, start: number, end: number, role: RoleCode): void {
  // first sentence starting at or after `start`
  let lo = 0;
  let hi = sentences.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sentences.start[mid] < start) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < sentences.count && sentences.start[k] < end; k++) roles[k] = role;
}

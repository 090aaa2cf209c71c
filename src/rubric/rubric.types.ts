/**
 * The rubric as loaded from YAML (rubrics/*.yaml). Pure types: the loader validates a file into this shape,
 * the engine reads it. A new outline (2026—2030) is a new YAML file using these same shapes.
 */

/** A profile's key in the rubric (`county_government`, `township`, …): rubrics declare their own. */
export type ProfileName = string;
/** The profiles of the 2021—2025 rubrics before 1.1.0 and the levels intake detected then; kept for old data. */
export const PROFILE_NAMES: readonly ProfileName[] = ['county_government', 'department', 'township'];
/** What a profile key must look like: it is stored with each assessment and passed on the command line. */
export const PROFILE_NAME_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

/** `report` for the mandatory elements and the report-quality checks; 1, 2, … for the outline's parts (any count). */
export type PartId = 'report' | number;

/** A part of the outline (or `report` for the report elements and quality checks), as the card names it. */
export interface RubricPart {
  id: PartId;
  title: string;
}

/** Roles a section of a report can play, recognised from its heading (see RubricDefinition.sectionRoles). */
export type SectionRole = 'achievements' | 'problems' | 'plan' | 'leader' | 'other';

/** A named set of synonyms; found when any term occurs in the normalised (simplified) text. */
export interface TermGroup {
  /** stable key inside the item, e.g. `catalogue` */
  id: string;
  /** Chinese label used in `missing` and gap messages, e.g. `重大行政决策事项目录` */
  label: string;
  /** literal phrases, simplified Chinese; matched as substrings of the normalised text */
  terms: string[];
}

/**
 * How an item's evidence decides its status.
 * partial: at least `partial.minGroups` distinct groups found (default 1).
 * met: at least `met.minGroups` distinct groups found (default: all groups), every group in `met.required`
 *      found, and when `met.figure` is true at least one evidence sentence carries a figure (数字+量词/%).
 */
export interface StatusRule {
  partial?: { minGroups?: number };
  met?: { minGroups?: number; required?: string[]; figure?: boolean };
}

/** The engine's fixed set of structural checks, chosen and parameterised by the rubric. */
export type CheckKind =
  | 'terms' // outline items: term groups found in what was done in the report year
  | 'achievements' // E1
  | 'problems' // E2 (problems and their causes)
  | 'leader_duty' // E3
  | 'next_year_plan' // E4
  | 'other_matters' // E5 (optional)
  | 'figures' // quality: results given in figures
  | 'problem_proportion' // quality: problems section in proportion to achievements
  | 'causes' // quality: causes analysed
  | 'plan_year' // quality: plan year = report year + 1
  | 'publication_deadline'; // quality: published before 1 April of the following year (Art. 24)

export interface RubricItem {
  id: string; // `E1`…`E5`, `Q1`…, `4.2`
  part: PartId;
  title: string;
  outlineRef: string; // e.g. `纲要 四（二）`, `督察工作规定 第二十四条`
  weight: number; // > 0, or 0 for items reported but never scored (E5)
  check: CheckKind;
  /** optional items (E5): reported when present, never penalised */
  optional?: boolean;
  severity?: 'high' | 'medium' | 'low';
  groups: TermGroup[]; // may be empty only for checks that need no terms (plan_year, publication_deadline)
  rule?: StatusRule;
  /** free parameters of structural checks (thresholds), e.g. {minChars: 150, minFigures: 5, ratio: 0.08} */
  params?: Record<string, number | string | boolean>;
  /**
   * remediation hint in Chinese for the gap list, written "<what a report lacks>；<what the outline asks>":
   * a missing item's gap quotes both halves, a partial item's only the second
   */
  hint: string;
}

export interface ProfileDefinition {
  name: ProfileName;
  title: string; // 区县政府 / 政府部门 / 乡镇（街道）
  /** what the reporter is and why the profile excludes or re-weighs what it does (shown by `rubric show`) */
  description?: string;
  /** detected government levels (intake metadata `level`) this profile is chosen for */
  levels?: string[];
  /** regular expressions on the issuer's name, tried when no level maps to a profile */
  issuer?: string[];
  /** the profile when nothing recognises the reporter */
  default?: boolean;
  /** items that do not apply to this reporter (status not_applicable) */
  exclude: string[];
  /** weight overrides by item id */
  weights: Record<string, number>;
  /** per-item params overrides by item id (e.g. a township's thresholds), checked like the item's own params */
  params?: Record<string, Record<string, number | string | boolean>>;
}

export interface GradeBand {
  min: number; // lower bound of total, inclusive
  grade: string; // 优秀 / 良好 / 合格 / 不合格
}

export interface RubricDefinition {
  id: string; // outline-2021-2025
  version: string; // semver
  title: string;
  sources: string[];
  /** headings that mark each section role, simplified Chinese substrings of the heading text */
  sectionRoles: Record<SectionRole, string[]>;
  /** credit given for partial, as a share of the item's weight (0..1) */
  partialCredit: number;
  /**
   * A bare mention of an outline task counts for little: when set, an outline item whose sentences show nothing
   * specific — no figure, no date, no document by title, none of `acts` — is at most partial, at `credit`.
   */
  mentions?: { credit: number; acts: string[] };
  grades: GradeBand[]; // highest min first
  /** report years the rubric covers (reports on 2021–2025 for the 2021—2025 outline), inclusive */
  period?: { from: number; to: number };
  /** the parts, in the order cards list them: declared in the file, else derived from the items */
  parts?: RubricPart[];
  profiles: Record<ProfileName, ProfileDefinition>;
  items: RubricItem[];
  /** the file it came from and a sha256 of its content, set by the loader */
  file?: string;
  contentHash?: string;
}

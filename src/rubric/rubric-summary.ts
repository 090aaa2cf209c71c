import type { GradeBand, ProfileDefinition, ProfileName, RubricDefinition, RubricItem, RubricPart, TermGroup } from './rubric.types';

export interface RubricItemSummary extends Pick<RubricItem, 'id' | 'part' | 'title' | 'outlineRef' | 'weight' | 'check' | 'rule' | 'hint'> {
  optional: boolean;
  severity: NonNullable<RubricItem['severity']>;
  groups: TermGroup[];
}

export interface RubricSummary {
  id: string;
  version: string;
  title: string;
  sources: string[];
  partialCredit: number;
  grades: GradeBand[];
  parts: RubricPart[];
  items: RubricItemSummary[];
  profiles: Record<ProfileName, ProfileDefinition>;
}

/** The public shape of a rubric (`GET /rubrics/:id`, `scorecard rubric show --json`): data only, no load details. */
export function summariseRubric(rubric: RubricDefinition): RubricSummary {
  return {
    id: rubric.id,
    version: rubric.version,
    title: rubric.title,
    sources: rubric.sources,
    partialCredit: rubric.partialCredit,
    grades: rubric.grades,
    parts: rubric.parts ?? [],
    items: rubric.items.map((item) => ({
      id: item.id,
      part: item.part,
      title: item.title,
      outlineRef: item.outlineRef,
      weight: item.weight,
      check: item.check,
      optional: item.optional ?? false,
      severity: item.severity ?? 'medium',
      groups: item.groups.map((group) => ({ id: group.id, label: group.label, terms: group.terms })),
      rule: item.rule,
      hint: item.hint,
    })),
    profiles: rubric.profiles,
  };
}

import type { RubricDefinition } from './rubric.types';

/** The public shape of a rubric (`GET /rubrics/:id`, `scorecard rubric show --json`): data only, no load details. */
export function summariseRubric(rubric: RubricDefinition) {
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

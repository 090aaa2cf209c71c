/**
 * The params each check kind reads. A key not listed for its kind is a typo that would otherwise fall back to
 * a default in code without a word, so the loader rejects it naming file, item and key. The engine's table of
 * checks is a Record over the same CheckKind, so a kind added here without a check (or the reverse) does not
 * compile.
 */
import type { CheckKind } from './rubric.types';

export const CHECK_PARAMS: Record<CheckKind, readonly string[]> = {
  terms: ['plannedOnly'],
  // minChars/minFigures: 1.0.0's character rule, kept so that version scores as it did
  achievements: ['minMeasures', 'minChars', 'minFigures'],
  problems: ['minProblems', 'minCauses', 'causeGroup', 'minChars', 'minSentences'],
  leader_duty: ['subjectGroup', 'actionGroup'],
  next_year_plan: ['minArrangements', 'concreteGroup', 'horizonGroup', 'actionsGroup', 'minChars'],
  other_matters: [],
  figures: ['minFigures', 'minFiguresPerThousandChars'],
  problem_proportion: ['ratio', 'minChars'],
  causes: ['minCauses', 'causeGroup'],
  plan_year: ['offset'],
  publication_deadline: ['month', 'day'],
};

export const CHECK_KINDS = Object.keys(CHECK_PARAMS) as CheckKind[];

/**
 * The kinds that check the elements 督察工作规定 asks of every annual report (measures and results, shortfalls
 * and causes, the principal leader's duty, next year's arrangements, other matters): exports and season reports
 * give them a column each, whatever ids a rubric gives the items.
 */
export const REPORT_ELEMENT_CHECKS: ReadonlySet<CheckKind> = new Set<CheckKind>(['achievements', 'problems', 'leader_duty', 'next_year_plan', 'other_matters']);

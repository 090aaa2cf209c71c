/**
 * The engine's checks, one module per kind. The table is a Record over CheckKind, and the loader's list of
 * kinds (rubric/check-params.ts) is a Record over the same type: a kind without a check does not compile.
 */
import type { CheckKind, RubricItem } from '../../../rubric/rubric.types';
import type { Analysis } from '../analysis';
import type { CheckFn, CheckResult } from './common';
import { checkTerms } from './terms';
import { checkAchievements } from './achievements';
import { checkProblems } from './problems';
import { checkLeaderDuty } from './leader-duty';
import { checkNextYearPlan } from './next-year-plan';
import { checkOtherMatters } from './other-matters';
import { checkFigures } from './figures';
import { checkProblemProportion } from './problem-proportion';
import { checkCauses } from './causes';
import { checkPlanYear } from './plan-year';
import { checkPublicationDeadline } from './publication-deadline';

export type { CheckFn, CheckResult } from './common';

export const CHECKS: Record<CheckKind, CheckFn> = {
  terms: checkTerms,
  achievements: checkAchievements,
  problems: checkProblems,
  leader_duty: checkLeaderDuty,
  next_year_plan: (a, item) => checkNextYearPlan(a, item),
  other_matters: (a, _item, itemIndex) => checkOtherMatters(a, itemIndex),
  figures: (a, item) => checkFigures(a, item),
  problem_proportion: (a, item) => checkProblemProportion(a, item),
  causes: checkCauses,
  plan_year: (a, item) => checkPlanYear(a, item),
  publication_deadline: (a, item) => checkPublicationDeadline(a, item),
};

export function runCheck(a: Analysis, item: RubricItem, itemIndex: number): CheckResult {
  const check = CHECKS[item.check];
  // a check kind this engine does not know (the loader rejects it; a hand-built rubric may not): say so
  if (!check) return { status: 'missing', evidence: [], missing: [`未知检查类型 ${String(item.check)}`] };
  return check(a, item, itemIndex);
}

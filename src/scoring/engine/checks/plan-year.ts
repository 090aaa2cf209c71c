/** Quality: the plan is for the year after the report year. */
import type { RubricItem } from '../../../rubric/rubric.types';
import type { Analysis } from '../analysis';
import { type CheckResult, param, planSentenceList, planYears } from './common';

export function checkPlanYear(a: Analysis, item: RubricItem): CheckResult {
  if (a.year === null) return { status: 'not_applicable', evidence: [], missing: [] };
  const plan = planSentenceList(a);
  const want = a.year + param(item, 'offset', 1);
  if (plan.length === 0) return { status: 'missing', evidence: [], missing: [`${want}年度安排`] };
  const years = planYears(a);
  const evidence = plan.slice(0, 1);
  if (years.includes(want)) return { status: 'met', evidence, missing: [] };
  if (years.length === 0) return { status: 'partial', evidence, missing: [`计划未写明年度（应为${want}年）`] };
  return {
    status: 'missing',
    evidence,
    missing: [`${want}年度安排（计划写的是${years.join('、')}年）`],
    finding: `下一年度安排应针对${want}年，报告计划部分写的是${years.join('、')}年。`,
  };
}

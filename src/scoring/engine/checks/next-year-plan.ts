/** E4 (年度报告内容（四）): next year's arrangements that can be checked a year later. */
import type { RubricItem } from '../../../rubric/rubric.types';
import type { Analysis } from '../analysis';
import { arrangementUnits, namedGroupTerms } from '../content';
import { type CheckResult, joinLabels, param, planSentenceList, planYears } from './common';

export function checkNextYearPlan(a: Analysis, item: RubricItem): CheckResult {
  const minChars = param(item, 'minChars', 60);
  const minArrangements = param(item, 'minArrangements', 1);
  const concrete = namedGroupTerms(item, 'concreteGroup');
  const plan = planSentenceList(a);
  if (plan.length === 0) return { status: 'missing', evidence: [], missing: ['下一年度主要安排'] };
  const heading = plan.filter((si) => a.sentences.heading[si]).slice(0, 1);
  const units = arrangementUnits(a, concrete);
  const body = concrete ? units.map((u) => u.find((si) => !a.sentences.heading[si]) ?? u[0]) : plan.filter((si) => !a.sentences.heading[si]);
  const evidence = [...heading, ...body.slice(0, 2)];
  const years = planYears(a);
  const missing: string[] = [];
  let finding: string | undefined;
  if (a.year !== null && years.length && !years.includes(a.year + 1)) {
    missing.push(`${a.year + 1}年度安排（计划写的是${years.join('、')}年）`);
    finding = `下一年度安排应针对${a.year + 1}年，报告计划部分写的是${years.join('、')}年。`;
  }
  if (concrete) {
    // 1.1.0 on: arrangements that say what, by when or how much are counted, not characters
    if (units.length < minArrangements) missing.push(`具体安排（仅${units.length}项写明措施、目标或时限，应不少于${minArrangements}项）`);
  } else {
    if (a.planChars < minChars) missing.push('具体安排（内容过简）');
    else if (units.length < minArrangements) missing.push(`具体安排（少于${minArrangements}项）`);
    if (!a.roles.hasPlanSection && a.planChars < minChars * 2) missing.push('下一年度安排（专门部分）');
  }
  if (finding && missing.length > 1) finding += `另缺：${joinLabels(missing.slice(1))}。`;
  if (missing.length === 0) return { status: 'met', evidence, missing };
  return { status: 'partial', evidence, missing, finding };
}

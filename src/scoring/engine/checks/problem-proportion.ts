/** Quality: the problems part in proportion to the achievements (the one place length counts). */
import type { RubricItem } from '../../../rubric/rubric.types';
import type { Analysis } from '../analysis';
import { type CheckResult, headingEvidence, param } from './common';

export function checkProblemProportion(a: Analysis, item: RubricItem): CheckResult {
  const ratio = param(item, 'ratio', 0.08);
  const minChars = param(item, 'minChars', 0);
  const evidence = headingEvidence(a, 'problems');
  if (a.problemsChars === 0 || a.doneChars === 0) return { status: 'missing', evidence: [], missing: ['存在问题部分'] };
  const actual = a.problemsChars / a.doneChars;
  if (actual >= ratio && a.problemsChars >= minChars) return { status: 'met', evidence, missing: [] };
  if (actual >= ratio) {
    return { status: 'partial', evidence, missing: [`问题部分篇幅（${a.problemsChars}字，应不少于${minChars}字）`] };
  }
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  return {
    status: 'partial',
    evidence,
    missing: [`问题部分篇幅（占成效部分${pct(actual)}，应不少于${pct(ratio)}）`],
    finding: `存在问题部分篇幅仅为成效部分的${pct(actual)}，与成效部分不成比例。`,
  };
}

/**
 * Quality: the problems part in proportion to the achievements — the one place length counts, and only as a
 * proportion: a concise report with a short account of its work owes only a short account of its problems.
 * 1.0.0 also set a floor in characters (`minChars`); a re-score with that version keeps it, and says so as a
 * proportion too, never as a character count (what is specific about the problems is E2's and Q3's to judge).
 */
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
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  if (actual >= ratio) {
    return {
      status: 'partial',
      evidence,
      missing: [`问题部分篇幅（占成效部分${pct(actual)}，但只有寥寥数句，未与成效部分相称地展开）`],
    };
  }
  return {
    status: 'partial',
    evidence,
    missing: [`问题部分篇幅（占成效部分${pct(actual)}，应不少于${pct(ratio)}）`],
    finding: `存在问题部分篇幅仅为成效部分的${pct(actual)}，与成效部分不成比例。`,
  };
}

/** E5 (年度报告内容（五）): 其他需要报告的情况, reported when present, never a gap when absent. */
import type { Analysis } from '../analysis';
import { type CheckResult, MAX_EVIDENCE, doneSentencesOf, headingEvidence } from './common';

/** E5 is optional (督察工作规定: 其他需要报告的情况): reported when present, never a gap when absent. */
export function checkOtherMatters(a: Analysis, itemIndex: number): CheckResult {
  const heading = headingEvidence(a, 'other');
  if (a.roles.hasOtherSection) return { status: 'met', evidence: heading, missing: [] };
  const mentions = doneSentencesOf(a, itemIndex);
  if (mentions.length) return { status: 'met', evidence: mentions.slice(0, MAX_EVIDENCE), missing: [] };
  return { status: 'not_applicable', evidence: [], missing: [] };
}

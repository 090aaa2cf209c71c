/** Quality: causes analysed, beyond the stock factors. */
import type { RubricItem } from '../../../rubric/rubric.types';
import type { Analysis } from '../analysis';
import { analyseProblems, namedGroupTerms } from '../content';
import { Role } from '../roles';
import { type CheckResult, MAX_EVIDENCE, causeGroupOf, causeSentences, evaluateRule, param } from './common';

export function checkCauses(a: Analysis, item: RubricItem, itemIndex: number): CheckResult {
  const inProblems = (si: number) => a.roles.sentenceRole[si] === Role.Problems && !a.sentences.heading[si];
  const noProblems = a.problemsSentences === 0;
  const finding = noProblems ? '报告没有存在问题部分，也就没有原因分析。' : '存在问题部分未分析原因。';
  if (!(item.groups ?? []).length) {
    // no terms of its own: the cause terms of the problems element (E2) are used
    const ownerIndex = a.compiled.rubric.items.findIndex((it) => it.check === 'problems');
    const causes = ownerIndex >= 0 ? causeSentences(a, ownerIndex, causeGroupOf(a.compiled.rubric.items[ownerIndex])) : [];
    if (causes.length) return { status: 'met', evidence: causes.slice(0, MAX_EVIDENCE), missing: [] };
    return { status: 'missing', evidence: [], missing: ['原因分析'], finding };
  }
  if (item.params?.minCauses !== undefined) {
    // 1.1.0 on: a cause marker followed by stock words ("原因主要是认识还不够到位") analyses nothing
    const pa = analyseProblems(a, namedGroupTerms(item, 'causeGroup') ?? item.groups[0]?.terms ?? []);
    const specific = pa.causeSentences.filter((si) => !pa.genericCauses.includes(si));
    if (pa.causes >= param(item, 'minCauses', 1)) return { status: 'met', evidence: specific.slice(0, MAX_EVIDENCE), missing: [] };
    if (pa.causeSentences.length) {
      return { status: 'partial', evidence: pa.causeSentences.slice(0, MAX_EVIDENCE), missing: ['具体原因'], finding: '原因只有笼统表述（如思想认识不到位），未写明问题产生的具体原因。' };
    }
    return { status: 'missing', evidence: [], missing: ['原因分析'], finding };
  }
  const r = evaluateRule(a, item, itemIndex, inProblems);
  const evidence = r.sentences.slice(0, MAX_EVIDENCE);
  if (r.met && r.sentences.length) return { status: 'met', evidence, missing: [] };
  if (r.partial) return { status: 'partial', evidence, missing: r.missing, finding: '问题部分只有隐含的原因，未明确分析问题产生的原因。' };
  return { status: 'missing', evidence: [], missing: r.missing.length ? r.missing : ['原因分析'], finding };
}

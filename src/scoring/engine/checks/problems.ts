/** E2 (年度报告内容（二）): specific problems, and a specific cause for each. */
import type { RubricItem } from '../../../rubric/rubric.types';
import type { Analysis } from '../analysis';
import { analyseProblems } from '../content';
import { isDone } from '../roles';
import { type CheckResult, MAX_EVIDENCE, causeGroupOf, causeSentences, headingEvidence, param, problemSentences } from './common';

export const CONCESSION = /(?:存在|仍有|仍然|还有|尚有|依然|也有)[^。;!?]{0,30}(?:问题|不足|差距|短板|薄弱|困难)|(?:差距和不足|不足和差距|问题和不足|不足之处)/;

export function checkProblems(a: Analysis, item: RubricItem, itemIndex: number): CheckResult {
  const minChars = param(item, 'minChars', 80);
  const minSentences = param(item, 'minSentences', param(item, 'minProblems', 2));
  const causeGroup = causeGroupOf(item);
  const causes = causeSentences(a, itemIndex, causeGroup);
  const causeLabel = '原因分析';

  if (!a.roles.hasProblemsSection || a.problemsSentences === 0) {
    // No problems part: a shortfall admitted in passing ("但也存在…不足") is still something. The problem words
    // alone (问题, 不足, 有待) are everywhere in an account of work ("坚持问题导向", "未出现'四不'问题"), so the
    // sentence must concede a shortfall.
    const problemGroups = (item.groups ?? []).map((_, g) => g).filter((g) => g !== causeGroup);
    const inBody = new Set<number>();
    for (const g of problemGroups) {
      for (const si of a.groupSentences[itemIndex][g]) {
        if (!isDone(a.roles.sentenceRole[si]) || a.sentences.heading[si]) continue;
        if (CONCESSION.test(a.text.slice(a.sentences.start[si], a.sentences.end[si]))) inBody.add(si);
      }
    }
    const evidence = [...inBody].sort((p, q) => p - q).slice(0, MAX_EVIDENCE);
    if (evidence.length) {
      return { status: 'partial', evidence, missing: ['存在的不足（专门部分）', causeLabel], finding: '未设存在的不足和原因部分，仅在正文中顺带提及不足。' };
    }
    if (a.roles.hasProblemsSection) {
      return { status: 'partial', evidence: headingEvidence(a, 'problems'), missing: ['具体问题', causeLabel], finding: '存在问题部分只有标题，没有具体内容。' };
    }
    return { status: 'missing', evidence: [], missing: ['存在的不足', causeLabel] };
  }

  const sentences = problemSentences(a);
  const evidence = headingEvidence(a, 'problems');
  if (item.params?.minCauses !== undefined) return countProblems(a, item, evidence, causeGroup >= 0 ? item.groups[causeGroup].terms : []);
  for (const si of [...causes, ...sentences]) {
    if (evidence.length >= MAX_EVIDENCE) break;
    if (!evidence.includes(si)) evidence.push(si);
  }
  const thin = a.problemsChars < minChars || a.problemsSentences < minSentences;
  const missing: string[] = [];
  if (thin) missing.push('具体问题（内容过简）');
  if (causes.length === 0) missing.push(causeLabel);
  if (missing.length === 0) return { status: 'met', evidence, missing };
  const finding =
    causes.length === 0 && !thin
      ? '列出了存在的问题，但未分析产生问题的原因。'
      : thin && causes.length === 0
        ? '存在问题部分内容过简，且未分析原因。'
        : '存在问题部分内容过简。';
  return { status: 'partial', evidence, missing, finding };
}

/** E2 from 1.1.0 on: specific problems counted, and a specific cause for each (up to `minCauses`). */
export function countProblems(a: Analysis, item: RubricItem, evidence: number[], causeTerms: string[]): CheckResult {
  const minProblems = param(item, 'minProblems', 2);
  const minCauses = param(item, 'minCauses', 2);
  const pa = analyseProblems(a, causeTerms);
  const specificCauseSentences = pa.causeSentences.filter((si) => !pa.genericCauses.includes(si));
  for (const si of [...specificCauseSentences, ...pa.problems]) {
    if (evidence.length >= MAX_EVIDENCE) break;
    if (!evidence.includes(si)) evidence.push(si);
  }
  const wantCauses = Math.max(1, Math.min(pa.problems.length, minCauses));
  const missing: string[] = [];
  if (pa.problems.length < minProblems) missing.push(`具体问题（仅${pa.problems.length}项，应不少于${minProblems}项）`);
  if (pa.causes < wantCauses) missing.push(pa.causes === 0 ? '原因分析' : `逐项原因分析（${pa.causes}项原因对${pa.problems.length}项问题）`);
  if (missing.length === 0) return { status: 'met', evidence, missing };
  const finding =
    pa.causes === 0 && pa.genericCauses.length
      ? '原因只有笼统表述，未具体分析问题产生的原因。'
      : pa.causes === 0
        ? pa.problems.length >= minProblems
          ? '列出了存在的问题，但未分析产生问题的原因。'
          : '存在问题写得笼统，且未分析原因。'
        : pa.problems.length < minProblems
          ? '存在问题写得笼统，未指出具体领域和环节。'
          : '只分析了部分问题的原因。';
  return { status: 'partial', evidence, missing, finding };
}

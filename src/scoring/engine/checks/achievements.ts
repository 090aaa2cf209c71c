/** E1 (督察工作规定 年度报告内容（一）): the year's measures and results, counted as measures with figures. */
import type { RubricItem } from '../../../rubric/rubric.types';
import type { Analysis } from '../analysis';
import { measureSentences } from '../content';
import { isDone } from '../roles';
import { type CheckResult, MAX_EVIDENCE, doneSentencesOf, evaluateRule, firstHeadingOf, param } from './common';

export function checkAchievements(a: Analysis, item: RubricItem, itemIndex: number): CheckResult {
  const minChars = param(item, 'minChars', 500);
  const minFigures = param(item, 'minFigures', 3);
  const role = a.roles.sentenceRole;
  const evidence: number[] = [];
  const heading = firstHeadingOf(a, 'achievements');
  if (heading !== null) evidence.push(heading);
  // the sentences carrying the most figures are the ones that show results
  const byFigures: number[] = [];
  for (let k = 0; k < a.sentences.count; k++) if (isDone(role[k]) && a.figuresInSentence[k] > 0 && !a.sentences.heading[k]) byFigures.push(k);
  byFigures.sort((p, q) => a.figuresInSentence[q] - a.figuresInSentence[p] || p - q);
  for (const si of byFigures) {
    if (evidence.length >= MAX_EVIDENCE) break;
    evidence.push(si);
  }
  if (evidence.length === 0) evidence.push(...doneSentencesOf(a, itemIndex).slice(0, MAX_EVIDENCE));

  if (a.doneChars < 20) return { status: 'missing', evidence: [], missing: [item.groups?.[0]?.label ?? '主要举措和成效'] };
  const missing: string[] = [];
  // the rubric's groups (measures and results) must both show in the work done, not only in the plan
  const rule = evaluateRule(a, item, itemIndex, (si) => isDone(a.roles.sentenceRole[si]));
  if (!rule.met) missing.push(...rule.missing);
  if (item.params?.minMeasures !== undefined) {
    // 1.1.0 on: measures with their figures are counted, however briefly they are written
    const minMeasures = param(item, 'minMeasures', 5);
    const measures = measureSentences(a).length;
    if (measures < minMeasures) missing.push(`有数据支撑的具体举措（仅${measures}项，应不少于${minMeasures}项）`);
  } else {
    // 1.0.0 counted characters; a re-score with that version keeps its rule
    if (a.doneChars < minChars) missing.push('具体举措（内容过简）');
    if (a.doneFigures < minFigures) missing.push('量化成效数据');
  }
  if (missing.length === 0) return { status: 'met', evidence, missing };
  return { status: 'partial', evidence, missing };
}

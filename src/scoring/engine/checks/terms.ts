/** Outline items: term groups found in what was done in the report year; a bare mention counts for little. */
import type { RubricItem } from '../../../rubric/rubric.types';
import type { Analysis } from '../analysis';
import { isSpecific } from '../content';
import { Role, isDone } from '../roles';
import type { ItemStatus } from '../score-card.types';
import { type CheckResult, MAX_EVIDENCE, joinLabels, sentenceOf } from './common';

export function checkTerms(a: Analysis, item: RubricItem, itemIndex: number): CheckResult {
  const groups = item.groups ?? [];
  const role = a.roles.sentenceRole;
  const rule = item.rule ?? {};
  const partialMin = Math.max(1, rule.partial?.minGroups ?? 1);
  const metMin = rule.met?.minGroups ?? groups.length;
  const required = rule.met?.required ?? [];
  const needFigure = rule.met?.figure === true;

  const doneFound: boolean[] = [];
  const plannedLabels: string[] = [];
  let nDone = 0;
  let nPlan = 0;
  let nProblems = 0;
  // per sentence of the year's work, the groups it shows (a set: any number of groups, no bitmask to overflow)
  const sentenceGroups = new Map<number, Set<number>>();
  groups.forEach((_, g) => {
    let done = false;
    let plan = false;
    let problem = false;
    for (const si of a.groupSentences[itemIndex][g]) {
      const r = role[si];
      if (isDone(r)) {
        done = true;
        let found = sentenceGroups.get(si);
        if (!found) sentenceGroups.set(si, (found = new Set()));
        found.add(g);
      } else if (r === Role.Plan) plan = true;
      else if (r === Role.Problems) problem = true;
    }
    doneFound.push(done);
    if (done) nDone++;
    if (plan) {
      nPlan++;
      plannedLabels.push(groups[g].label);
    }
    if (problem) nProblems++;
  });

  const candidates: Array<[number, number]> = [...sentenceGroups.entries()].map(([si, found]) => [si, found.size]);
  const requiredIdx = required.map((id) => groups.findIndex((gr) => gr.id === id));
  const requiredOk = requiredIdx.every((g) => g >= 0 && doneFound[g]);
  const figureFound = candidates.some(([si]) => a.figuresInSentence[si] > 0);
  const met = nDone >= metMin && requiredOk && (!needFigure || figureFound);
  const evidence = pickEvidence(a, candidates, needFigure);
  const mentions = a.compiled.rubric.mentions;
  if (mentions && nDone >= partialMin && !candidates.some(([si]) => isSpecific(a, si) || mentions.acts.some((t) => sentenceOf(a, si).includes(t)))) {
    // every sentence about the task is a formula ("深入推进…，不断健全…机制"): a mention, not evidence of work
    return {
      status: 'partial',
      evidence,
      missing: ['具体做法或数据'],
      mentionOnly: true,
      finding: '只有原则性表述，未写明具体做法、数据或文件。',
    };
  }

  if (met) return { status: 'met', evidence, missing: [] };

  // What keeps the item from being met: required groups not found, then — only while too few groups are
  // found — the other groups; a group the rule does not need once enough are found is not reported missing.
  const missing = groups.filter((g, gi) => !doneFound[gi] && required.includes(g.id)).map((g) => g.label);
  if (nDone < metMin) missing.push(...groups.filter((g, gi) => !doneFound[gi] && !required.includes(g.id)).map((g) => g.label));
  if (needFigure && !figureFound) missing.push('量化数据（数字+单位）');

  if (nDone >= partialMin) return { status: 'partial', evidence, missing };

  const plannedOnlyStatus: ItemStatus = item.params?.plannedOnly === 'partial' ? 'partial' : 'missing';
  if (nPlan >= partialMin) {
    return {
      status: plannedOnlyStatus,
      evidence: [],
      missing: groups.map((g) => g.label),
      plannedOnly: true,
      // name what the plan mentions; the gap list's hint says what else the outline asks
      finding: `列入计划但未见落实：${joinLabels(plannedLabels)}。`,
    };
  }
  if (nProblems >= partialMin) {
    return {
      status: plannedOnlyStatus,
      evidence: [],
      missing: groups.map((g) => g.label),
      plannedOnly: true,
      finding: `仅在问题部分提及，未见落实：${joinLabels(groups.map((g) => g.label))}。`,
    };
  }
  return { status: 'missing', evidence, missing: groups.map((g) => g.label) };
}

/**
 * Sentences that show the most groups, with figures, not headings, not the opening; earlier first on ties.
 * The opening paragraph before the first heading is the standard formula ("坚持以习近平新时代…为指导…提升依法
 * 行政水平"): it counts as work done, but a reader points to the passage in the body that says what was done.
 */
export function pickEvidence(a: Analysis, candidates: Array<[number, number]>, needFigure: boolean): number[] {
  const bodyStart = a.sections[0]?.start ?? 0;
  const ranked = candidates
    .map(([si, groupCount]) => ({
      si,
      rank:
        groupCount * 10 +
        (a.figuresInSentence[si] > 0 ? 5 : 0) -
        (a.sentences.heading[si] ? 3 : 0) -
        (a.sentences.start[si] < bodyStart ? 2 : 0),
      figure: a.figuresInSentence[si] > 0,
    }))
    .sort((p, q) => q.rank - p.rank || p.si - q.si);
  const chosen = ranked.slice(0, MAX_EVIDENCE);
  if (needFigure && !chosen.some((c) => c.figure)) {
    const withFigure = ranked.find((c) => c.figure);
    if (withFigure) chosen[chosen.length - 1] = withFigure;
  }
  return chosen.map((c) => c.si);
}

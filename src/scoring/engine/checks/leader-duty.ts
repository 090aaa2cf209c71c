/** E3 (年度报告内容（三）): the principal leaders' own performance of the 第一责任人 duty. */
import type { RubricItem } from '../../../rubric/rubric.types';
import type { Analysis } from '../analysis';
import { isDone } from '../roles';
import { type CheckResult, MAX_EVIDENCE, groupIndexOf, headingEvidence } from './common';

/**
 * E3: the principal leaders' own performance of the 第一责任人 duty. The bare title "第一责任人" or a heading that
 * repeats the element's name shows nothing; a principal leader (主要负责人/主要领导/局长…) doing something
 * (亲自部署/主持召开/听取汇报/述法…) in the same or the next sentence does.
 */
export function checkLeaderDuty(a: Analysis, item: RubricItem, itemIndex: number): CheckResult {
  const groups = item.groups ?? [];
  let subject = groupIndexOf(item, 'subjectGroup', /subject|leader|principal|head/i, /主要负责|主要领导|负责人/);
  let action = groupIndexOf(item, 'actionGroup', /action|deed|perform|measure|duty/i, /亲自|履职|行动|举措/);
  if (subject < 0) subject = 0;
  if (action < 0 || action === subject) action = subject === 0 ? 1 : 0;
  const role = a.roles.sentenceRole;
  const heading = a.sentences.heading;

  const subjectIn = new Set<number>();
  const actionIn = new Set<number>();
  const anyIn = new Set<number>();
  for (let h = 0; h < a.hits.count; h++) {
    const si = a.hitSentence[h];
    if (si < 0 || !isDone(role[si])) continue;
    const term = a.compiled.terms[a.hits.term[h]];
    for (const t of a.compiled.targets[a.hits.term[h]]) {
      if (t.itemIndex !== itemIndex) continue;
      anyIn.add(si);
      if (heading[si]) continue;
      // 副局长/副区长 are not the principal leader the 第一责任人 duty names
      if (t.groupIndex === subject && a.text.charCodeAt(a.hits.start[h] - 1) !== 0x526f /* 副 */) subjectIn.add(si);
      // "履行第一责任人职责" restates the duty, it is not an act performing it
      if (t.groupIndex === action && !term.includes('第一责任人') && !term.includes('责任人职责')) actionIn.add(si);
    }
  }
  const pairs: number[] = [];
  for (const si of [...subjectIn].sort((p, q) => p - q)) {
    if (actionIn.has(si)) pairs.push(si);
    else if (actionIn.has(si + 1) && !heading[si + 1]) pairs.push(si, si + 1);
    else if (actionIn.has(si - 1) && !heading[si - 1]) pairs.push(si - 1, si);
  }
  const unique = [...new Set(pairs)].slice(0, MAX_EVIDENCE);
  if (unique.length) return { status: 'met', evidence: unique, missing: [] };

  const mentions = [...anyIn].sort((p, q) => Number(a.sentences.heading[p]) - Number(a.sentences.heading[q]) || p - q).slice(0, MAX_EVIDENCE);
  const wanted = `${groups[subject]?.label ?? '主要负责人'}${groups[action]?.label ? `亲自${groups[action].label.replace(/^亲自/, '')}` : '履职的具体事项'}`;
  if (mentions.length || a.roles.hasLeaderSection) {
    const evidence = mentions.length ? mentions : headingEvidence(a, 'leader');
    return {
      status: 'partial',
      evidence,
      missing: [wanted],
      finding: '只提到第一责任人职责或只有标题，未写明党政主要负责人本人如何履行职责。',
    };
  }
  return { status: 'missing', evidence: [], missing: [wanted] };
}

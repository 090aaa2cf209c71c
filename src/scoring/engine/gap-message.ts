/** Gap messages: 【outline clause + title】 what is wrong, then what the outline asks. */
import type { RubricItem } from '../../rubric/rubric.types';
import { type CheckResult, joinLabels } from './checks/common';

export function gapMessage(item: RubricItem, r: CheckResult): string {
  const head = `【${item.outlineRef}${item.title}】`;
  let body: string;
  // a finding already says what is missing in the element's own terms; the labels would only repeat it
  if (r.finding) {
    body = r.finding;
  } else if (r.status === 'partial') {
    body = `已有相关内容，尚缺：${joinLabels(r.missing)}。`;
  } else {
    body = `未见：${joinLabels(r.missing)}。`;
  }
  const hint = hintFor(item, r.status);
  return head + body + (hint ? (/[。！？.!?]$/.test(hint) ? hint : `${hint}。`) : '');
}

/**
 * Hints read "<what a report lacks>；<what the outline asks>". A partial item already has content, so its
 * gap quotes only what the outline asks: "未见…" would contradict the evidence shown beside it.
 */
export function hintFor(item: RubricItem, status: CheckResult['status']): string {
  const hint = (item.hint ?? '').trim();
  const split = hint.indexOf('；');
  if (status !== 'partial' || split < 0) return hint;
  return hint.slice(split + 1).trim();
}

/** Quality: published before 1 April of the following year (督察工作规定 第二十四条). */
import type { RubricItem } from '../../../rubric/rubric.types';
import type { Analysis } from '../analysis';
import { type CheckResult, param } from './common';

/** 督察工作规定 第二十四条: annual reports are made public before 1 April of the following year. */
export function checkPublicationDeadline(a: Analysis, item: RubricItem): CheckResult {
  const published = a.report.metadata?.publishedAt;
  if (a.year === null || !published || !/^\d{4}-\d{2}-\d{2}/.test(published)) return { status: 'not_applicable', evidence: [], missing: [] };
  const month = param(item, 'month', 4);
  const day = param(item, 'day', 1);
  const pad = (n: number) => String(n).padStart(2, '0');
  // "before 1 April": the deadline day itself is already late
  const deadline = `${a.year + 1}-${pad(month)}-${pad(day)}`;
  const date = published.slice(0, 10);
  if (date < deadline) return { status: 'met', evidence: [], missing: [] };
  return {
    status: 'missing',
    evidence: [],
    missing: [`按时公开（${date}发布，应在${a.year + 1}年${month}月${day}日前）`],
    finding: `报告于${date}发布，晚于${a.year + 1}年${month}月${day}日前公开的期限。`,
  };
}

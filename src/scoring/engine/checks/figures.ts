/** Quality: results given in figures (用数据说话). */
import type { RubricItem } from '../../../rubric/rubric.types';
import type { Analysis } from '../analysis';
import { isDone } from '../roles';
import { type CheckResult, MAX_EVIDENCE, param } from './common';

export function checkFigures(a: Analysis, item: RubricItem): CheckResult {
  const perThousand = param(item, 'minFiguresPerThousandChars', 0);
  // long reports need more figures: a fixed count would let 20,000 characters of prose pass on ten numbers
  const minFigures = Math.max(param(item, 'minFigures', 10), Math.ceil((perThousand * a.doneChars) / 1000));
  const role = a.roles.sentenceRole;
  const best: number[] = [];
  for (let k = 0; k < a.sentences.count; k++) if (isDone(role[k]) && a.figuresInSentence[k] > 0) best.push(k);
  best.sort((p, q) => a.figuresInSentence[q] - a.figuresInSentence[p] || p - q);
  const evidence = best.slice(0, MAX_EVIDENCE);
  if (a.doneFigures >= minFigures) return { status: 'met', evidence, missing: [] };
  const label = `量化成效数据（仅${a.doneFigures}处，应不少于${minFigures}处）`;
  if (a.doneFigures > 0) return { status: 'partial', evidence, missing: [label] };
  return { status: 'missing', evidence: [], missing: [label] };
}

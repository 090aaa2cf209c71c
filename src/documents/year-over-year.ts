/**
 * One issuer's report against its report of the year before: how the total and each part moved, which items
 * are newly met, which fell back and which are still not met, how much of this year's text was carried over
 * from last year's (copy detection between the two), and whether last year's plan shows up as done (plan
 * fulfilment). Pure: two cards and the two prepared texts in, a summary out; the API and the CLI share it.
 */
import type { PreparedReport } from '../intake/intake.types';
import type { PartId, RubricDefinition } from '../rubric/rubric.types';
import type { ItemStatus, ScoreCard } from '../scoring/engine/score-card.types';
import { partLabel } from '../batches/batch-report';
import { detectCopies, type CopyPassage } from '../batches/copy-detection';
import { planFulfilment, type PlanFulfilment } from '../batches/plan-fulfilment';
import type { ErrorCode } from '../common/error-codes';

export class YearOverYearError extends Error {
  constructor(
    readonly code: Extract<ErrorCode, 'ISSUER_MISMATCH' | 'YEAR_ORDER'>,
    message: string,
  ) {
    super(message);
    this.name = 'YearOverYearError';
  }
}

export interface ItemChange {
  itemId: string;
  title: string;
  outlineRef: string;
  from: ItemStatus;
  to: ItemStatus;
}

export interface PartDelta {
  part: PartId;
  label: string;
  previous: number | null;
  current: number | null;
  max: number;
  delta: number | null;
}

export interface YearOverYear {
  issuer: string | null;
  previous: { reportId: string | null; year: number | null; total: number; grade: string; rubric: string };
  current: { reportId: string | null; year: number | null; total: number; grade: string; rubric: string };
  totalDelta: number;
  parts: PartDelta[];
  newlyMet: ItemChange[];
  regressed: ItemChange[];
  stillMissing: ItemChange[];
  /** this year's text found in last year's report (boilerplate formulae excluded) */
  carriedOver: { share: number; copiedChars: number; passages: CopyPassage[] };
  planFulfilment: PlanFulfilment;
}

export interface YearSide {
  reportId?: string | null;
  card: ScoreCard;
  prepared: PreparedReport;
}

const RANK: Record<Exclude<ItemStatus, 'not_applicable'>, number> = { missing: 0, partial: 1, met: 2 };
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const sameIssuer = (a: string, b: string) => a.replace(/\s+/g, '') === b.replace(/\s+/g, '');

/** Refuses pairs that are not one issuer's two consecutive-or-later years, with a Chinese message. */
export function checkPair(previous: ScoreCard, current: ScoreCard): void {
  const [a, b] = [previous.report, current.report];
  if (a.issuer && b.issuer && !sameIssuer(a.issuer, b.issuer)) {
    throw new YearOverYearError('ISSUER_MISMATCH', `两份报告的报告单位不同（${a.issuer} / ${b.issuer}），无法进行同比`);
  }
  if (a.year && b.year && a.year >= b.year) {
    throw new YearOverYearError('YEAR_ORDER', `上年度报告（${a.year}年度）应早于本年度报告（${b.year}年度）`);
  }
}

export function yearOverYear(previous: YearSide, current: YearSide, rubric: RubricDefinition): YearOverYear {
  checkPair(previous.card, current.card);
  const [old, now] = [previous.card, current.card];

  const oldParts = new Map(old.parts.map((p) => [String(p.part), p]));
  const parts: PartDelta[] = now.parts.map((p) => {
    const before = oldParts.get(String(p.part));
    return { part: p.part, label: partLabel(p.part, p.title), previous: before?.score ?? null, current: p.score, max: p.max, delta: before ? round(p.score - before.score, 2) : null };
  });

  const oldItems = new Map(old.items.map((it) => [it.id, it]));
  const newlyMet: ItemChange[] = [];
  const regressed: ItemChange[] = [];
  const stillMissing: ItemChange[] = [];
  for (const item of now.items) {
    const before = oldItems.get(item.id);
    if (!before || before.status === 'not_applicable' || item.status === 'not_applicable') continue;
    const change = { itemId: item.id, title: item.title, outlineRef: item.outlineRef, from: before.status, to: item.status };
    if (RANK[item.status] < RANK[before.status]) regressed.push(change);
    else if (item.status === 'met' && before.status !== 'met') newlyMet.push(change);
    else if (item.status !== 'met') stillMissing.push(change);
  }

  // two documents only: boilerplate is the standard formulae, and every shared passage counts
  const [pair] = detectCopies(
    [
      { id: 'current', text: current.prepared.normalised, original: current.prepared.original, toOriginal: current.prepared.toOriginal },
      { id: 'previous', text: previous.prepared.normalised, original: previous.prepared.original, toOriginal: previous.prepared.toOriginal },
    ],
    [],
    { minShare: 0, minCopiedChars: 0, maxPassages: 5 },
  );
  const carriedOver = pair
    ? { share: pair.a === 'current' ? pair.shareA : pair.shareB, copiedChars: pair.copiedChars, passages: pair.a === 'current' ? pair.passages : pair.passages.map((p) => ({ a: p.b, b: p.a, chars: p.chars })) }
    : { share: 0, copiedChars: 0, passages: [] };

  const side = (s: YearSide) => ({ reportId: s.reportId ?? null, year: s.card.report.year, total: s.card.total, grade: s.card.grade, rubric: `${s.card.rubric.id}@${s.card.rubric.version}` });
  return {
    issuer: now.report.issuer ?? old.report.issuer,
    previous: side(previous),
    current: side(current),
    totalDelta: round(now.total - old.total, 1),
    parts,
    newlyMet,
    regressed,
    stillMissing,
    carriedOver,
    planFulfilment: planFulfilment(previous.prepared, current.prepared, rubric),
  };
}

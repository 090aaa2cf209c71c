/**
 * A reviewer's decision on one item (an override) or a standing exemption for an issuer (a waiver) changes that
 * item's status; the item's score, the part subtotals, the total and the grade follow from the rubric's weights
 * and partial credit exactly as the engine computes them. Pure: the stored card is never modified, so the
 * engine's own result stays visible as `totalWithoutOverrides`.
 */
import type { RubricDefinition } from '../../rubric/rubric.types';
import type { Gap, ItemResult, ItemStatus, PartScore, ScoreCard } from '../../scoring/engine/score-card.types';
import { STATUS_LABEL } from '../../scoring/engine/messages';

export interface ItemAdjustment {
  id: string;
  kind: 'override' | 'waiver';
  itemId: string;
  status: ItemStatus;
  reason: string;
  actor: string;
  at: string;
  expiresAt?: string;
}

export interface AdjustedItem extends ItemResult {
  adjusted?: { kind: 'override' | 'waiver'; id: string; from: ItemStatus; reason: string; actor: string; at: string };
}

export interface AdjustedCard extends Omit<ScoreCard, 'items'> {
  items: AdjustedItem[];
  totalWithoutOverrides: number;
  gradeWithoutOverrides: string;
  adjustments: ItemAdjustment[];
}

/** the one status vocabulary (scoring/engine/messages.ts) */
export { STATUS_LABEL };

const round2 = (x: number) => Math.round(x * 100) / 100;

export function gradeFor(rubric: RubricDefinition, total: number): string {
  const bands = [...(rubric.grades ?? [])].sort((p, q) => q.min - p.min);
  for (const b of bands) if (total >= b.min) return b.grade;
  return bands.length ? bands[bands.length - 1].grade : '';
}

/** The score an item gets for a status under the card's profile: the engine's rule, from the rubric. */
export function itemScore(rubric: RubricDefinition, profile: string, itemId: string, status: ItemStatus): { score: number; max: number } | null {
  const item = rubric.items.find((it) => it.id === itemId);
  if (!item) return null;
  if (status === 'not_applicable') return { score: 0, max: 0 };
  const weight = rubric.profiles[profile as keyof RubricDefinition['profiles']]?.weights?.[itemId] ?? item.weight;
  const max = round2(weight);
  const credit = Math.min(1, Math.max(0, rubric.partialCredit));
  return { score: status === 'met' ? max : status === 'partial' ? round2(weight * credit) : 0, max };
}

/**
 * Applies adjustments in the order given (later ones win for the same item: pass waivers before overrides and
 * overrides oldest first). Adjustments naming an item the card's rubric does not have are ignored.
 */
export function applyOverrides(card: ScoreCard, adjustments: ItemAdjustment[], rubric: RubricDefinition): AdjustedCard {
  const effective = new Map<string, ItemAdjustment>();
  for (const a of adjustments) effective.set(a.itemId, a);

  const items: AdjustedItem[] = card.items.map((item) => {
    const a = effective.get(item.id);
    if (!a || a.status === item.status) return item;
    const scored = itemScore(rubric, card.profile, item.id, a.status);
    if (!scored) return item;
    return {
      ...item,
      status: a.status,
      score: scored.score,
      max: scored.max,
      missing: a.status === 'met' || a.status === 'not_applicable' ? [] : item.missing,
      adjusted: { kind: a.kind, id: a.id, from: item.status, reason: a.reason, actor: a.actor, at: a.at },
    };
  });

  const byId = new Map(items.map((it) => [it.id, it]));
  const gaps: Gap[] = card.gaps.filter((g) => {
    const status = byId.get(g.itemId)?.status;
    return status !== 'met' && status !== 'not_applicable';
  });
  for (const item of items) {
    if (!item.adjusted || item.status === 'met' || item.status === 'not_applicable' || gaps.some((g) => g.itemId === item.id)) continue;
    const def = rubric.items.find((it) => it.id === item.id)!;
    gaps.push({
      itemId: item.id,
      severity: def.severity ?? 'medium',
      message: `${item.title}：经复核认定为${STATUS_LABEL[item.status]}（${item.adjusted.reason}）。${def.hint}`,
      outlineRef: item.outlineRef,
    });
  }

  const parts: PartScore[] = card.parts.map((p) => (p.title === undefined ? { part: p.part, score: 0, max: 0 } : { part: p.part, title: p.title, score: 0, max: 0 }));
  const partOf = new Map(parts.map((p) => [String(p.part), p]));
  let sumScore = 0;
  let sumMax = 0;
  for (const it of items) {
    sumScore += it.score;
    sumMax += it.max;
    const part = partOf.get(String(it.part));
    if (part) {
      part.score += it.score;
      part.max += it.max;
    }
  }
  for (const p of parts) {
    p.score = round2(p.score);
    p.max = round2(p.max);
  }
  const total = sumMax > 0 ? Math.round((1000 * sumScore) / sumMax) / 10 : 0;
  return {
    ...card,
    total,
    grade: gradeFor(rubric, total),
    parts,
    items,
    gaps,
    totalWithoutOverrides: card.total,
    gradeWithoutOverrides: card.grade,
    adjustments: [...effective.values()],
  };
}

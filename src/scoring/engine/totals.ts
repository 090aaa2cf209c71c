/** Totals: part scores, the grade, and the order of items and gaps. */
import { chineseNumeral } from '../../rubric/chinese-numeral';
import type { PartId, RubricDefinition } from '../../rubric/rubric.types';
import type { GapSeverity, ItemResult, PartScore } from './score-card.types';

export const SEVERITY_RANK: Record<GapSeverity, number> = { high: 0, medium: 1, low: 2 };

/** `E2` < `Q1` < `2.1` < `4.2` < `10.1`: letters first, then outline numbers numerically. */
export function compareIds(x: string, y: string): number {
  const xs = x.split('.');
  const ys = y.split('.');
  for (let i = 0; i < Math.max(xs.length, ys.length); i++) {
    const p = xs[i];
    const q = ys[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn) {
      const d = Number(p) - Number(q);
      if (d !== 0) return d;
    } else if (pn !== qn) {
      return pn ? 1 : -1;
    } else if (p !== q) {
      return p < q ? -1 : 1;
    }
  }
  return 0;
}

export function gradeFor(rubric: RubricDefinition, total: number): string {
  const bands = [...(rubric.grades ?? [])].sort((p, q) => q.min - p.min);
  for (const b of bands) if (total >= b.min) return b.grade;
  return bands.length ? bands[bands.length - 1].grade : '';
}

export function partScores(items: ItemResult[], rubric: RubricDefinition): PartScore[] {
  const declared = rubric.parts ?? [];
  const byPart = new Map<string, PartScore>();
  for (const it of items) {
    const key = String(it.part);
    let p = byPart.get(key);
    if (!p) {
      const title = declared.find((d) => String(d.id) === key)?.title ?? (it.part === 'report' ? '年报要素与质量' : `${chineseNumeral(Number(it.part))}`);
      p = { part: it.part, title, score: 0, max: 0 };
      byPart.set(key, p);
    }
    p.score += it.score;
    p.max += it.max;
  }
  const parts = [...byPart.values()];
  for (const p of parts) {
    p.score = round2(p.score);
    p.max = round2(p.max);
  }
  // the rubric's order; parts it does not declare after, report first and numbers ascending
  const rank = (part: PartId) => {
    const i = declared.findIndex((d) => d.id === part);
    return i >= 0 ? i : declared.length + (part === 'report' ? -0.5 : Number(part));
  };
  parts.sort((x, y) => rank(x.part) - rank(y.part));
  return parts;
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

export function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0.5;
}

/**
 * What a supervising body reads about a batch: the ranking, the gaps most reports share (what to train on), the
 * distribution of totals, and one export row per report. Pure: built from score cards, shared by the API and
 * `scorecard batch`.
 */
import { REPORT_ELEMENT_CHECKS } from '../rubric/check-params';
import type { RubricDefinition } from '../rubric/rubric.types';
import { compareIds } from '../scoring/engine';
import { STATUS_LABEL } from '../scoring/engine/messages';
import { chineseNumeral } from '../rubric/chinese-numeral';
import type { Gap, ItemStatus, PartScore, ScoreCard } from '../scoring/engine/score-card.types';
import type { CopyPair } from './copy-detection';
import type { PlanFulfilment } from './plan-fulfilment';

export interface BatchEntry {
  /** the batch item (API) or the path (CLI) */
  key: string;
  file: string;
  reportId: string | null;
  card: ScoreCard & { totalWithoutOverrides?: number };
  planFulfilment?: (PlanFulfilment & { previousReportId?: string }) | null;
}

export interface FailedEntry {
  file: string;
  error: string;
}

export interface DuplicateFlag {
  file: string;
  reportId: string | null;
  /** share of this report found in the other */
  share: number;
  earlier: boolean;
}

const TOP_GAPS = 3;

/** A part's name: the rubric's title when the card has it, else the 2021—2025 numbering cards before 1.1.0 used. */
export function partLabel(part: PartScore['part'], title?: string): string {
  if (title) return title;
  return part === 'report' ? '报告要素' : `纲要${chineseNumeral(Number(part))}`;
}

/** Ids of the items that check a report element (REPORT_ELEMENT_CHECKS), in rubric order. */
export function reportElementIds(rubric: Pick<RubricDefinition, 'items'>): string[] {
  return rubric.items.filter((it) => REPORT_ELEMENT_CHECKS.has(it.check)).map((it) => it.id);
}

/** A card stored before items carried their check kind gets them from the rubric it was scored with. */
export function withCheckKinds<T extends ScoreCard>(card: T, rubric: Pick<RubricDefinition, 'items'>): T {
  if (card.items.every((it) => it.check)) return card;
  const kinds = new Map(rubric.items.map((it) => [it.id, it.check]));
  return { ...card, items: card.items.map((it) => (it.check ? it : { ...it, check: kinds.get(it.id) })) };
}

/**
 * The export's columns, from the cards themselves: each part once (the rubric's title), each report element once
 * (its item id), in the order the cards list them. A season scored with two outlines gets the columns of both.
 */
export interface ExportColumns {
  /** part labels: two outlines' part 1 are different parts, told apart by their titles */
  parts: string[];
  elements: string[];
}

export function exportColumns(entries: BatchEntry[]): ExportColumns {
  const parts = new Set<string>();
  const elements = new Set<string>();
  for (const e of entries) {
    for (const p of e.card.parts) parts.add(partLabel(p.part, p.title));
    for (const it of e.card.items) if (it.check && REPORT_ELEMENT_CHECKS.has(it.check)) elements.add(it.id);
  }
  return { parts: [...parts], elements: [...elements] };
}

/** the one status vocabulary (scoring/engine/messages.ts): exports say what cards and overrides say */
export const STATUS_CN: Record<ItemStatus, string> = STATUS_LABEL;

/** Copy pairs seen from each report (pairs name report ids; in the CLI the entry key stands in). */
export function duplicateFlags(entries: BatchEntry[], copies: CopyPair[], earlierFiles: Map<string, string> = new Map()): Map<string, DuplicateFlag[]> {
  const byId = new Map(entries.map((e) => [e.reportId ?? e.key, e]));
  const flags = new Map<string, DuplicateFlag[]>();
  const add = (id: string, otherId: string, share: number, earlier: boolean) => {
    const other = byId.get(otherId);
    const list = flags.get(id) ?? [];
    list.push({ file: other?.file ?? earlierFiles.get(otherId) ?? otherId, reportId: other?.reportId ?? otherId, share, earlier });
    flags.set(id, list);
  };
  for (const pair of copies) {
    add(pair.a, pair.b, pair.shareA, pair.earlier === true);
    if (!pair.earlier) add(pair.b, pair.a, pair.shareB, false);
  }
  for (const list of flags.values()) list.sort((x, y) => y.share - x.share || (x.file < y.file ? -1 : 1));
  return flags;
}

export interface RankingRow {
  rank: number;
  key: string;
  file: string;
  reportId: string | null;
  issuer: string | null;
  level: string | null;
  year: number | null;
  profile: string;
  total: number;
  totalWithoutOverrides: number;
  grade: string;
  parts: PartScore[];
  gapCount: number;
  topGaps: Array<{ itemId: string; title: string; severity: Gap['severity']; message: string }>;
  duplicates: DuplicateFlag[];
  planFulfilment: { previousYear: number | null; planned: number; done: number; silent: number; share: number } | null;
}

export interface GapFrequencyRow {
  itemId: string;
  title: string;
  outlineRef: string;
  missing: number;
  partial: number;
  /** reports the item applies to */
  applicable: number;
  count: number;
  share: number;
}

export interface Distribution {
  count: number;
  mean: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
  byGrade: Array<{ grade: string; min: number; count: number }>;
  buckets: Array<{ from: number; to: number; count: number }>;
}

export function ranking(entries: BatchEntry[], copies: CopyPair[] = [], earlierFiles: Map<string, string> = new Map()): RankingRow[] {
  const flags = duplicateFlags(entries, copies, earlierFiles);
  const sorted = [...entries].sort((a, b) => b.card.total - a.card.total || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  let rank = 0;
  let previous: number | null = null;
  return sorted.map((e, i) => {
    if (e.card.total !== previous) rank = i + 1;
    previous = e.card.total;
    const titles = new Map(e.card.items.map((it) => [it.id, it.title]));
    return {
      rank,
      key: e.key,
      file: e.file,
      reportId: e.reportId,
      issuer: e.card.report.issuer,
      level: e.card.report.level,
      year: e.card.report.year,
      profile: e.card.profile,
      total: e.card.total,
      totalWithoutOverrides: e.card.totalWithoutOverrides ?? e.card.total,
      grade: e.card.grade,
      parts: e.card.parts,
      gapCount: e.card.gaps.length,
      topGaps: e.card.gaps.slice(0, TOP_GAPS).map((g) => ({ itemId: g.itemId, title: titles.get(g.itemId) ?? '', severity: g.severity, message: g.message })),
      duplicates: flags.get(e.reportId ?? e.key) ?? [],
      planFulfilment: e.planFulfilment ? { previousYear: e.planFulfilment.previousYear, planned: e.planFulfilment.planned, done: e.planFulfilment.done.length, silent: e.planFulfilment.silent.length, share: e.planFulfilment.share } : null,
    };
  });
}

/** For each rubric item: how many reports miss it or only partly meet it, most frequent first. */
export function gapFrequency(entries: BatchEntry[]): GapFrequencyRow[] {
  const rows = new Map<string, { itemId: string; title: string; outlineRef: string; missing: number; partial: number; applicable: number }>();
  for (const e of entries) {
    for (const it of e.card.items) {
      let row = rows.get(it.id);
      if (!row) rows.set(it.id, (row = { itemId: it.id, title: it.title, outlineRef: it.outlineRef, missing: 0, partial: 0, applicable: 0 }));
      if (it.status === 'not_applicable') continue;
      row.applicable++;
      if (it.status === 'missing') row.missing++;
      else if (it.status === 'partial') row.partial++;
    }
  }
  // the share of the reports the item applies to: a township item missing from every township report is 1, not 1/3
  return [...rows.values()]
    .map((r) => ({ ...r, count: r.missing + r.partial, share: r.applicable ? Math.round((1000 * (r.missing + r.partial)) / r.applicable) / 1000 : 0 }))
    .filter((r) => r.count > 0)
    .sort((a, b) => b.count - a.count || b.missing - a.missing || compareIds(a.itemId, b.itemId));
}

export function distribution(entries: BatchEntry[], rubric: RubricDefinition): Distribution {
  const totals = entries.map((e) => e.card.total).sort((a, b) => a - b);
  const grades = [...rubric.grades].sort((a, b) => b.min - a.min);
  const byGrade = grades.map((g) => ({ grade: g.grade, min: g.min, count: entries.filter((e) => e.card.grade === g.grade).length }));
  const buckets = Array.from({ length: 10 }, (_, i) => ({ from: i * 10, to: i === 9 ? 100 : i * 10 + 10, count: 0 }));
  for (const t of totals) buckets[Math.min(9, Math.floor(t / 10))].count++;
  const mean = totals.length ? Math.round((10 * totals.reduce((s, t) => s + t, 0)) / totals.length) / 10 : null;
  const median = totals.length ? (totals.length % 2 ? totals[(totals.length - 1) / 2] : Math.round(5 * (totals[totals.length / 2 - 1] + totals[totals.length / 2])) / 10) : null;
  return { count: totals.length, mean, median, min: totals[0] ?? null, max: totals[totals.length - 1] ?? null, byGrade, buckets };
}

/** One export row per report: the columns named in issue 6, the parts and report elements from the rubric. */
export function exportRows(entries: BatchEntry[], copies: CopyPair[] = [], earlierFiles: Map<string, string> = new Map()): ExportTable {
  const byKey = new Map(entries.map((e) => [e.key, e]));
  const columns = exportColumns(entries);
  const rows = ranking(entries, copies, earlierFiles).map((r) => {
    const entry = byKey.get(r.key)!;
    const status = new Map(entry.card.items.map((it) => [it.id, it.status]));
    return {
      rank: r.rank,
      file: r.file,
      issuer: r.issuer,
      level: r.level,
      year: r.year,
      total: r.total,
      grade: r.grade,
      parts: Object.fromEntries(r.parts.map((p) => [String(p.part), p.score])) as Record<string, number>,
      partsByLabel: Object.fromEntries(r.parts.map((p) => [partLabel(p.part, p.title), p.score])) as Record<string, number>,
      elements: Object.fromEntries(columns.elements.map((id) => [id, status.get(id) ?? null])),
      gapCount: r.gapCount,
      topGaps: r.topGaps.map((g) => `${g.itemId} ${g.title}`),
      duplicates: r.duplicates.map((d) => `${d.file} ${Math.round(d.share * 100)}%${d.earlier ? ' (往年)' : ''}`),
    };
  });
  return { columns, rows };
}

export interface ExportTable {
  columns: ExportColumns;
  rows: ExportRow[];
}

export interface ExportRow {
  rank: number;
  file: string;
  issuer: string | null;
  level: string | null;
  year: number | null;
  total: number;
  grade: string;
  parts: Record<string, number>;
  /** the same scores under the export's column labels (ExportColumns.parts); not part of the JSON row */
  partsByLabel: Record<string, number>;
  /** report element item id (E1 … in the 2021—2025 rubric) → status; JSON exports spread these into the row */
  elements: Record<string, ItemStatus | null>;
  gapCount: number;
  topGaps: string[];
  duplicates: string[];
}

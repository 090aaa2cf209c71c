/**
 * score(report, rubric, profile) → ScoreCard. Pure and deterministic: no clock, no I/O, arrays in rubric order,
 * stable sorts with explicit tie-breaks, so the CLI, the API and the worker give byte-identical cards.
 */
import type { PreparedReport } from '../../intake/intake.types';
import type { ProfileName, RubricDefinition } from '../../rubric/rubric.types';
import { analyse } from './analysis';
import type { Evidence, Gap, GapSeverity, ItemResult, ItemStatus, ScoreCard } from './score-card.types';
import { toEvidence } from './evidence';
import { gapMessage } from './gap-message';
import { resolveProfile } from './profile';
import { SEVERITY_RANK, clamp01, compareIds, gradeFor, partScores, round2 } from './totals';
import { runCheck } from './checks';

export { compareIds } from './totals';
export { resolveProfile } from './profile';

/** `rubricNote`: why this rubric applies when the caller named none (RubricRegistry.select), shown on the card. */
export function score(report: PreparedReport, rubric: RubricDefinition, profile: ProfileName, rubricNote?: string): ScoreCard {
  const profileDef = rubric.profiles[profile];
  if (!profileDef) throw new RangeError(`unknown profile "${profile}"`);
  const a = analyse(report, rubric);
  const excluded = new Set(profileDef.exclude ?? []);
  const partialCredit = clamp01(rubric.partialCredit);

  const items: ItemResult[] = [];
  const gaps: Gap[] = [];
  const gapSort: Array<{ gap: Gap; sev: number; missing: number; weight: number; id: string }> = [];

  rubric.items.forEach((item, itemIndex) => {
    const weight = profileDef.weights?.[item.id] ?? item.weight;
    // Literal objects with one fixed key order (no spread): the card's JSON is byte-stable and V8 keeps one
    // shape for all items, which matters at thousands of cards per second.
    const result = (status: ItemStatus, score: number, max: number, evidence: Evidence[], missing: string[]): ItemResult => ({
      id: item.id,
      part: item.part,
      title: item.title,
      outlineRef: item.outlineRef,
      check: item.check,
      status,
      score,
      max,
      evidence,
      missing,
    });
    if (excluded.has(item.id)) {
      items.push(result('not_applicable', 0, 0, [], []));
      return;
    }
    // a profile may set its own thresholds (a township's plan has fewer points than a city's)
    const override = profileDef.params?.[item.id];
    const r = runCheck(a, override ? { ...item, params: { ...item.params, ...override } } : item, itemIndex);
    const evidence = toEvidence(a, r.evidence);
    if (r.status === 'not_applicable') {
      items.push(result('not_applicable', 0, 0, evidence, []));
      return;
    }
    const max = round2(weight);
    const credit = r.mentionOnly ? clamp01(rubric.mentions?.credit ?? partialCredit) : partialCredit;
    const s = r.status === 'met' ? max : r.status === 'partial' ? round2(weight * credit) : 0;
    const itemResult = result(r.status, s, max, evidence, r.status === 'met' ? [] : r.missing);
    if (r.plannedOnly) itemResult.plannedOnly = true;
    items.push(itemResult);
    if (r.status !== 'met') {
      const severity: GapSeverity = item.severity ?? 'medium';
      const gap: Gap = { itemId: item.id, severity, message: gapMessage(item, r), outlineRef: item.outlineRef };
      gapSort.push({ gap, sev: SEVERITY_RANK[severity], missing: r.status === 'missing' ? 0 : 1, weight, id: item.id });
    }
  });

  gapSort.sort((x, y) => x.sev - y.sev || x.missing - y.missing || y.weight - x.weight || compareIds(x.id, y.id));
  for (const g of gapSort) gaps.push(g.gap);
  const md0 = report.metadata;
  // The type of reporting body picks the profile; when nothing named it, the user is asked first of all.
  if (md0?.sources?.level === 'default' && !md0.level)
    gaps.unshift({
      itemId: 'profile',
      severity: 'high',
      message: `类型未能识别，暂按${rubric.profiles[profile]?.title ?? profile}评分，请确认（可指定 profile 重新评分）。`,
      outlineRef: '',
    });

  const parts = partScores(items, rubric);
  let sumScore = 0;
  let sumMax = 0;
  for (const it of items) {
    sumScore += it.score;
    sumMax += it.max;
  }
  const total = sumMax > 0 ? Math.round((1000 * sumScore) / sumMax) / 10 : 0;

  const md = report.metadata ?? ({ script: 'simplified' } as PreparedReport['metadata']);
  return {
    total,
    grade: gradeFor(rubric, total),
    rubric: rubricNote ? { id: rubric.id, version: rubric.version, note: rubricNote } : { id: rubric.id, version: rubric.version },
    profile,
    report: {
      title: md.title ?? null,
      issuer: md.issuer ?? null,
      year: md.year ?? null,
      // the profile the user named, else the one this rubric gives the detected level (what exports and rankings show)
      level: md.level ?? (md.governmentLevel ? resolveProfile(report, rubric) : null),
      ...(md.governmentLevel !== undefined || md.sources ? { governmentLevel: md.governmentLevel ?? null, sources: md.sources ?? {} } : {}),
      ...(md.ocr ? { ocr: md.ocr } : {}),
      script: md.script,
      chars: report.original.length,
      publishedAt: md.publishedAt ?? null,
    },
    parts,
    items,
    gaps,
  };
}

/** Scores a report with the profile asked for, else the one its issuer implies: what the CLI, /check and batches do. */
export function scoreReport(report: PreparedReport, rubric: RubricDefinition, explicit?: ProfileName | string | null, rubricNote?: string): ScoreCard {
  const profile = resolveProfile(report, rubric, explicit);
  // A profile the user named answers the "type not recognised" question.
  const asked = explicit && report.metadata?.sources?.level === 'default' ? { ...report, metadata: { ...report.metadata, sources: { ...report.metadata.sources, level: 'override' as const } } } : report;
  return score(asked, rubric, profile, rubricNote);
}

/**
 * score(report, rubric, profile) → ScoreCard. Pure and deterministic: no clock, no I/O, arrays in rubric order,
 * stable sorts with explicit tie-breaks, so the CLI, the API and the worker give byte-identical cards.
 */
import type { PartId, ProfileName, RubricDefinition, RubricItem } from '../../rubric/rubric.types';
import { chineseNumeral } from '../../rubric/chinese-numeral';
import { mapSpan, type PreparedReport, type ReportMetadata } from '../../intake/intake.types';
import type { Evidence, Gap, GapSeverity, ItemResult, ItemStatus, PartScore, ScoreCard } from './score-card.types';
import { sentenceAt } from './sentences';
import { isDone, Role } from './roles';
import { analyse, type Analysis } from './analysis';
import { analyseProblems, arrangementUnits, isSpecific, measureSentences, namedGroupTerms } from './content';

const MAX_EVIDENCE = 3;
const MAX_QUOTE = 160;

/**
 * The profile for a report, all from the rubric: the one asked for; else a profile the user gave as the level;
 * else the first profile (in the rubric's order) whose `levels` hold the detected level of government; else the
 * first whose `issuer` patterns match the issuer's name; else a profile named like the level (stored reports,
 * rubrics before 1.1.0); else the rubric's default profile.
 */
export function resolveProfile(
  report: { metadata?: Partial<Pick<ReportMetadata, 'level' | 'issuer' | 'governmentLevel' | 'sources'>> },
  rubric: RubricDefinition,
  explicit?: ProfileName | string | null,
): ProfileName {
  const profiles = Object.values(rubric.profiles);
  if (explicit) {
    if (rubric.profiles[explicit]) return explicit;
    throw new RangeError(`unknown profile "${explicit}" (expected one of ${Object.keys(rubric.profiles).sort().join(', ')})`);
  }
  const md = report.metadata ?? {};
  const level = md.level;
  if (level && md.sources?.level === 'override' && rubric.profiles[level]) return level;
  const detected = md.governmentLevel;
  if (detected) {
    const byLevel = profiles.find((p) => p.levels?.includes(detected));
    if (byLevel) return byLevel.name;
  }
  const issuer = md.issuer?.replace(/\s+/g, '');
  if (issuer) {
    const byIssuer = profiles.find((p) => p.issuer?.some((pattern) => issuerPattern(pattern).test(issuer)));
    if (byIssuer) return byIssuer.name;
  }
  if (level && rubric.profiles[level]) return level;
  return (profiles.find((p) => p.default) ?? rubric.profiles.county_government ?? profiles[0]).name;
}

const patternCache = new Map<string, RegExp>();
function issuerPattern(source: string): RegExp {
  let re = patternCache.get(source);
  if (!re) patternCache.set(source, (re = new RegExp(source, 'u')));
  return re;
}

/** Scores a report with the profile asked for, else the one its issuer implies: what the CLI, /check and batches do. */
export function scoreReport(report: PreparedReport, rubric: RubricDefinition, explicit?: ProfileName | string | null, rubricNote?: string): ScoreCard {
  const profile = resolveProfile(report, rubric, explicit);
  // A profile the user named answers the "type not recognised" question.
  const asked = explicit && report.metadata?.sources?.level === 'default' ? { ...report, metadata: { ...report.metadata, sources: { ...report.metadata.sources, level: 'override' as const } } } : report;
  return score(asked, rubric, profile, rubricNote);
}

interface CheckResult {
  status: ItemStatus;
  evidence: number[] | Evidence[]; // sentence indices, or ready spans
  missing: string[];
  plannedOnly?: boolean;
  /** the gap's statement of what is wrong, when the generic "尚缺/未见" wording would mislead */
  finding?: string;
  /** partial on a bare mention: scored at the rubric's mentions.credit, not partialCredit */
  mentionOnly?: boolean;
}

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
      level: md.level ?? null,
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

const SEVERITY_RANK: Record<GapSeverity, number> = { high: 0, medium: 1, low: 2 };

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

function gradeFor(rubric: RubricDefinition, total: number): string {
  const bands = [...(rubric.grades ?? [])].sort((p, q) => q.min - p.min);
  for (const b of bands) if (total >= b.min) return b.grade;
  return bands.length ? bands[bands.length - 1].grade : '';
}

function partScores(items: ItemResult[], rubric: RubricDefinition): PartScore[] {
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

function runCheck(a: Analysis, item: RubricItem, itemIndex: number): CheckResult {
  switch (item.check) {
    case 'terms':
      return checkTerms(a, item, itemIndex);
    case 'achievements':
      return checkAchievements(a, item, itemIndex);
    case 'problems':
      return checkProblems(a, item, itemIndex);
    case 'leader_duty':
      return checkLeaderDuty(a, item, itemIndex);
    case 'next_year_plan':
      return checkNextYearPlan(a, item);
    case 'other_matters':
      return checkOtherMatters(a, itemIndex);
    case 'figures':
      return checkFigures(a, item);
    case 'problem_proportion':
      return checkProblemProportion(a, item);
    case 'causes':
      return checkCauses(a, item, itemIndex);
    case 'plan_year':
      return checkPlanYear(a, item);
    case 'publication_deadline':
      return checkPublicationDeadline(a, item);
    default:
      // a check kind this engine does not know: say so in the card rather than guess a score
      return { status: 'missing', evidence: [], missing: [`未知检查类型 ${String((item as RubricItem).check)}`] };
  }
}

function param(item: RubricItem, key: string, fallback: number): number {
  const v = item.params?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** An item's StatusRule evaluated over the sentences that pass `keep` (e.g. only the problems part). */
function evaluateRule(a: Analysis, item: RubricItem, itemIndex: number, keep: (si: number) => boolean) {
  const groups = item.groups ?? [];
  const rule = item.rule ?? {};
  const found = groups.map((_, g) => a.groupSentences[itemIndex][g].some(keep));
  const n = found.filter(Boolean).length;
  const required = rule.met?.required ?? [];
  const requiredOk = required.every((id) => {
    const g = groups.findIndex((gr) => gr.id === id);
    return g >= 0 && found[g];
  });
  const met = groups.length === 0 || (n >= (rule.met?.minGroups ?? groups.length) && requiredOk);
  const partial = n >= Math.max(1, rule.partial?.minGroups ?? 1);
  const sentences = new Set<number>();
  groups.forEach((_, g) => a.groupSentences[itemIndex][g].forEach((si) => keep(si) && sentences.add(si)));
  const unfound = groups.filter((_, g) => !found[g]);
  unfound.sort((p, q) => Number(required.includes(q.id)) - Number(required.includes(p.id)));
  return { met, partial, missing: unfound.map((g) => g.label), sentences: [...sentences].sort((p, q) => p - q) };
}

// ---------------------------------------------------------------------------------------------------------------
// Outline items: term groups found in what was done.

function checkTerms(a: Analysis, item: RubricItem, itemIndex: number): CheckResult {
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
  const sentenceMask = new Map<number, number>();
  groups.forEach((_, g) => {
    let done = false;
    let plan = false;
    let problem = false;
    for (const si of a.groupSentences[itemIndex][g]) {
      const r = role[si];
      if (isDone(r)) {
        done = true;
        sentenceMask.set(si, (sentenceMask.get(si) ?? 0) | (1 << Math.min(g, 30)));
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

  const candidates = [...sentenceMask.entries()];
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

function popcount(x: number): number {
  let c = 0;
  while (x) {
    x &= x - 1;
    c++;
  }
  return c;
}

/**
 * Sentences that show the most groups, with figures, not headings, not the opening; earlier first on ties.
 * The opening paragraph before the first heading is the standard formula ("坚持以习近平新时代…为指导…提升依法
 * 行政水平"): it counts as work done, but a reader points to the passage in the body that says what was done.
 */
function pickEvidence(a: Analysis, candidates: Array<[number, number]>, needFigure: boolean): number[] {
  const bodyStart = a.report.sections?.[0]?.start ?? 0;
  const ranked = candidates
    .map(([si, mask]) => ({
      si,
      rank:
        popcount(mask) * 10 +
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

// ---------------------------------------------------------------------------------------------------------------
// Mandatory elements (督察工作规定): E1–E5.

function doneSentencesOf(a: Analysis, itemIndex: number): number[] {
  const out = new Set<number>();
  for (const list of a.groupSentences[itemIndex] ?? []) for (const si of list) if (isDone(a.roles.sentenceRole[si])) out.add(si);
  return [...out].sort((p, q) => p - q);
}

function firstHeadingOf(a: Analysis, roleName: 'achievements' | 'problems' | 'plan' | 'leader' | 'other'): number | null {
  const rs = a.roles.sections.find((r) => r.role === roleName);
  if (!rs) return null;
  const si = sentenceAt(a.sentences, rs.section.start);
  return si >= 0 ? si : null;
}

function checkAchievements(a: Analysis, item: RubricItem, itemIndex: number): CheckResult {
  const minChars = param(item, 'minChars', 500);
  const minFigures = param(item, 'minFigures', 3);
  const role = a.roles.sentenceRole;
  const evidence: number[] = [];
  const heading = firstHeadingOf(a, 'achievements');
  if (heading !== null) evidence.push(heading);
  // the sentences carrying the most figures are the ones that show results
  const byFigures: number[] = [];
  for (let k = 0; k < a.sentences.count; k++) if (isDone(role[k]) && a.figuresInSentence[k] > 0 && !a.sentences.heading[k]) byFigures.push(k);
  byFigures.sort((p, q) => a.figuresInSentence[q] - a.figuresInSentence[p] || p - q);
  for (const si of byFigures) {
    if (evidence.length >= MAX_EVIDENCE) break;
    evidence.push(si);
  }
  if (evidence.length === 0) evidence.push(...doneSentencesOf(a, itemIndex).slice(0, MAX_EVIDENCE));

  if (a.doneChars < 20) return { status: 'missing', evidence: [], missing: [item.groups?.[0]?.label ?? '主要举措和成效'] };
  const missing: string[] = [];
  // the rubric's groups (measures and results) must both show in the work done, not only in the plan
  const rule = evaluateRule(a, item, itemIndex, (si) => isDone(a.roles.sentenceRole[si]));
  if (!rule.met) missing.push(...rule.missing);
  if (item.params?.minMeasures !== undefined) {
    // 1.1.0 on: measures with their figures are counted, however briefly they are written
    const minMeasures = param(item, 'minMeasures', 5);
    const measures = measureSentences(a).length;
    if (measures < minMeasures) missing.push(`有数据支撑的具体举措（仅${measures}项，应不少于${minMeasures}项）`);
  } else {
    // 1.0.0 counted characters; a re-score with that version keeps its rule
    if (a.doneChars < minChars) missing.push('具体举措（内容过简）');
    if (a.doneFigures < minFigures) missing.push('量化成效数据');
  }
  if (missing.length === 0) return { status: 'met', evidence, missing };
  return { status: 'partial', evidence, missing };
}

function groupIndexOf(item: RubricItem, paramKey: string, idPattern: RegExp, labelPattern: RegExp): number {
  const groups = item.groups ?? [];
  const named = item.params?.[paramKey];
  if (typeof named === 'string') {
    const g = groups.findIndex((gr) => gr.id === named);
    if (g >= 0) return g;
  }
  const byId = groups.findIndex((gr) => idPattern.test(gr.id));
  if (byId >= 0) return byId;
  return groups.findIndex((gr) => labelPattern.test(gr.label));
}

function causeGroupOf(item: RubricItem): number {
  return groupIndexOf(item, 'causeGroup', /cause|reason/i, /原因/);
}

/** Non-heading problems sentences where the cause group of `item` occurs. */
function causeSentences(a: Analysis, itemIndex: number, causeGroup: number): number[] {
  if (causeGroup < 0) return [];
  return a.groupSentences[itemIndex][causeGroup].filter((si) => a.roles.sentenceRole[si] === Role.Problems && !a.sentences.heading[si]);
}

function problemSentences(a: Analysis): number[] {
  const out: number[] = [];
  for (let k = 0; k < a.sentences.count; k++) if (a.roles.sentenceRole[k] === Role.Problems && !a.sentences.heading[k]) out.push(k);
  return out;
}

const CONCESSION = /(?:存在|仍有|仍然|还有|尚有|依然|也有)[^。;!?]{0,30}(?:问题|不足|差距|短板|薄弱|困难)|(?:差距和不足|不足和差距|问题和不足|不足之处)/;

function checkProblems(a: Analysis, item: RubricItem, itemIndex: number): CheckResult {
  const minChars = param(item, 'minChars', 80);
  const minSentences = param(item, 'minSentences', param(item, 'minProblems', 2));
  const causeGroup = causeGroupOf(item);
  const causes = causeSentences(a, itemIndex, causeGroup);
  const causeLabel = '原因分析';

  if (!a.roles.hasProblemsSection || a.problemsSentences === 0) {
    // No problems part: a shortfall admitted in passing ("但也存在…不足") is still something. The problem words
    // alone (问题, 不足, 有待) are everywhere in an account of work ("坚持问题导向", "未出现'四不'问题"), so the
    // sentence must concede a shortfall.
    const problemGroups = (item.groups ?? []).map((_, g) => g).filter((g) => g !== causeGroup);
    const inBody = new Set<number>();
    for (const g of problemGroups) {
      for (const si of a.groupSentences[itemIndex][g]) {
        if (!isDone(a.roles.sentenceRole[si]) || a.sentences.heading[si]) continue;
        if (CONCESSION.test(a.text.slice(a.sentences.start[si], a.sentences.end[si]))) inBody.add(si);
      }
    }
    const evidence = [...inBody].sort((p, q) => p - q).slice(0, MAX_EVIDENCE);
    if (evidence.length) {
      return { status: 'partial', evidence, missing: ['存在的不足（专门部分）', causeLabel], finding: '未设存在的不足和原因部分，仅在正文中顺带提及不足。' };
    }
    if (a.roles.hasProblemsSection) {
      return { status: 'partial', evidence: headingEvidence(a, 'problems'), missing: ['具体问题', causeLabel], finding: '存在问题部分只有标题，没有具体内容。' };
    }
    return { status: 'missing', evidence: [], missing: ['存在的不足', causeLabel] };
  }

  const sentences = problemSentences(a);
  const evidence = headingEvidence(a, 'problems');
  if (item.params?.minCauses !== undefined) return countProblems(a, item, evidence, causeGroup >= 0 ? item.groups[causeGroup].terms : []);
  for (const si of [...causes, ...sentences]) {
    if (evidence.length >= MAX_EVIDENCE) break;
    if (!evidence.includes(si)) evidence.push(si);
  }
  const thin = a.problemsChars < minChars || a.problemsSentences < minSentences;
  const missing: string[] = [];
  if (thin) missing.push('具体问题（内容过简）');
  if (causes.length === 0) missing.push(causeLabel);
  if (missing.length === 0) return { status: 'met', evidence, missing };
  const finding =
    causes.length === 0 && !thin
      ? '列出了存在的问题，但未分析产生问题的原因。'
      : thin && causes.length === 0
        ? '存在问题部分内容过简，且未分析原因。'
        : '存在问题部分内容过简。';
  return { status: 'partial', evidence, missing, finding };
}

/** E2 from 1.1.0 on: specific problems counted, and a specific cause for each (up to `minCauses`). */
function countProblems(a: Analysis, item: RubricItem, evidence: number[], causeTerms: string[]): CheckResult {
  const minProblems = param(item, 'minProblems', 2);
  const minCauses = param(item, 'minCauses', 2);
  const pa = analyseProblems(a, causeTerms);
  const specificCauseSentences = pa.causeSentences.filter((si) => !pa.genericCauses.includes(si));
  for (const si of [...specificCauseSentences, ...pa.problems]) {
    if (evidence.length >= MAX_EVIDENCE) break;
    if (!evidence.includes(si)) evidence.push(si);
  }
  const wantCauses = Math.max(1, Math.min(pa.problems.length, minCauses));
  const missing: string[] = [];
  if (pa.problems.length < minProblems) missing.push(`具体问题（仅${pa.problems.length}项，应不少于${minProblems}项）`);
  if (pa.causes < wantCauses) missing.push(pa.causes === 0 ? '原因分析' : `逐项原因分析（${pa.causes}项原因对${pa.problems.length}项问题）`);
  if (missing.length === 0) return { status: 'met', evidence, missing };
  const finding =
    pa.causes === 0 && pa.genericCauses.length
      ? '原因只有笼统表述，未具体分析问题产生的原因。'
      : pa.causes === 0
        ? pa.problems.length >= minProblems
          ? '列出了存在的问题，但未分析产生问题的原因。'
          : '存在问题写得笼统，且未分析原因。'
        : pa.problems.length < minProblems
          ? '存在问题写得笼统，未指出具体领域和环节。'
          : '只分析了部分问题的原因。';
  return { status: 'partial', evidence, missing, finding };
}

function headingEvidence(a: Analysis, roleName: 'problems' | 'plan' | 'other' | 'leader'): number[] {
  const h = firstHeadingOf(a, roleName);
  return h === null ? [] : [h];
}

/**
 * E3: the principal leaders' own performance of the 第一责任人 duty. The bare title "第一责任人" or a heading that
 * repeats the element's name shows nothing; a principal leader (主要负责人/主要领导/局长…) doing something
 * (亲自部署/主持召开/听取汇报/述法…) in the same or the next sentence does.
 */
function checkLeaderDuty(a: Analysis, item: RubricItem, itemIndex: number): CheckResult {
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

const YEAR_IN_TEXT = /(?<![\d\-—–~至])(20\d{2})\s*年(?!\s*[\-—–~至])/g;

/** Years a plan is about: named in its headings, else in its opening sentences; 《…》 titles and ranges ignored. */
function planYears(a: Analysis): number[] {
  const role = a.roles.sentenceRole;
  const planSentences: number[] = [];
  for (let k = 0; k < a.sentences.count; k++) if (role[k] === Role.Plan) planSentences.push(k);
  const collect = (list: number[]) => {
    const years = new Set<number>();
    for (const si of list) {
      const s = a.text.slice(a.sentences.start[si], a.sentences.end[si]).replace(/《[^》]*》/g, '');
      for (const m of s.matchAll(YEAR_IN_TEXT)) years.add(Number(m[1]));
    }
    return [...years].sort((p, q) => p - q);
  };
  const fromHeadings = collect(planSentences.filter((si) => a.sentences.heading[si] && a.text.slice(a.sentences.start[si], a.sentences.end[si]).length <= 40));
  if (fromHeadings.length) return fromHeadings;
  return collect(planSentences.slice(0, 3));
}

function planSentenceList(a: Analysis): number[] {
  const out: number[] = [];
  for (let k = 0; k < a.sentences.count; k++) if (a.roles.sentenceRole[k] === Role.Plan) out.push(k);
  return out;
}

function checkNextYearPlan(a: Analysis, item: RubricItem): CheckResult {
  const minChars = param(item, 'minChars', 60);
  const minArrangements = param(item, 'minArrangements', 1);
  const concrete = namedGroupTerms(item, 'concreteGroup');
  const plan = planSentenceList(a);
  if (plan.length === 0) return { status: 'missing', evidence: [], missing: ['下一年度主要安排'] };
  const heading = plan.filter((si) => a.sentences.heading[si]).slice(0, 1);
  const units = arrangementUnits(a, concrete);
  const body = concrete ? units.map((u) => u.find((si) => !a.sentences.heading[si]) ?? u[0]) : plan.filter((si) => !a.sentences.heading[si]);
  const evidence = [...heading, ...body.slice(0, 2)];
  const years = planYears(a);
  const missing: string[] = [];
  let finding: string | undefined;
  if (a.year !== null && years.length && !years.includes(a.year + 1)) {
    missing.push(`${a.year + 1}年度安排（计划写的是${years.join('、')}年）`);
    finding = `下一年度安排应针对${a.year + 1}年，报告计划部分写的是${years.join('、')}年。`;
  }
  if (concrete) {
    // 1.1.0 on: arrangements that say what, by when or how much are counted, not characters
    if (units.length < minArrangements) missing.push(`具体安排（仅${units.length}项写明措施、目标或时限，应不少于${minArrangements}项）`);
  } else {
    if (a.planChars < minChars) missing.push('具体安排（内容过简）');
    else if (units.length < minArrangements) missing.push(`具体安排（少于${minArrangements}项）`);
    if (!a.roles.hasPlanSection && a.planChars < minChars * 2) missing.push('下一年度安排（专门部分）');
  }
  if (finding && missing.length > 1) finding += `另缺：${joinLabels(missing.slice(1))}。`;
  if (missing.length === 0) return { status: 'met', evidence, missing };
  return { status: 'partial', evidence, missing, finding };
}

/** E5 is optional (督察工作规定: 其他需要报告的情况): reported when present, never a gap when absent. */
function checkOtherMatters(a: Analysis, itemIndex: number): CheckResult {
  const heading = headingEvidence(a, 'other');
  if (a.roles.hasOtherSection) return { status: 'met', evidence: heading, missing: [] };
  const mentions = doneSentencesOf(a, itemIndex);
  if (mentions.length) return { status: 'met', evidence: mentions.slice(0, MAX_EVIDENCE), missing: [] };
  return { status: 'not_applicable', evidence: [], missing: [] };
}

// ---------------------------------------------------------------------------------------------------------------
// Report-quality checks.

function checkFigures(a: Analysis, item: RubricItem): CheckResult {
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

function checkProblemProportion(a: Analysis, item: RubricItem): CheckResult {
  const ratio = param(item, 'ratio', 0.08);
  const minChars = param(item, 'minChars', 0);
  const evidence = headingEvidence(a, 'problems');
  if (a.problemsChars === 0 || a.doneChars === 0) return { status: 'missing', evidence: [], missing: ['存在问题部分'] };
  const actual = a.problemsChars / a.doneChars;
  if (actual >= ratio && a.problemsChars >= minChars) return { status: 'met', evidence, missing: [] };
  if (actual >= ratio) {
    return { status: 'partial', evidence, missing: [`问题部分篇幅（${a.problemsChars}字，应不少于${minChars}字）`] };
  }
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  return {
    status: 'partial',
    evidence,
    missing: [`问题部分篇幅（占成效部分${pct(actual)}，应不少于${pct(ratio)}）`],
    finding: `存在问题部分篇幅仅为成效部分的${pct(actual)}，与成效部分不成比例。`,
  };
}

function checkCauses(a: Analysis, item: RubricItem, itemIndex: number): CheckResult {
  const inProblems = (si: number) => a.roles.sentenceRole[si] === Role.Problems && !a.sentences.heading[si];
  const noProblems = a.problemsSentences === 0;
  const finding = noProblems ? '报告没有存在问题部分，也就没有原因分析。' : '存在问题部分未分析原因。';
  if (!(item.groups ?? []).length) {
    // no terms of its own: the cause terms of the problems element (E2) are used
    const ownerIndex = a.compiled.rubric.items.findIndex((it) => it.check === 'problems');
    const causes = ownerIndex >= 0 ? causeSentences(a, ownerIndex, causeGroupOf(a.compiled.rubric.items[ownerIndex])) : [];
    if (causes.length) return { status: 'met', evidence: causes.slice(0, MAX_EVIDENCE), missing: [] };
    return { status: 'missing', evidence: [], missing: ['原因分析'], finding };
  }
  if (item.params?.minCauses !== undefined) {
    // 1.1.0 on: a cause marker followed by stock words ("原因主要是认识还不够到位") analyses nothing
    const pa = analyseProblems(a, namedGroupTerms(item, 'causeGroup') ?? item.groups[0]?.terms ?? []);
    const specific = pa.causeSentences.filter((si) => !pa.genericCauses.includes(si));
    if (pa.causes >= param(item, 'minCauses', 1)) return { status: 'met', evidence: specific.slice(0, MAX_EVIDENCE), missing: [] };
    if (pa.causeSentences.length) {
      return { status: 'partial', evidence: pa.causeSentences.slice(0, MAX_EVIDENCE), missing: ['具体原因'], finding: '原因只有笼统表述（如思想认识不到位），未写明问题产生的具体原因。' };
    }
    return { status: 'missing', evidence: [], missing: ['原因分析'], finding };
  }
  const r = evaluateRule(a, item, itemIndex, inProblems);
  const evidence = r.sentences.slice(0, MAX_EVIDENCE);
  if (r.met && r.sentences.length) return { status: 'met', evidence, missing: [] };
  if (r.partial) return { status: 'partial', evidence, missing: r.missing, finding: '问题部分只有隐含的原因，未明确分析问题产生的原因。' };
  return { status: 'missing', evidence: [], missing: r.missing.length ? r.missing : ['原因分析'], finding };
}

function checkPlanYear(a: Analysis, item: RubricItem): CheckResult {
  if (a.year === null) return { status: 'not_applicable', evidence: [], missing: [] };
  const plan = planSentenceList(a);
  const want = a.year + param(item, 'offset', 1);
  if (plan.length === 0) return { status: 'missing', evidence: [], missing: [`${want}年度安排`] };
  const years = planYears(a);
  const evidence = plan.slice(0, 1);
  if (years.includes(want)) return { status: 'met', evidence, missing: [] };
  if (years.length === 0) return { status: 'partial', evidence, missing: [`计划未写明年度（应为${want}年）`] };
  return {
    status: 'missing',
    evidence,
    missing: [`${want}年度安排（计划写的是${years.join('、')}年）`],
    finding: `下一年度安排应针对${want}年，报告计划部分写的是${years.join('、')}年。`,
  };
}

/** 督察工作规定 第二十四条: annual reports are made public before 1 April of the following year. */
function checkPublicationDeadline(a: Analysis, item: RubricItem): CheckResult {
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

// ---------------------------------------------------------------------------------------------------------------
// Evidence and messages.

function toEvidence(a: Analysis, ev: number[] | Evidence[]): Evidence[] {
  const out: Evidence[] = [];
  const seen = new Set<number>();
  for (const e of ev) {
    if (typeof e !== 'number') {
      out.push(e);
      continue;
    }
    if (e < 0 || e >= a.sentences.count || seen.has(e)) continue;
    seen.add(e);
    const span = quoteSpan(a, e);
    if (span) out.push(span);
  }
  return out;
}

/** A sentence as it stands in the original text; long run-on sentences are cut to a window. */
function quoteSpan(a: Analysis, si: number): Evidence | null {
  const s = a.sentences.start[si];
  let e = a.sentences.end[si];
  if (e - s > MAX_QUOTE) {
    // a run-on sentence (reports chain clauses with commas for 300+ characters) is cut at a clause boundary
    const cut = Math.max(a.text.lastIndexOf(',', s + MAX_QUOTE), a.text.lastIndexOf('，', s + MAX_QUOTE), a.text.lastIndexOf('、', s + MAX_QUOTE));
    e = cut > s + MAX_QUOTE / 2 ? cut : s + MAX_QUOTE;
  }
  if (e <= s) return null;
  let [os, oe] = mapSpan(a.report.toOriginal, s, e);
  const orig = a.report.original;
  while (os < oe && /\s/.test(orig[os])) os++;
  while (oe > os && /\s/.test(orig[oe - 1])) oe--;
  if (oe <= os) return null;
  // never split a surrogate pair at the edges
  if (isLowSurrogate(orig.charCodeAt(os))) os++;
  if (oe < orig.length && isLowSurrogate(orig.charCodeAt(oe))) oe++;
  return { quote: orig.slice(os, oe), start: os, end: oe };
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

function joinLabels(labels: string[]): string {
  return labels.join('、');
}

function gapMessage(item: RubricItem, r: CheckResult): string {
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
function hintFor(item: RubricItem, status: CheckResult['status']): string {
  const hint = (item.hint ?? '').trim();
  const split = hint.indexOf('；');
  if (status !== 'partial' || split < 0) return hint;
  return hint.slice(split + 1).trim();
}

function sentenceOf(a: Analysis, si: number): string {
  return a.text.slice(a.sentences.start[si], a.sentences.end[si]);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0.5;
}

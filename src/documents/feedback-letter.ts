/**
 * 评估反馈意见: the letter a supervising body sends an office about its annual report. Built from the score card
 * (with reviewers' overrides applied, when there are any) and the rubric; the year-over-year comparison is
 * added when last year's report is known. Pure: no Nest, no I/O.
 */
import type { FileChild } from 'docx';
import type { RubricDefinition } from '../rubric/rubric.types';
import type { Gap, ItemResult, ScoreCard } from '../scoring/engine/score-card.types';
import type { AdjustedCard } from '../batches/overrides/apply-overrides';
import { STATUS_LABEL } from '../batches/overrides/apply-overrides';
import { partLabel } from '../batches/batch-report';
import { body, chineseDate, heading1, heading2, labelled, officialDocument, SIZE, spacer, table, title } from './official-layout';
import { bandsSentence, cnOrdinal, percent, quoteOf, score1, SEVERITY_LABEL } from './wording';
import type { YearOverYear } from './year-over-year';

export interface FeedbackLetterInput {
  card: ScoreCard | AdjustedCard;
  rubric: RubricDefinition;
  comparison?: YearOverYear | null;
  /** who sends it (the reviewing organisation); a neutral signature otherwise */
  from?: string | null;
  date: Date;
}

const SEVERITY_ORDER = { high: 0, medium: 1, low: 2 } as const;
const MAX_QUOTES = 2;

/** Gaps in the order an office should work on them: severity first, the engine's order within. */
export function gapsInPriorityOrder(gaps: Gap[]): Gap[] {
  return gaps.map((g, i) => ({ g, i })).sort((x, y) => SEVERITY_ORDER[x.g.severity] - SEVERITY_ORDER[y.g.severity] || x.i - y.i).map((x) => x.g);
}

export function letterTitle(card: ScoreCard): string {
  const who = card.report.issuer ?? '';
  const year = card.report.year ? `${card.report.year}年度` : '';
  return `关于${who}${year}法治政府建设年度报告的评估反馈意见`;
}

function overview(input: FeedbackLetterInput): FileChild[] {
  const { card, rubric } = input;
  const adjusted = 'adjustments' in card && card.adjustments.length > 0 ? card : null;
  const report = card.report.title ? `《${card.report.title}》` : '你单位法治政府建设年度报告';
  const out: FileChild[] = [
    body(
      `根据《法治政府建设实施纲要（2021—2025年）》和《法治政府建设与责任落实督察工作规定》，依据评估细则《${rubric.title}》（${card.rubric.id}，版本${card.rubric.version}），对你单位报送的${report}进行了评估。现将评估意见反馈如下。`,
    ),
    heading1('一、总体评价'),
    body(`报告单位：${card.report.issuer ?? '未识别'}；报告年度：${card.report.year ? `${card.report.year}年度` : '未识别'}；评估细则：${card.rubric.id}@${card.rubric.version}。`),
    body(`评估总分${score1(card.total)}分，等次为“${card.grade}”。${bandsSentence(rubric)}`),
  ];
  if (adjusted) out.push(body(`上述得分已计入复核调整；调整前机器评估总分为${score1(adjusted.totalWithoutOverrides)}分（${adjusted.gradeWithoutOverrides}）。`));
  return out;
}

function partsTable(card: ScoreCard): FileChild[] {
  const rows = card.parts.map((p) => [partLabel(p.part, p.title), score1(p.score), score1(p.max), p.max > 0 ? percent(p.score / p.max) : '—']);
  return [heading1('二、各部分得分'), table(['评估部分', '得分', '满分', '得分率'], rows, [40, 20, 20, 20]), spacer()];
}

function gapSection(card: ScoreCard): FileChild[] {
  const items = new Map<string, ItemResult>(card.items.map((it) => [it.id, it]));
  const gaps = gapsInPriorityOrder(card.gaps);
  const out: FileChild[] = [heading1('三、存在的差距和改进建议')];
  if (gaps.length === 0) return [...out, body('报告已覆盖评估细则的各项要求，未发现需要补充的内容。')];
  out.push(body(`共发现${gaps.length}项差距，按重要程度排列如下。`));
  gaps.forEach((gap, i) => {
    const item = items.get(gap.itemId);
    out.push(heading2(`（${cnOrdinal(i + 1)}）${gap.itemId} ${item?.title ?? ''}（${SEVERITY_LABEL[gap.severity]}，${item ? STATUS_LABEL[item.status] : '缺失'}）`));
    out.push(labelled('纲要依据：', gap.outlineRef));
    const quotes = (item?.evidence ?? []).slice(0, MAX_QUOTES).map((e) => `“${quoteOf(e.quote)}”`);
    out.push(labelled('报告现有内容：', quotes.length ? quotes.join('；') : item?.plannedOnly ? '仅在下一年度工作计划或存在问题部分提及。' : '报告中未找到相关内容。'));
    out.push(labelled('建议补充：', gap.message));
  });
  return out;
}

function adjustmentSection(card: ScoreCard | AdjustedCard, n: number): FileChild[] {
  if (!('adjustments' in card)) return [];
  const adjusted = card.items.filter((it) => it.adjusted);
  if (adjusted.length === 0) return [];
  return [
    heading1(`${cnOrdinal(n)}、复核调整事项`),
    ...adjusted.map((it) =>
      body(`${it.id} ${it.title}：由“${STATUS_LABEL[it.adjusted!.from]}”调整为“${STATUS_LABEL[it.status]}”（${it.adjusted!.kind === 'waiver' ? '豁免' : '复核'}），理由：${it.adjusted!.reason}。`),
    ),
  ];
}

/** The comparison as paragraphs; shared with the season report's reading of one issuer. */
export function comparisonSection(c: YearOverYear, heading: string): FileChild[] {
  const sign = (x: number) => (x > 0 ? `提高${score1(x)}分` : x < 0 ? `下降${score1(-x)}分` : '持平');
  const list = (changes: YearOverYear['newlyMet']) => (changes.length ? changes.map((ch) => `${ch.itemId} ${ch.title}`).join('、') : '无');
  const out: FileChild[] = [
    heading1(heading),
    body(`与${c.previous.year ?? '上'}年度报告相比，总分由${score1(c.previous.total)}分（${c.previous.grade}）变为${score1(c.current.total)}分（${c.current.grade}），${sign(c.totalDelta)}。`),
    table(
      ['评估部分', '上年度', '本年度', '变化'],
      c.parts.map((p) => [p.label, p.previous === null ? null : score1(p.previous), p.current === null ? null : score1(p.current), p.delta === null ? null : (p.delta > 0 ? '+' : '') + score1(p.delta)]),
      [40, 20, 20, 20],
      SIZE.四号,
    ),
    spacer(),
    labelled('新达标事项：', `${list(c.newlyMet)}。`),
    labelled('退步事项：', `${list(c.regressed)}。`),
    labelled('仍未达标事项：', `${list(c.stillMissing)}。`),
    labelled('沿用上年文字：', `本年度报告约${percent(c.carriedOver.share)}的文字与上年度报告相同${c.carriedOver.passages[0] ? `，如“${quoteOf(c.carriedOver.passages[0].a)}”` : ''}。`),
  ];
  const plan = c.planFulfilment;
  if (plan.planned > 0) {
    out.push(labelled('上年度工作计划落实情况：', `上年度报告列出${plan.planned}项工作计划，本年度报告反映已落实${plan.done.length}项（${percent(plan.share)}）。`));
    for (const item of plan.silent) out.push(body(`未见落实：${quoteOf(item)}`));
  } else out.push(labelled('上年度工作计划落实情况：', '上年度报告未列出可核对的工作计划。'));
  return out;
}

export async function buildFeedbackLetter(input: FeedbackLetterInput): Promise<Buffer> {
  const { card } = input;
  const children: FileChild[] = [title(letterTitle(card)), body(`${card.report.issuer ?? '报告单位'}：`, { indent: false }), ...overview(input), ...partsTable(card), ...gapSection(card)];
  let n = 4;
  const adjustments = adjustmentSection(card, n);
  if (adjustments.length) n++;
  children.push(...adjustments);
  if (input.comparison) children.push(...comparisonSection(input.comparison, `${cnOrdinal(n++)}、与上年度报告对比`));
  children.push(spacer(), body(input.from ?? '法治政府建设年度报告评估组', { align: 'right' }), body(chineseDate(input.date), { align: 'right' }));
  return officialDocument({ title: letterTitle(card), subject: '评估反馈意见' }, children);
}

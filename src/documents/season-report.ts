/**
 * 法治政府建设年度报告评估情况: what a supervising body writes for its leaders about one season's batch. The
 * figures are those of GET /batches/:id/results (ranking, distribution, gap frequency, copies, plan
 * fulfilment), so the document and the API never disagree. Pure: batch entries in, a .docx Buffer out.
 */
import type { FileChild } from 'docx';
import type { ProfileName, RubricDefinition } from '../rubric/rubric.types';
import { distribution, gapFrequency, ranking, reportElementIds, type BatchEntry, type FailedEntry } from '../batches/batch-report';
import type { CopyPair } from '../batches/copy-detection';
import { STATUS_LABEL } from '../batches/overrides/apply-overrides';
import { gapBarsChart, histogramChart } from './charts';
import { body, chineseDate, heading1, heading2, image, labelled, officialDocument, SIZE, spacer, table, title } from './official-layout';
import { bandsSentence, cnOrdinal, percent, quoteOf, score1 } from './wording';

export interface SeasonReportInput {
  name: string;
  rubric: RubricDefinition;
  entries: BatchEntry[];
  failed: FailedEntry[];
  copies: CopyPair[];
  /** how to name a report id that is not in the batch (an earlier report a copy pair points at) */
  earlierNames?: Map<string, string>;
  from?: string | null;
  date: Date;
}

const TOP_PROBLEMS = 8;
const MAX_COPY_PAIRS = 20;

export function seasonReportTitle(name: string): string {
  return `${name}法治政府建设年度报告评估情况`;
}

const nameOf = (e: BatchEntry) => e.card.report.issuer ?? e.file;

function levelTitle(rubric: RubricDefinition, level: string | null): string {
  // 区县政府（含设区的市政府） → 区县政府: the note is for the rubric, the table cell needs the name
  return level ? (rubric.profiles[level as ProfileName]?.title ?? level).replace(/（[^）]*）$/, '') : '未识别层级';
}

function summary(input: SeasonReportInput): FileChild[] {
  const { entries, rubric } = input;
  const d = distribution(entries, rubric);
  const byLevel = new Map<string, number>();
  for (const e of entries) {
    const level = levelTitle(rubric, e.card.report.level ?? e.card.profile);
    byLevel.set(level, (byLevel.get(level) ?? 0) + 1);
  }
  const levels = [...byLevel.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const out: FileChild[] = [
    heading1('一、基本情况'),
    body(
      `本次共收到年度报告${entries.length + input.failed.length}份，完成评估${entries.length}份${input.failed.length ? `，${input.failed.length}份无法读取或评估` : ''}。` +
        `其中${levels.map(([l, n]) => `${l}${n}份`).join('、') || '无'}。评估依据为《${rubric.title}》（${rubric.id}，版本${rubric.version}）。`,
    ),
    body(d.count ? `平均分${score1(d.mean!)}分，中位数${score1(d.median!)}分，最高${score1(d.max!)}分，最低${score1(d.min!)}分。${bandsSentence(rubric)}` : '本批次没有完成评估的报告。'),
    table(['等次', '分数线', '报告数', '占比'], d.byGrade.map((g) => [g.grade, `${g.min}分`, g.count, d.count ? percent(g.count / d.count) : '—']), [25, 25, 25, 25]),
    spacer(),
  ];
  const chart = histogramChart(d.buckets); // the caption goes under it, as in print
  out.push(image(chart.png, chart.width, chart.height), body('图1 评估总分分布', { align: 'center' }));
  return out;
}

function rankingSection(input: SeasonReportInput): FileChild[] {
  const byKey = new Map(input.entries.map((e) => [e.key, e]));
  const rows = ranking(input.entries, input.copies).map((r) => {
    const entry = byKey.get(r.key)!;
    return [r.rank, nameOf(entry), levelTitle(input.rubric, r.level ?? r.profile), score1(r.total), r.grade, r.gapCount];
  });
  return [heading1('二、评估排名'), table(['名次', '报告单位', '层级', '总分', '等次', '差距项'], rows, [10, 38, 20, 10, 10, 12], SIZE.小四), spacer()];
}

function problemsSection(input: SeasonReportInput): FileChild[] {
  const gaps = gapFrequency(input.entries).slice(0, TOP_PROBLEMS);
  const out: FileChild[] = [heading1('三、共性问题')];
  if (gaps.length === 0) return [...out, body('各报告均已覆盖评估细则的要求，未发现共性问题。')];
  const chart = gapBarsChart(gaps.map((g) => ({ label: `${g.itemId} ${g.title}`, count: g.count })), input.entries.length);
  out.push(body(`出现最多的${gaps.length}项差距如下（缺失或部分达标的报告数）。`));
  out.push(table(['条目', '名称', '缺失', '部分达标', '合计', '占比'], gaps.map((g) => [g.itemId, g.title, g.missing, g.partial, g.count, percent(g.share)]), [10, 42, 12, 12, 12, 12], SIZE.小四));
  out.push(spacer(), image(chart.png, chart.width, chart.height), body('图2 出现最多的差距项', { align: 'center' }));
  gaps.forEach((g, i) => {
    out.push(heading2(`（${cnOrdinal(i + 1)}）${g.itemId} ${g.title}：${g.count}份报告`));
    out.push(labelled('纲要依据：', g.outlineRef));
    // a passage from a report that only partly meets the item shows how reports fall short
    const example = input.entries
      .map((e) => ({ e, item: e.card.items.find((it) => it.id === g.itemId) }))
      .find((x) => x.item?.status === 'partial' && x.item.evidence.length > 0);
    if (example) out.push(labelled('典型表述：', `${nameOf(example.e)}：“${quoteOf(example.item!.evidence[0].quote)}”`));
    const gap = input.entries.flatMap((e) => e.card.gaps).find((x) => x.itemId === g.itemId);
    if (gap) out.push(labelled('改进方向：', gap.message));
  });
  return out;
}

function elementsSection(input: SeasonReportInput): FileChild[] {
  const deadline = input.rubric.items.find((it) => it.check === 'publication_deadline')?.id;
  const required = reportElementIds(input.rubric).filter((id) => !input.rubric.items.find((it) => it.id === id)?.optional);
  const late = deadline ? input.entries.filter((e) => e.card.items.find((it) => it.id === deadline)?.status === 'missing') : [];
  const incomplete = input.entries
    .map((e) => ({ e, lacking: e.card.items.filter((it) => required.includes(it.id) && (it.status === 'missing' || it.status === 'partial')) }))
    .filter((x) => x.lacking.length > 0);
  const out: FileChild[] = [heading1('四、公开时限和报告要素')];
  out.push(heading2(`（一）未按时公开：${late.length}份`));
  if (late.length) out.push(table(['报告单位', '公开日期'], late.map((e) => [nameOf(e), e.card.report.publishedAt ?? '未注明']), [60, 40], SIZE.小四));
  else out.push(body('未发现逾期公开的报告。'));
  out.push(heading2(`（二）缺少法定要素：${incomplete.length}份`));
  if (incomplete.length) out.push(table(['报告单位', '缺少或不完整的要素'], incomplete.map((x) => [nameOf(x.e), x.lacking.map((it) => `${it.id} ${it.title}（${STATUS_LABEL[it.status]}）`).join('；')]), [35, 65], SIZE.小四));
  else out.push(body('各报告均具备法定要素。'));
  return out;
}

function copiesSection(input: SeasonReportInput): FileChild[] {
  const byReport = new Map(input.entries.map((e) => [e.reportId ?? e.key, e]));
  const label = (id: string) => (byReport.get(id) ? nameOf(byReport.get(id)!) : (input.earlierNames?.get(id) ?? id));
  const pairs = input.copies.slice(0, MAX_COPY_PAIRS);
  const out: FileChild[] = [heading1('五、疑似雷同内容')];
  if (pairs.length === 0) return [...out, body('未发现不同单位之间或与往年报告之间的大段雷同文字。')];
  out.push(body(`发现${input.copies.length}组报告存在大段相同文字${input.copies.length > pairs.length ? `，列出雷同比例最高的${pairs.length}组` : ''}。`));
  pairs.forEach((p, i) => {
    out.push(heading2(`（${cnOrdinal(i + 1)}）${label(p.a)}与${label(p.b)}${p.earlier ? '（往年报告）' : ''}`));
    out.push(body(`前者约${percent(p.shareA)}、后者约${percent(p.shareB)}的文字相同，雷同${p.copiedChars}字。`));
    if (p.passages[0]) out.push(labelled('雷同段落：', `“${quoteOf(p.passages[0].a)}”`));
  });
  return out;
}

function plansSection(input: SeasonReportInput): FileChild[] {
  const withPlans = input.entries.filter((e) => e.planFulfilment && e.planFulfilment.planned > 0);
  const out: FileChild[] = [heading1('六、上年度工作计划落实情况')];
  if (withPlans.length === 0) return [...out, body('本批次报告单位在系统中没有上一年度的报告，无法核对计划落实情况。')];
  out.push(table(['报告单位', '上年计划', '见落实', '未见落实', '落实率'], withPlans.map((e) => [nameOf(e), e.planFulfilment!.planned, e.planFulfilment!.done.length, e.planFulfilment!.silent.length, percent(e.planFulfilment!.share)]), [36, 16, 16, 16, 16], SIZE.小四));
  for (const e of withPlans.filter((x) => x.planFulfilment!.silent.length > 0)) {
    out.push(heading2(`${nameOf(e)}：${e.planFulfilment!.silent.length}项未见落实`));
    for (const item of e.planFulfilment!.silent.slice(0, 5)) out.push(body(`“${quoteOf(item)}”`));
  }
  return out;
}

export async function buildSeasonReport(input: SeasonReportInput): Promise<Buffer> {
  const children: FileChild[] = [
    title(seasonReportTitle(input.name)),
    ...summary(input),
    ...rankingSection(input),
    ...problemsSection(input),
    ...elementsSection(input),
    ...copiesSection(input),
    ...plansSection(input),
    spacer(),
    body(input.from ?? '法治政府建设年度报告评估组', { align: 'right' }),
    body(chineseDate(input.date), { align: 'right' }),
  ];
  return officialDocument({ title: seasonReportTitle(input.name), subject: '年度报告评估情况' }, children);
}

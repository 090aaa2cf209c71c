/**
 * Did the agency do what it said it would? The previous year's report ends with next year's plan (E4); this
 * year's report says what was done (E1). Each plan item is matched against this year's account of work done by
 * the specific phrases they share, after the generic verbs every plan uses (加强, 推进, 进一步…) are removed.
 *
 * Pure: prepared reports and the rubric (for section roles) in, a summary out.
 */
import type { PreparedReport } from '../intake/intake.types';
import { mapSpan } from '../intake/intake.types';
import type { RubricDefinition } from '../rubric/rubric.types';
import { readSections, isDone, Role } from '../scoring/engine/roles';
import type { Evidence } from '../scoring/engine/score-card.types';

export interface PlanFulfilment {
  previousYear: number | null;
  planned: number;
  done: Array<{ item: string; evidence: Evidence }>;
  silent: string[];
  /** done / planned, 0..1 */
  share: number;
}

/** Words in nearly every plan and every account of work: sharing them says nothing. Longest first. */
export const GENERIC_WORDS: readonly string[] = [
  '习近平新时代中国特色社会主义思想', '习近平法治思想', '党的二十大精神', '法治政府建设', '全面依法治国',
  '高质量发展', '进一步', '深入学习', '贯彻落实', '认真落实', '全面落实', '持续推进', '深入推进', '大力推进',
  '扎实推进', '全面推进', '不断完善', '切实加强', '积极推进', '加快推进', '着力提升', '不断提升', '加大力度',
  '下一步', '明年', '今年', '年度', '我局', '我区', '我县', '我市', '我镇', '全区', '全县', '全市', '全镇', '全面',
  '加强', '推进', '推动', '深化', '深入', '持续', '坚持', '不断', '扎实', '着力', '切实', '积极', '大力', '认真',
  '完善', '健全', '提升', '提高', '加快', '强化', '优化', '规范', '落实', '开展', '做好', '抓好', '建立', '围绕',
  '聚焦', '继续', '工作', '建设', '力度', '水平', '能力', '机制', '制度', '体系', '重点', '依法', '法治', '政府',
  '行政', '有关', '相关', '各项', '进行', '实现', '确保', '努力', '计划', '安排', '打算', '方面', '一是', '二是',
  '三是', '四是', '五是', '六是', '七是', '八是', '九是', '十是', '将', '要',
];

const PHRASE = 4;
const MIN_ITEM_CHARS = 10;

function isHan(code: number): boolean {
  return code >= 0x3400 && code <= 0x9fff;
}

/** The item's distinct 4-character phrases of Han characters, generic words cut out (they split phrases). */
export function keyPhrases(text: string): string[] {
  let cut = text;
  for (const word of GENERIC_WORDS) cut = cut.split(word).join('|');
  const out = new Set<string>();
  let run = '';
  const flush = () => {
    for (let i = 0; i + PHRASE <= run.length; i++) out.add(run.slice(i, i + PHRASE));
    run = '';
  };
  for (const ch of cut) {
    if (isHan(ch.charCodeAt(0))) run += ch;
    else flush();
  }
  flush();
  return [...out];
}

/** Plan items of a report: its plan-role sentences (clauses of 一是…二是… runs split), headings left out. */
export function planItems(report: PreparedReport, rubric: RubricDefinition): string[] {
  const { sentences, roles } = readSections(report, rubric);
  const items: string[] = [];
  for (let k = 0; k < sentences.count; k++) {
    if (roles.sentenceRole[k] !== Role.Plan || sentences.heading[k]) continue;
    const sentence = report.normalised.slice(sentences.start[k], sentences.end[k]);
    for (const clause of sentence.split(/(?=[一二三四五六七八九十]是)|[;；]/)) {
      const item = clause.replace(/^[\s,，、:：]+|[\s,，、。;；]+$/g, '').trim();
      if (item.length >= MIN_ITEM_CHARS && keyPhrases(item).length > 0) items.push(item);
    }
  }
  return items;
}

/**
 * Matches each plan item of `previous` with this year's sentences of work done in `current`. An item counts as
 * done when one sentence shares at least two of its key phrases (a 5-character phrase, or two separate ones).
 */
export function planFulfilment(previous: PreparedReport, current: PreparedReport, rubric: RubricDefinition, previousRubric: RubricDefinition = rubric): PlanFulfilment {
  const items = planItems(previous, previousRubric);
  const { sentences, roles } = readSections(current, rubric);
  const index = new Map<string, number[]>();
  for (let k = 0; k < sentences.count; k++) {
    if (!isDone(roles.sentenceRole[k]) || sentences.heading[k]) continue;
    for (const phrase of keyPhrases(current.normalised.slice(sentences.start[k], sentences.end[k]))) {
      const list = index.get(phrase);
      if (list) list.push(k);
      else index.set(phrase, [k]);
    }
  }
  const done: PlanFulfilment['done'] = [];
  const silent: string[] = [];
  for (const item of items) {
    const votes = new Map<number, number>();
    for (const phrase of keyPhrases(item)) for (const k of index.get(phrase) ?? []) votes.set(k, (votes.get(k) ?? 0) + 1);
    let best = -1;
    let bestVotes = 0;
    for (const [k, v] of votes) if (v > bestVotes || (v === bestVotes && k < best)) [best, bestVotes] = [k, v];
    if (bestVotes >= 2) {
      const [start, end] = mapSpan(current.toOriginal, sentences.start[best], sentences.end[best]);
      done.push({ item, evidence: { quote: current.original.slice(start, end), start, end } });
    } else silent.push(item);
  }
  return {
    previousYear: previous.metadata?.year ?? null,
    planned: items.length,
    done,
    silent,
    share: items.length ? Math.round((1000 * done.length) / items.length) / 1000 : 0,
  };
}

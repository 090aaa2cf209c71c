/**
 * What plan fulfilment (batches/plan-fulfilment.ts) needs of one report, read once when the report is scored and
 * stored with its assessment: its plan items (E4, next year's plan) and its sentences of work done (E1). Matching
 * last year's plan against this year's work then reads two stored digests instead of preparing two reports again.
 *
 * Pure: a prepared report and the rubric (for section roles) in, plain data out (it is stored as JSON).
 */
import type { PreparedReport } from '../../intake/intake.types';
import { mapSpan } from '../../intake/intake.types';
import type { RubricDefinition } from '../../rubric/rubric.types';
import { readSections, isDone, Role } from './roles';

/** One sentence of work done: its normalised text (phrases are cut from it) and its span in the original text. */
export interface DoneSentence {
  text: string;
  /** offsets into the report's original text (its stored extractedText): the evidence quote is that slice */
  start: number;
  end: number;
}

export interface PlanDigest {
  /** the year the report is on (its metadata): the next year's match names it as previousYear */
  year: number | null;
  /** its plan items, what the next year's report is checked against */
  plan: string[];
  /** its sentences of work done, in report order (the order breaks ties); those without a key phrase left out */
  done: DoneSentence[];
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
  // a word absent from the text changes nothing: includes() is far cheaper than split and join
  for (const word of GENERIC_WORDS) if (cut.includes(word)) cut = cut.split(word).join('|');
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
  return planDigest(report, rubric).plan;
}

/** The report's plan items and sentences of work done, from one reading of its sections. */
export function planDigest(report: PreparedReport, rubric: RubricDefinition): PlanDigest {
  const { sentences, roles } = readSections(report, rubric);
  const plan: string[] = [];
  const done: DoneSentence[] = [];
  for (let k = 0; k < sentences.count; k++) {
    if (sentences.heading[k]) continue;
    const role = roles.sentenceRole[k];
    const sentence = report.normalised.slice(sentences.start[k], sentences.end[k]);
    if (role === Role.Plan) {
      for (const clause of sentence.split(/(?=[一二三四五六七八九十]是)|[;；]/)) {
        const item = clause.replace(/^[\s,，、:：]+|[\s,，、。;；]+$/g, '').trim();
        if (item.length >= MIN_ITEM_CHARS && keyPhrases(item).length > 0) plan.push(item);
      }
    } else if (isDone(role) && keyPhrases(sentence).length > 0) {
      const [start, end] = mapSpan(report.toOriginal, sentences.start[k], sentences.end[k]);
      done.push({ text: sentence, start, end });
    }
  }
  return { year: report.metadata?.year ?? null, plan, done };
}

/**
 * What the structural checks count: content, never characters. A township report of a thousand characters with
 * seven measures and their figures is complete; ten thousand characters of slogans are not.
 *
 *  - a measure (E1): a sentence of the year's work that carries a figure;
 *  - a problem (E2): a problems-part sentence that names what falls short, once its stock words are set aside
 *    ("依法行政意识有待进一步增强" leaves 依法行政: a slogan, not a problem);
 *  - a cause (E2, Q3): a clause introduced by a cause marker (the rubric's cause group) or enumerated under a
 *    "原因主要有：" lead, that names a reason once the stock factors are set aside ("原因主要是认识还不够到位"
 *    names none);
 *  - an arrangement (E4): a numbered point (else a sentence) of the plan that holds a figure, a date, a document
 *    title or a concrete action from the rubric's concrete group.
 */
import type { RubricItem } from '../../rubric/rubric.types';
import type { Analysis } from './analysis';
import { isDone, Role } from './roles';

/** Words every problems part uses whatever it is about; what is left names the field and the shortfall. */
const PROBLEM_STOCK =
  /有待|进一步|亟待|亟需|仍需|仍然|仍|还|尚|需要|需|加强|提高|提升|增强|完善|健全|不够|不足|不强|不高|不到位|到位|存在|一些|部分|个别|少数|方面|水平|能力|意识|工作|问题|差距|短板|薄弱|有所|一定|程度|的|了|和|与|及|等|在|对|是|有|要|得/g;
/** Stock cause words: "认识不到位、重视不够、机制不健全" are what every report writes when it analyses nothing. */
const CAUSE_STOCK =
  /究其原因|原因在于|原因主要有|原因主要是|原因是|原因|根源在于|根源|主要是由于|主要是|主要有|主要在于|在于|由于|之所以|归因于|归根结底|源于|导致|造成|主观上|客观上|思想认识|思想|认识|重视|机制|体制|制度|不健全|不完善|健全|完善|不够|不足|不到位|到位|不强|不高|还|仍|存在|一定|程度|方面|工作|有待|加强|提高|一些|部分|个别|的|了|和|与|及|等|是|有/g;
const PUNCT = /[\s，,、；;：:。！？!?“”"'‘’（）()《》【】\[\]—\-…·]/g;
/** 一是 / 二是 / 第一 / (一) / 1. / 其一 / 首先 open an enumerated point */
export const ENUMERATOR = /^(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[,，、]|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．]|[一二三四五六七八九十]+、|其[一二三四五六]|首先|其次|再次|最后|此外|同时)/;
const DATE_MARK = /\d{1,2}\s*月|年底|年内|年末|上半年|下半年|季度|月底|月前|前完成|底前/;
const DOCUMENT = /《[^》]{2,60}》/;

const residual = (s: string, stock: RegExp) => s.replace(PUNCT, '').replace(stock, '').length;

function sentenceText(a: Analysis, si: number): string {
  return a.text.slice(a.sentences.start[si], a.sentences.end[si]);
}

/** Sentences of the year's work (not headings, not chrome) that carry a figure: each is a measure with its result. */
export function measureSentences(a: Analysis): number[] {
  const out: number[] = [];
  const bodyStart = a.sections[0]?.start ?? 0;
  for (let k = 0; k < a.sentences.count; k++) {
    if (!isDone(a.roles.sentenceRole[k]) || a.sentences.heading[k] || a.figuresInSentence[k] === 0) continue;
    // the opening formula before the first heading reports no measure
    if (a.sentences.start[k] < bodyStart && a.sections.length) continue;
    out.push(k);
  }
  return out;
}

export interface ProblemAnalysis {
  /** problems-part sentences that name a specific shortfall */
  problems: number[];
  /** sentences holding a cause marker or enumerated under a cause lead */
  causeSentences: number[];
  /** specific causes: clauses that name a reason beyond the stock factors */
  causes: number;
  /** cause sentences that name nothing ("原因主要是认识还不够到位") */
  genericCauses: number[];
}

export function analyseProblems(a: Analysis, causeTerms: readonly string[]): ProblemAnalysis {
  const markers = causeTerms.filter(Boolean);
  const inProblems: number[] = [];
  for (let k = 0; k < a.sentences.count; k++) if (a.roles.sentenceRole[k] === Role.Problems && !a.sentences.heading[k]) inProblems.push(k);
  const problems: number[] = [];
  const causeSentences: number[] = [];
  const genericCauses: number[] = [];
  let causes = 0;
  let underLead = false;
  let prevEnd = -1;
  for (const si of inProblems) {
    const s = sentenceText(a, si);
    const newLine = prevEnd >= 0 && a.text.slice(prevEnd, a.sentences.start[si]).includes('\n');
    prevEnd = a.sentences.end[si];
    const at = firstIndexOf(s, markers);
    const enumerated = ENUMERATOR.test(s);
    if (underLead && newLine && !enumerated) underLead = false;
    let causeText: string | null = null;
    if (at >= 0) {
      causeText = s.slice(at);
      // "产生问题的原因主要有：" alone leads the causes that follow
      if (residual(causeText, CAUSE_STOCK) < 4) underLead = true;
    } else if (underLead) causeText = s;
    if (causeText !== null) {
      causeSentences.push(si);
      const n = specificCauseClauses(causeText);
      if (n > 0) causes += n;
      else if (!(at >= 0 && underLead && residual(causeText, CAUSE_STOCK) < 4)) genericCauses.push(si);
    }
    // a problem named before its cause in the same sentence ("一是……不够，原因在于……") is a problem too
    const problemText = at >= 0 ? s.slice(0, at) : causeText === null ? s : '';
    if (problemText && !/[:：]$/.test(problemText.trim()) && residual(problemText, PROBLEM_STOCK) >= 8) problems.push(si);
  }
  return { problems, causeSentences, causes, genericCauses };
}

function firstIndexOf(s: string, terms: readonly string[]): number {
  let best = -1;
  for (const t of terms) {
    const i = s.indexOf(t);
    if (i >= 0 && (best < 0 || i < best)) best = i;
  }
  return best;
}

/** Clauses of a cause text that name a reason: a list of four reasons in one sentence is four causes. */
function specificCauseClauses(text: string): number {
  let n = 0;
  for (const clause of text.split(/[，,；;、。]/)) if (residual(clause, CAUSE_STOCK) >= 4) n++;
  return n;
}

/** Units of the plan: numbered sub-sections of the plan part, else its sentences; each with its sentences. */
function planUnits(a: Analysis): number[][] {
  const role = a.roles.sentenceRole;
  const units: number[][] = [];
  for (const rs of a.roles.sections) {
    if (rs.role !== 'plan') continue;
    for (const child of rs.section.children ?? []) {
      const unit: number[] = [];
      for (let k = 0; k < a.sentences.count; k++) {
        if (a.sentences.start[k] >= child.end) break;
        if (a.sentences.start[k] >= child.start && role[k] === Role.Plan) unit.push(k);
      }
      if (unit.length) units.push(unit);
    }
  }
  if (units.length) return units;
  for (let k = 0; k < a.sentences.count; k++) if (role[k] === Role.Plan && !a.sentences.heading[k]) units.push([k]);
  return units;
}

/**
 * Arrangements of the plan that can be checked a year later. With no concrete group in the rubric (1.0.0) every
 * unit counts, as it did.
 */
export function arrangementUnits(a: Analysis, concreteTerms: readonly string[] | null): number[][] {
  const units = planUnits(a);
  if (!concreteTerms) return units;
  const concrete = concreteTerms.filter(Boolean);
  return units.filter((unit) =>
    unit.some((si) => {
      const s = sentenceText(a, si);
      return a.figuresInSentence[si] > 0 || DATE_MARK.test(s) || DOCUMENT.test(s) || concrete.some((t) => s.includes(t));
    }),
  );
}

/** A sentence that shows something was done: a figure, a date, or a document by title. */
export function isSpecific(a: Analysis, si: number): boolean {
  const s = sentenceText(a, si);
  return a.figuresInSentence[si] > 0 || DOCUMENT.test(s) || /\d{1,2}\s*月/.test(s);
}

/** The terms of a group an item's params name (`<key>: <groupId>`), or null when the rubric names none. */
export function namedGroupTerms(item: RubricItem, key: string): string[] | null {
  const id = item.params?.[key];
  if (typeof id !== 'string') return null;
  return item.groups.find((g) => g.id === id)?.terms ?? null;
}

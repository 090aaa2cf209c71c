/**
 * Everything about one report that every item check reads, computed in one scan of the text: sentences and
 * their roles, term hits per item and group, figures per sentence, and the sizes of the report's parts.
 */
import type { RubricDefinition } from '../../rubric/rubric.types';
import type { PreparedReport, Section } from '../../intake/intake.types';
import { compileRubric, scanTerms, type CompiledRubric, type TermHits } from './compile';
import { sentenceAt, type Sentences } from './sentences';
import { findFigures } from './figures';
import { readSections, isDone, Role, type SectionAnalysis } from './roles';

/** Everything about one report that every item check reads: computed once, then shared. */
export interface Analysis {
  report: PreparedReport;
  text: string;
  compiled: CompiledRubric;
  /** numbered sections with the label headings the rubric's section roles name */
  sections: Section[];
  sentences: Sentences;
  roles: SectionAnalysis;
  hits: TermHits;
  /** hits' sentence index, parallel to hits */
  hitSentence: Int32Array;
  /** figures per sentence */
  figuresInSentence: Uint16Array;
  /** per item → per group → sentence indices (ascending, unique) where a term of the group occurs */
  groupSentences: number[][][];
  year: number | null;
  doneChars: number;
  doneFigures: number;
  problemsChars: number;
  problemsSentences: number;
  planChars: number;
}


export function analyse(report: PreparedReport, rubric: RubricDefinition): Analysis {
  const compiled = compileRubric(rubric);
  const text = report.normalised;
  const { sections, sentences, roles } = readSections(report, rubric);
  const hits = scanTerms(compiled, text);

  const hitSentence = new Int32Array(hits.count);
  const groupSentences: number[][][] = rubric.items.map((it) => (it.groups ?? []).map(() => []));
  // hits are in text order, so one pointer walks the sentences alongside them
  let si = -1;
  for (let h = 0; h < hits.count; h++) {
    const pos = hits.start[h];
    while (si + 1 < sentences.count && sentences.start[si + 1] <= pos) si++;
    hitSentence[h] = si;
    if (si < 0) continue;
    for (const t of compiled.targets[hits.term[h]]) {
      const list = groupSentences[t.itemIndex][t.groupIndex];
      if (list.length === 0 || list[list.length - 1] !== si) {
        // hits come in text order, but a longer term at an earlier start can end in a later sentence; keep sorted
        if (list.length && list[list.length - 1] > si) {
          if (!list.includes(si)) {
            list.push(si);
            list.sort((p, q) => p - q);
          }
        } else list.push(si);
      }
    }
  }

  const figuresInSentence = new Uint16Array(sentences.count);
  for (const pos of findFigures(text)) {
    const si = sentenceAt(sentences, pos);
    if (si >= 0 && figuresInSentence[si] < 0xffff) figuresInSentence[si]++;
  }

  let doneChars = 0;
  let doneFigures = 0;
  let problemsChars = 0;
  let problemsSentences = 0;
  let planChars = 0;
  const role = roles.sentenceRole;
  for (let k = 0; k < sentences.count; k++) {
    const len = sentences.end[k] - sentences.start[k];
    const r = role[k];
    if (isDone(r)) {
      doneChars += len;
      doneFigures += figuresInSentence[k];
    } else if (r === Role.Problems && !sentences.heading[k]) {
      problemsChars += len;
      problemsSentences++;
    } else if (r === Role.Plan && !sentences.heading[k]) {
      planChars += len;
    }
  }

  return {
    report,
    text,
    compiled,
    sections,
    sentences,
    roles,
    hits,
    hitSentence,
    figuresInSentence,
    groupSentences,
    year: report.metadata?.year ?? null,
    doneChars,
    doneFigures,
    problemsChars,
    problemsSentences,
    planChars,
  };
}


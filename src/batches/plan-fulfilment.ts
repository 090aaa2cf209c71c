/**
 * Did the agency do what it said it would? The previous year's report ends with next year's plan (E4); this
 * year's report says what was done (E1). Each plan item is matched against this year's account of work done by
 * the specific phrases they share, after the generic verbs every plan uses (加强, 推进, 进一步…) are removed.
 *
 * Pure. The reading of each report (its plan items, its sentences of work done) is its plan digest
 * (scoring/engine/plan-digest.ts), stored with its assessment when it is scored; matching needs only two digests
 * and this year's original text, for the quotes.
 */
import type { PreparedReport } from '../intake/intake.types';
import type { RubricDefinition } from '../rubric/rubric.types';
import { keyPhrases, planDigest, type PlanDigest } from '../scoring/engine';
import type { Evidence } from '../scoring/engine/score-card.types';

export interface PlanFulfilment {
  previousYear: number | null;
  planned: number;
  done: Array<{ item: string; evidence: Evidence }>;
  silent: string[];
  /** done / planned, 0..1 */
  share: number;
}

/**
 * Matches each plan item of `previous` with this year's sentences of work done in `current`. An item counts as
 * done when one sentence shares at least two of its key phrases (a 5-character phrase, or two separate ones).
 * `currentOriginal` is this year's original text (a stored report's extractedText): quotes are its own words.
 */
export function matchPlan(previous: Pick<PlanDigest, 'year' | 'plan'>, current: Pick<PlanDigest, 'done'>, currentOriginal: string): PlanFulfilment {
  const items = previous.plan;
  const index = new Map<string, number[]>();
  current.done.forEach((sentence, k) => {
    for (const phrase of keyPhrases(sentence.text)) {
      const list = index.get(phrase);
      if (list) list.push(k);
      else index.set(phrase, [k]);
    }
  });
  const done: PlanFulfilment['done'] = [];
  const silent: string[] = [];
  for (const item of items) {
    const votes = new Map<number, number>();
    for (const phrase of keyPhrases(item)) for (const k of index.get(phrase) ?? []) votes.set(k, (votes.get(k) ?? 0) + 1);
    let best = -1;
    let bestVotes = 0;
    for (const [k, v] of votes) if (v > bestVotes || (v === bestVotes && k < best)) [best, bestVotes] = [k, v];
    if (bestVotes >= 2) {
      const { start, end } = current.done[best];
      done.push({ item, evidence: { quote: currentOriginal.slice(start, end), start, end } });
    } else silent.push(item);
  }
  return {
    previousYear: previous.year,
    planned: items.length,
    done,
    silent,
    share: items.length ? Math.round((1000 * done.length) / items.length) / 1000 : 0,
  };
}

/** Plan fulfilment of two prepared reports (the CLI, documents): their digests made here and matched. */
export function planFulfilment(previous: PreparedReport, current: PreparedReport, rubric: RubricDefinition, previousRubric: RubricDefinition = rubric): PlanFulfilment {
  return matchPlan(planDigest(previous, previousRubric), planDigest(current, rubric), current.original);
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { prepareText } from '../intake';
import type { PreparedReport } from '../intake/intake.types';
import { mapSpan } from '../intake/intake.types';
import { FIXTURES, readReport, REPORTS } from '../intake/test-fixtures';
import { loadRubricDirectory } from '../rubric/rubric-loader';
import type { RubricDefinition } from '../rubric/rubric.types';
import { keyPhrases, planDigest, type PlanDigest } from '../scoring/engine';
import { isDone, readSections, Role } from '../scoring/engine/roles';
import { matchPlan, type PlanFulfilment } from './plan-fulfilment';

/**
 * The matching as it was before plan digests (main at 53f5582, batches/plan-fulfilment.ts), kept verbatim as the
 * oracle: the digest path must give the same result, quotes and offsets included.
 */
function preparedPlanFulfilment(previous: PreparedReport, current: PreparedReport, rubric: RubricDefinition, previousRubric: RubricDefinition = rubric): PlanFulfilment {
  const items: string[] = [];
  {
    const { sentences, roles } = readSections(previous, previousRubric);
    for (let k = 0; k < sentences.count; k++) {
      if (roles.sentenceRole[k] !== Role.Plan || sentences.heading[k]) continue;
      const sentence = previous.normalised.slice(sentences.start[k], sentences.end[k]);
      for (const clause of sentence.split(/(?=[一二三四五六七八九十]是)|[;；]/)) {
        const item = clause.replace(/^[\s,，、:：]+|[\s,，、。;；]+$/g, '').trim();
        if (item.length >= 10 && keyPhrases(item).length > 0) items.push(item);
      }
    }
  }
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
  return { previousYear: previous.metadata?.year ?? null, planned: items.length, done, silent, share: items.length ? Math.round((1000 * done.length) / items.length) / 1000 : 0 };
}

const registry = loadRubricDirectory();
const rubric = registry.current();
const older = registry.get('outline-2021-2025', '1.0.0');
const yearOverYear = (year: number) => fs.readFileSync(path.join(FIXTURES, 'year-over-year', `qinghe-${year}.txt`), 'utf8');
/** A digest as the database gives it back: stored as JSON text, read back. */
const stored = (digest: PlanDigest): PlanDigest => JSON.parse(JSON.stringify(digest)) as PlanDigest;

// the real reports: the two years of one county (year-over-year fixtures), and the three reports of the
// intake fixtures taken in turn as last year's and this year's (their plans against other agencies' work)
const reports: Record<string, PreparedReport> = {
  'qinghe-2023': prepareText(yearOverYear(2023)),
  'qinghe-2024': prepareText(yearOverYear(2024)),
  ...Object.fromEntries(REPORTS.map((base) => [base, prepareText(readReport(base))])),
};
// a traditional-character copy of this year's report: quotes must come back in its own characters
const traditional = prepareText(yearOverYear(2024).replace(/县/g, '縣').replace(/执法/g, '執法').replace(/监督/g, '監督'));
const pairs: Array<[string, string]> = [['qinghe-2023', 'qinghe-2024'], ...REPORTS.flatMap((a) => REPORTS.filter((b) => b !== a).map((b): [string, string] => [a, b])), ['qinghe-2023', REPORTS[1]]];

describe('plan fulfilment from stored digests', () => {
  it.each(pairs)('%s → %s: two stored digests give what preparing both reports gave', (before, now) => {
    const expected = preparedPlanFulfilment(reports[before], reports[now], rubric);
    const got = matchPlan(stored(planDigest(reports[before], rubric)), stored(planDigest(reports[now], rubric)), reports[now].original);
    expect(got).toEqual(expected);
    expect(got.planned).toBeGreaterThan(0);
  });

  it('the two years of one county match on several items, each quoted from this year’s own text', () => {
    const got = matchPlan(stored(planDigest(reports['qinghe-2023'], rubric)), stored(planDigest(reports['qinghe-2024'], rubric)), reports['qinghe-2024'].original);
    expect(got.previousYear).toBe(2023);
    expect(got.done.length).toBeGreaterThan(0);
    for (const d of got.done) expect(reports['qinghe-2024'].original.slice(d.evidence.start, d.evidence.end)).toBe(d.evidence.quote);
  });

  it('a traditional-character report is quoted in its own characters, as before', () => {
    const expected = preparedPlanFulfilment(reports['qinghe-2023'], traditional, rubric);
    const got = matchPlan(stored(planDigest(reports['qinghe-2023'], rubric)), stored(planDigest(traditional, rubric)), traditional.original);
    expect(got).toEqual(expected);
    expect(got.done.some((d) => /縣|執法|監督/.test(d.evidence.quote))).toBe(true);
  });

  it('last year read with its own rubric (a batch across two outlines) gives what it gave', () => {
    const expected = preparedPlanFulfilment(reports['qinghe-2023'], reports['qinghe-2024'], rubric, older);
    const got = matchPlan(stored(planDigest(reports['qinghe-2023'], older)), stored(planDigest(reports['qinghe-2024'], rubric)), reports['qinghe-2024'].original);
    expect(got).toEqual(expected);
  });
});

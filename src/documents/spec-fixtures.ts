/** Score cards of the committed fixtures for the documents' specs (not used at run time). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { prepareText } from '../intake';
import type { PreparedReport } from '../intake/intake.types';
import { readReport, REPORTS, FIXTURES } from '../intake/test-fixtures';
import { loadRubricDirectory } from '../rubric/rubric-loader';
import { scoreReport } from '../scoring/engine';
import type { BatchEntry } from '../batches/batch-report';
import { detectCopies } from '../batches/copy-detection';
import { planFulfilment } from '../batches/plan-fulfilment';

export const rubric = loadRubricDirectory().current();

/** 青禾县 is made up: two years of its reports, written for the comparison (test/fixtures/year-over-year). */
export const qinghe = (year: 2023 | 2024) => {
  const prepared = prepareText(fs.readFileSync(path.join(FIXTURES, 'year-over-year', `qinghe-${year}.txt`), 'utf8'));
  return { prepared, card: scoreReport(prepared, rubric) };
};

/** A season's batch: the three real fixtures, 青禾县 2024 (with its 2023 plan checked), and a copy of one. */
export function fixtureBatch() {
  const docs: Array<{ id: string; file: string; prepared: PreparedReport }> = REPORTS.map((base) => ({ id: base, file: `${base}.txt`, prepared: prepareText(readReport(base)) }));
  // an office that copied most of another's report, to give the copies section something to find
  const copied = readReport(REPORTS[0]).replace(/^.*\n/, '青禾县农业农村局2024年法治政府建设年度报告\n');
  docs.push({ id: 'copied', file: 'copied.txt', prepared: prepareText(copied) });
  const q23 = qinghe(2023);
  const q24 = qinghe(2024);
  docs.push({ id: 'qinghe-2024', file: 'qinghe-2024.txt', prepared: q24.prepared });
  const entries: BatchEntry[] = docs.map((d) => ({ key: d.id, file: d.file, reportId: d.id, card: scoreReport(d.prepared, rubric), planFulfilment: null }));
  entries[entries.length - 1].planFulfilment = { previousReportId: 'qinghe-2023', ...planFulfilment(q23.prepared, q24.prepared, rubric) };
  const copies = detectCopies(docs.map((d) => ({ id: d.id, text: d.prepared.normalised, original: d.prepared.original, toOriginal: d.prepared.toOriginal })));
  return { entries, copies };
}

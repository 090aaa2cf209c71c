import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, readReport, REPORTS } from '../intake/test-fixtures';
import { loadRubricDirectory } from '../rubric/rubric-loader';
import { runIntakeTask } from './intake-task';

const rubrics = loadRubricDirectory();
const MAX = 20 * 1024 * 1024;

describe('runIntakeTask (what a pool thread does with one upload)', () => {
  it('hands a scan back for OCR instead of recognising it on the thread', async () => {
    const png = fs.readFileSync(path.join(FIXTURES, 'documents', 'scan.png'));
    expect(await runIntakeTask({ input: { bytes: png, filename: 'scan.png' }, maxBytes: MAX }, rubrics)).toEqual({ kind: 'ocr', format: 'image', pages: undefined });
    const pdf = fs.readFileSync(path.join(FIXTURES, 'bad', 'scanned.pdf'));
    expect(await runIntakeTask({ input: { bytes: pdf, filename: 'scanned.pdf' }, maxBytes: MAX }, rubrics)).toMatchObject({ kind: 'ocr', format: 'pdf', pages: expect.any(Number) });
  });

  it('continues from the recognised text: the card says it was recognised, and how surely', async () => {
    const png = fs.readFileSync(path.join(FIXTURES, 'documents', 'scan.png'));
    const rubric = rubrics.current();
    const recognised = { format: 'image' as const, text: readReport(REPORTS[0]), pages: 1, confidence: 0.91234 };
    const outcome = await runIntakeTask({ input: { bytes: png, filename: 'scan.png' }, maxBytes: MAX, recognised, score: { rubricRef: `${rubric.id}@${rubric.version}` } }, rubrics);
    expect(outcome.kind).toBe('done');
    if (outcome.kind !== 'done') return;
    expect(outcome.intake.format).toBe('image');
    expect(outcome.intake.prepared.metadata.ocr).toEqual({ pages: 1, confidence: 0.912 });
    expect(outcome.card?.report.ocr).toEqual({ pages: 1, confidence: 0.912 });
  });

  it('answers bad input as plain data (status, code, message), since an Error loses its class between threads', async () => {
    const outcome = await runIntakeTask({ input: { bytes: Buffer.from(`<html><body>${'<div>'.repeat(1000)}法治</body></html>`), filename: 'a.html' }, maxBytes: MAX }, rubrics);
    expect(outcome).toEqual({ kind: 'refused', status: 422, code: 'HTML_TOO_DEEP', message: expect.stringMatching(/嵌套/) });
  });
});

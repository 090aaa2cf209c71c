import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, readReport, REPORTS } from '../intake/test-fixtures';
import { loadRubricDirectory } from '../rubric/rubric-loader';
import { planDigest } from '../scoring/engine';
import { runIntakeTask, runStoredScoringTask } from './intake-task';

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

  it('gives a stored intake only what is stored, and a scored one its card and plan digest as JSON', async () => {
    const text = readReport(REPORTS[0]);
    const rubric = rubrics.current();
    const ref = `${rubric.id}@${rubric.version}`;
    const full = await runIntakeTask({ input: { text }, maxBytes: MAX, score: { rubricRef: ref } }, rubrics);
    const stored = await runIntakeTask({ input: { text }, maxBytes: MAX, score: { rubricRef: ref }, forStorage: true }, rubrics);
    if (full.kind !== 'done' || stored.kind !== 'stored') throw new Error(`answered ${full.kind} and ${stored.kind}`);
    const { original: _original, toOriginal: _toOriginal, ...kept } = full.intake.prepared;
    expect(stored.intake).toEqual({ ...full.intake, prepared: kept });
    // the very card a draft gets, as the text the row stores
    expect(stored.card).toEqual({ json: JSON.stringify(full.card), rubric: full.card!.rubric, profile: full.card!.profile, total: full.card!.total, grade: full.card!.grade });
    expect(JSON.parse(stored.planDigestJson!)).toEqual(planDigest(full.intake.prepared, rubrics.get(rubric.id, rubric.version)));
    expect(await runIntakeTask({ input: { text }, maxBytes: MAX, forStorage: true }, rubrics)).toEqual({ kind: 'stored', intake: stored.intake });
  });

  it("scores a stored report's text with a recognised scan's note on the card", () => {
    const rubric = rubrics.current();
    const task = { original: readReport(REPORTS[0]), metadata: {}, rubricId: rubric.id, rubricVersion: rubric.version, profile: Object.keys(rubric.profiles)[0] };
    const plain = runStoredScoringTask(task, rubrics);
    const scan = runStoredScoringTask({ ...task, ocr: { pages: 2, confidence: 0.9 } }, rubrics);
    expect(JSON.parse(scan.card.json)).toEqual({ ...JSON.parse(plain.card.json), report: { ...JSON.parse(plain.card.json).report, ocr: { pages: 2, confidence: 0.9 } } });
    expect(scan.planDigestJson).toBe(plain.planDigestJson);
  });

  it('answers bad input as plain data (status, code, message), since an Error loses its class between threads', async () => {
    const outcome = await runIntakeTask({ input: { bytes: Buffer.from(`<html><body>${'<div>'.repeat(1000)}法治</body></html>`), filename: 'a.html' }, maxBytes: MAX }, rubrics);
    expect(outcome).toEqual({ kind: 'refused', status: 422, code: 'HTML_TOO_DEEP', message: expect.stringMatching(/嵌套/) });
  });
});

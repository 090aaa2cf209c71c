/**
 * Scanned reports (test/fixtures/documents/scan.*, made by scripts/make-document-fixtures.js --scans): OCR
 * runs in child processes, so the models load in plain Node rather than in Jest's realm. Few tests: OCR takes
 * seconds a page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { intakeReport } from '../src/intake/prepare-report';
import { IntakeError } from '../src/intake/intake.types';
import type { RubricDefinition } from '../src/rubric/rubric.types';
import { scoreReport } from '../src/scoring/engine/score';
import { runCli } from './support/processes';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadRubricFile } = require('../src/rubric/rubric-loader') as typeof import('../src/rubric/rubric-loader');

const ROOT = join(__dirname, '..');
const DOCS = join(ROOT, 'test/fixtures/documents');
const rubric: RubricDefinition = loadRubricFile(join(ROOT, 'rubrics', 'outline-2021-2025.yaml'));
const file = (name: string) => readFileSync(join(DOCS, name));
const LIMITS = { maxPages: 10, pageTimeoutMs: 120_000, concurrency: 2 };

async function card(name: string) {
  const res = await intakeReport({ bytes: file(name), filename: name }, { ocr: LIMITS });
  const c = scoreReport(res.prepared, rubric);
  return { res, card: c, statuses: Object.fromEntries(c.items.filter((i) => /^E[1-4]$/.test(i.id)).map((i) => [i.id, i.status])) };
}

describe('OCR of scans', () => {
  jest.setTimeout(180_000);
  let txt: Awaited<ReturnType<typeof card>>;
  beforeAll(async () => {
    txt = await card('scan.txt');
  });

  it.each([
    ['scan.png', 'image', 1],
    ['scan.pdf', 'pdf', 2],
  ])('%s scores like its text (within 4 points, same E1–E4), and the card says it was recognised', async (name, format, pages) => {
    const got = await card(name);
    expect(got.res.format).toBe(format);
    expect(Math.abs(got.card.total - txt.card.total)).toBeLessThanOrEqual(4);
    expect(got.statuses).toEqual(txt.statuses);
    expect(got.card.report.ocr?.pages).toBe(pages);
    expect(got.card.report.ocr?.confidence).toBeGreaterThan(0.9);
    expect(got.card.report).toMatchObject({ year: 2022, governmentLevel: 'county' });
    for (const it of got.card.items) for (const e of it.evidence) expect(got.res.prepared.original.slice(e.start, e.end)).toBe(e.quote);
  });

  it('scorecard check reads a scan and says so; a page limit of 1 refuses the 2-page scan with exit 2', () => {
    const { code, stdout } = runCli(['check', '--json', join(DOCS, 'scan.png')], { OCR_PAGE_TIMEOUT_SECONDS: '600' });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).report.ocr.pages).toBe(1);
    const over = runCli(['check', join(DOCS, 'scan.pdf')], { OCR_MAX_PAGES: '1' });
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/OCR_MAX_PAGES/);
  });

  it('over the page limit → 413; over the time per page → 422', async () => {
    const over = await intakeReport({ bytes: file('scan.pdf') }, { ocr: { ...LIMITS, maxPages: 1 } }).catch((e: unknown) => e);
    expect(over).toBeInstanceOf(IntakeError);
    expect((over as IntakeError).status).toBe(413);
    expect((over as IntakeError).message).toMatch(/OCR_MAX_PAGES/);
    const slow = await intakeReport({ bytes: file('scan.png') }, { ocr: { ...LIMITS, pageTimeoutMs: 50 } }).catch((e: unknown) => e);
    expect((slow as IntakeError).status).toBe(422);
    expect((slow as IntakeError).message).toMatch(/超时/);
  });
});

/**
 * Real-world formats (test/fixtures/documents, made by scripts/make-document-fixtures.js): each gives the
 * text of the report it was made from, and scores like that .txt with the same E1–E4 statuses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { intakeReport } from './prepare-report';
import { IntakeError } from './intake.types';
import { extractOfd } from './extract-ofd';
import type { RubricDefinition } from '../rubric/rubric.types';
import { resolveProfile, score } from '../scoring/engine/score';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadRubricFile } = require('../rubric/rubric-loader') as typeof import('../rubric/rubric-loader');

const ROOT = join(__dirname, '..', '..');
const DOCS = join(ROOT, 'test/fixtures/documents');
const rubric: RubricDefinition = loadRubricFile(join(ROOT, 'rubrics', 'outline-2021-2025.yaml'));
const file = (name: string) => readFileSync(join(DOCS, name));
const squash = (s: string) => s.replace(/\s+/g, '');

async function card(name: string) {
  const res = await intakeReport({ bytes: file(name), filename: name });
  const c = score(res.prepared, rubric, resolveProfile(res.prepared, rubric));
  return { res, card: c, statuses: Object.fromEntries(c.items.filter((i) => /^E[1-4]$/.test(i.id)).map((i) => [i.id, i.status])) };
}

describe('documents in every format score like their text', () => {
  let txt: Awaited<ReturnType<typeof card>>;
  beforeAll(async () => {
    txt = await card('report.txt');
  });

  it.each([
    ['report.doc', 'doc'],
    ['report.wps', 'doc'],
    ['report.numbered.docx', 'docx'],
    ['report.table.docx', 'docx'],
    ['report.ofd', 'ofd'],
  ])('%s', async (name, format) => {
    const got = await card(name);
    expect(got.res.format).toBe(format);
    // LibreOffice's autocorrect and Word's （一） labels change punctuation only, which normalisation folds.
    expect(squash(got.res.prepared.normalised)).toBe(squash(txt.res.prepared.normalised));
    expect(got.card.total).toBe(txt.card.total);
    expect(got.statuses).toEqual(txt.statuses);
    expect(got.res.prepared.sections.map((s) => s.marker + s.heading)).toEqual(txt.res.prepared.sections.map((s) => s.marker + s.heading));
    for (const it of got.card.items) for (const e of it.evidence) expect(got.res.prepared.original.slice(e.start, e.end)).toBe(e.quote);
  });

  it('the numbered .docx has no heading labels in its text runs: they come from numbering.xml', async () => {
    const JSZip = (await import('jszip')).default;
    const xml = await (await JSZip.loadAsync(file('report.numbered.docx'))).file('word/document.xml')!.async('string');
    expect(xml).not.toMatch(/>[一二三]、/);
    expect(xml).toMatch(/<w:numPr>/);
  });

  it('the .ofd keeps paragraphs whole though its lines and text objects are shuffled', async () => {
    const text = await extractOfd(file('report.ofd'));
    expect(text.split('\n')).toEqual(txt.res.extracted.split('\n').map((l) => l.trim()).filter(Boolean));
  });
});

describe('bad documents', () => {
  it.each([
    ['kingsoft.wps', 415, /另存为” \.docx/],
    ['not-ofd.ofd', 415, /不是 OFD 文档/],
    ['bomb.ofd', 422, /压缩炸弹/],
  ])('%s → %i', async (name, status, message) => {
    const err = await intakeReport({ bytes: file(name), filename: name }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(IntakeError);
    expect((err as IntakeError).status).toBe(status);
    expect((err as IntakeError).message).toMatch(message);
  });

  it('a damaged .doc is a 422 with a Chinese message', async () => {
    const bytes = Buffer.from(file('report.doc'));
    bytes.fill(0xff, 512, 4096); // the sectors after the header, where the allocation table starts
    const err = await intakeReport({ bytes, filename: 'x.doc' }).then(() => undefined, (e: unknown) => e);
    expect((err as IntakeError).status).toBe(422);
    expect((err as IntakeError).message).toMatch(/无法读取 Word 97/);
  });
});

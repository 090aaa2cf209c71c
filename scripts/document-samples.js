#!/usr/bin/env node
/**
 * The README's pictures of the documents: builds the feedback letter (青禾县 2024 against 2023, with one
 * reviewer's override) and the season report of the fixture batch, converts them with LibreOffice to PDF and
 * the first page of each to PNG (pdftoppm). Needs `npm run build`, soffice and poppler-utils.
 *   node scripts/document-samples.js [outdir=docs]
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const dist = (p) => require(path.join(ROOT, 'dist', p));
const out = path.resolve(process.argv[2] ?? path.join(ROOT, 'docs'));

async function main() {
  const { qinghe, fixtureBatch, rubric } = dist('documents/spec-fixtures');
  const { buildFeedbackLetter } = dist('documents/feedback-letter');
  const { buildSeasonReport } = dist('documents/season-report');
  const { yearOverYear } = dist('documents/year-over-year');
  const { applyOverrides } = dist('batches/overrides/apply-overrides');

  const previous = qinghe(2023);
  const current = qinghe(2024);
  const missing = current.card.items.find((it) => it.status === 'missing' && it.max > 0);
  const card = applyOverrides(current.card, [{ id: 'sample', kind: 'override', itemId: missing.id, status: 'met', reason: '补充材料显示已制定相关制度', actor: 'reviewer', at: '2025-04-01T00:00:00Z' }], rubric);
  const date = new Date('2025-04-10T02:00:00Z');
  const letter = await buildFeedbackLetter({ card, rubric, comparison: yearOverYear(previous, { card, prepared: current.prepared }, rubric), from: '青禾市司法局', date });
  const { entries, copies } = fixtureBatch();
  const season = await buildSeasonReport({ name: '2024年度青禾市', rubric, entries, failed: [], copies, from: '青禾市司法局', date });

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fzs-samples-'));
  fs.mkdirSync(out, { recursive: true });
  for (const [name, bytes, page] of [['feedback-letter', letter, 1], ['season-report', season, Number(process.env.SEASON_PAGE ?? 2)]]) {
    const docx = path.join(work, `${name}.docx`);
    fs.writeFileSync(docx, bytes);
    execFileSync('soffice', [`-env:UserInstallation=file://${work}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', work, docx], { stdio: 'pipe' });
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', String(page), '-l', String(page), '-singlefile', path.join(work, `${name}.pdf`), path.join(out, name)]);
    console.log(`${path.join(out, name)}.png`);
  }
  fs.rmSync(work, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error.message);
  process.exitCode = 1;
});

#!/usr/bin/env node
/**
 * Extraction speed of the real-world formats and OCR seconds per page, on the committed fixtures
 * (test/fixtures/documents). Uses the build: `npm run build && node scripts/bench-documents.js [seconds]`.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');

const ROOT = path.resolve(__dirname, '..');
const DOCS = path.join(ROOT, 'test/fixtures/documents');
const intake = require(path.join(ROOT, 'dist/intake'));
const ocr = require(path.join(ROOT, 'dist/intake/ocr'));
const seconds = Number(process.argv[2] ?? 3);

async function rate(name, extract) {
  const bytes = fs.readFileSync(path.join(DOCS, name));
  await extract(bytes);
  let n = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() < end) {
    await extract(bytes);
    n++;
  }
  const s = Number(process.hrtime.bigint() - start) / 1e9;
  return { file: name, kb: Math.round(bytes.length / 1024), perSecond: Math.round((n / s) * 10) / 10 };
}

(async () => {
  const rows = [
    await rate('report.doc', intake.extractDoc),
    await rate('report.ofd', intake.extractOfd),
    await rate('report.numbered.docx', intake.extractDocx),
  ];
  for (const r of rows) console.log(`${r.file} (${r.kb} KB): ${r.perSecond} files/s`);
  for (const [name, run] of [
    ['scan.png', (b) => ocr.ocrImage(b)],
    ['scan.pdf', (b) => ocr.ocrPdf(b, 2)],
  ]) {
    const bytes = fs.readFileSync(path.join(DOCS, name));
    const t = process.hrtime.bigint();
    const res = await run(bytes);
    const s = Number(process.hrtime.bigint() - t) / 1e9;
    console.log(`${name}: ${res.pages} page(s) in ${s.toFixed(1)} s = ${(s / res.pages).toFixed(1)} s/page (incl. model load), confidence ${res.confidence.toFixed(3)}`);
  }
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, ${os.availableParallelism()} cores`);
})();

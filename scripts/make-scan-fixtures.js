/**
 * OCR fixtures for scripts/make-document-fixtures.js --scans: a short report (scan.txt, built from the
 * fixture report: title, opening, every heading with its first sentence), drawn in WenQuanYi Micro Hei as a
 * .png page and as an image-only two-page .pdf (pdfkit embedding the page images: no text layer).
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { createCanvas, GlobalFonts } = require('@napi-rs/canvas');
const PDFDocument = require('pdfkit');

const FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
const WIDTH = 1240;
const MARGIN = 100;
const SIZE = 30;
const LEADING = 50;

function shortReport(lines) {
  const out = [lines[0], lines[1].split('。').slice(0, 2).join('。') + '。'];
  for (const l of lines.slice(2)) {
    if (/^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])/.test(l)) out.push(l.split('。')[0] + (l.includes('。') ? '。' : ''));
    else if (out.length && !/。$/.test(out[out.length - 1]) && out.join('').length < 900) out.push(l.split('。')[0] + '。');
  }
  return out;
}

/** Lines as a printed page wraps them: the title centred, paragraphs indented two characters. */
function layout(paragraphs) {
  const perLine = Math.floor((WIDTH - 2 * MARGIN) / SIZE);
  const rows = [];
  paragraphs.forEach((p, i) => {
    const chars = Array.from(p);
    if (i === 0) return rows.push({ text: p, x: (WIDTH - chars.length * SIZE) / 2 });
    let first = true;
    while (chars.length) {
      const indent = first ? 2 : 0;
      rows.push({ text: chars.splice(0, perLine - indent).join(''), x: MARGIN + indent * SIZE });
      first = false;
    }
  });
  return rows;
}

function page(rows, height) {
  const canvas = createCanvas(WIDTH, height);
  const g = canvas.getContext('2d');
  g.fillStyle = '#fff';
  g.fillRect(0, 0, WIDTH, height);
  g.fillStyle = '#111';
  g.font = `${SIZE}px WQY`;
  rows.forEach((r, i) => g.fillText(r.text, r.x, MARGIN + SIZE + i * LEADING));
  return canvas.toBuffer('image/png');
}

async function makeScans(lines, out, base) {
  GlobalFonts.registerFromPath(FONT, 'WQY');
  const text = shortReport(lines);
  fs.writeFileSync(path.join(out, 'scan.txt'), text.join('\n') + '\n');
  const rows = layout(text);
  fs.writeFileSync(path.join(out, 'scan.png'), page(rows, 2 * MARGIN + rows.length * LEADING));
  const half = Math.ceil(rows.length / 2);
  const pages = [rows.slice(0, half), rows.slice(half)].map((r) => page(r, 1754));
  const doc = new PDFDocument({ size: 'A4', autoFirstPage: false, info: { CreationDate: new Date('2025-01-01T00:00:00Z') } });
  const chunks = [];
  doc.on('data', (c) => chunks.push(c));
  const done = new Promise((resolve) => doc.on('end', resolve));
  for (const png of pages) {
    doc.addPage({ size: 'A4', margin: 0 });
    doc.image(png, 0, 0, { width: 595.28, height: 841.89 });
  }
  doc.end();
  await done;
  fs.writeFileSync(path.join(out, 'scan.pdf'), Buffer.concat(chunks));
  void base;
}

module.exports = { makeScans };

#!/usr/bin/env node
/**
 * Builds the real-world document fixtures (test/fixtures/documents/) from test/fixtures/reports/001_….txt:
 * a Word 97 .doc and a .wps written by LibreOffice, a .docx whose headings exist only as Word numbering, a
 * .docx laid out in a table, an .ofd with its text objects shuffled, and the bad files next to them. The
 * outputs are committed, so tests need neither LibreOffice nor this script.
 *
 *   apt-get install -y libreoffice-writer-nogui fonts-wqy-microhei
 *   node scripts/make-document-fixtures.js            # doc, wps, docx, ofd, bad files
 *   node scripts/make-document-fixtures.js --scans    # also the OCR fixtures (.png page, image-only .pdf)
 */
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const JSZip = require('jszip');
const docx = require('docx');

const ROOT = path.resolve(__dirname, '..');
const SOURCE = path.join(ROOT, 'test/fixtures/reports/001_1c1d18808efcf126.txt');
const OUT = path.join(ROOT, 'test/fixtures/documents');
const BASE = 'report';
const FIXED_DATE = new Date('2025-01-01T00:00:00Z');
const lines = fs.readFileSync(SOURCE, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
fs.mkdirSync(OUT, { recursive: true });

/** Deterministic shuffle (the OFD must not depend on the run). */
function shuffle(items, seed = 13) {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const j = seed % (i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

function wordFiles() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lo-home-'));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lo-work-'));
  const txt = path.join(work, `${BASE}.txt`);
  fs.writeFileSync(txt, lines.join('\n') + '\n');
  for (const fmt of ['doc', 'wps']) {
    const filter = fmt === 'doc' ? 'doc:MS Word 97' : 'wps:MS Word 97';
    execFileSync('soffice', ['--headless', '--infilter=Text (encoded):UTF8', '--convert-to', filter, '--outdir', work, txt], {
      env: { ...process.env, HOME: home },
      stdio: 'ignore',
    });
    fs.copyFileSync(path.join(work, `${BASE}.${fmt}`), path.join(OUT, `${BASE}.${fmt}`));
  }
}

const LEVEL1 = /^([一二三四五六七八九十]+)、\s*/;
const LEVEL2 = /^[（(]([一二三四五六七八九十]+)[）)]\s*/;

/** Headings 一、/（一） become Word list items: their labels exist only in numbering.xml. */
async function numberedDocx() {
  const children = lines.map((l) => {
    const level = LEVEL1.test(l) ? 0 : LEVEL2.test(l) ? 1 : -1;
    if (level < 0) return new docx.Paragraph({ text: l });
    return new docx.Paragraph({ text: l.replace(level === 0 ? LEVEL1 : LEVEL2, ''), numbering: { reference: 'headings', level } });
  });
  const doc = new docx.Document({
    creator: 'fixtures',
    numbering: {
      config: [
        {
          reference: 'headings',
          levels: [
            { level: 0, format: docx.LevelFormat.CHINESE_COUNTING, text: '%1、', suffix: docx.LevelSuffix.NOTHING },
            { level: 1, format: docx.LevelFormat.CHINESE_COUNTING, text: '（%2）', suffix: docx.LevelSuffix.NOTHING },
          ],
        },
      ],
    },
    sections: [{ children }],
  });
  return stableZip(await docx.Packer.toBuffer(doc));
}

/** The report laid out as a two-column table: a heading cell and the paragraphs under it. */
async function tableDocx() {
  const rows = [];
  let cur;
  for (const l of lines.slice(1)) {
    const isHead = LEVEL1.test(l) || LEVEL2.test(l);
    if (isHead || !cur) rows.push((cur = { head: isHead ? l : '', body: [] }));
    if (!isHead) cur.body.push(l);
  }
  const cell = (texts) => new docx.TableCell({ children: (texts.length ? texts : ['']).map((t) => new docx.Paragraph({ text: t })) });
  const table = new docx.Table({ rows: rows.map((r) => new docx.TableRow({ children: [cell(r.head ? [r.head] : []), cell(r.body)] })) });
  const doc = new docx.Document({ creator: 'fixtures', sections: [{ children: [new docx.Paragraph({ text: lines[0] }), table] }] });
  return stableZip(await docx.Packer.toBuffer(doc));
}

async function stableZip(buffer) {
  const zip = await JSZip.loadAsync(buffer);
  const out = new JSZip();
  for (const name of Object.keys(zip.files).sort()) {
    let content = await zip.files[name].async('nodebuffer');
    if (name === 'docProps/core.xml') content = Buffer.from(content.toString().replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '2025-01-01T00:00:00Z'));
    out.file(name, content, { date: FIXED_DATE });
  }
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** A4 pages in mm, 28 characters a line at 5.3 mm, the first line of a paragraph indented two characters. */
async function ofd() {
  const SIZE = 5.3;
  const LEFT = 25;
  const PER_LINE = 28;
  const LINES_PER_PAGE = 38;
  const placed = [];
  for (const [i, para] of lines.entries()) {
    const heading = i === 0;
    const chars = Array.from(para);
    let first = true;
    while (chars.length) {
      const indent = first && !heading ? 2 : 0;
      placed.push({ text: chars.splice(0, PER_LINE - indent).join(''), x: LEFT + indent * SIZE + (heading ? 20 : 0) });
      first = false;
    }
  }
  const pages = [];
  for (let i = 0; i < placed.length; i += LINES_PER_PAGE) pages.push(placed.slice(i, i + LINES_PER_PAGE));
  const zip = new JSZip();
  const add = (name, xml) => zip.file(name, `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`, { date: FIXED_DATE });
  const NS = 'xmlns:ofd="http://www.ofdspec.org/2016"';
  add('OFD.xml', `<ofd:OFD ${NS} Version="1.1" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>fixture</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`);
  add('Doc_0/Document.xml', `<ofd:Document ${NS}><ofd:CommonData><ofd:MaxUnitID>99999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages>${pages
    .map((_, p) => `<ofd:Page ID="${p + 1}" BaseLoc="Pages/Page_${p}/Content.xml"/>`)
    .join('')}</ofd:Pages></ofd:Document>`);
  let id = 100;
  pages.forEach((page, p) => {
    const objects = [];
    page.forEach((line, row) => {
      const y = 30 + row * SIZE * 1.25;
      // Some lines are two text objects (writers split runs at font or style changes).
      const chars = Array.from(line.text);
      const pieces = row % 3 === 1 && chars.length > 6 ? [chars.slice(0, 5), chars.slice(5)] : [chars];
      let x = line.x;
      for (const piece of pieces) {
        const w = piece.length * SIZE;
        objects.push(`<ofd:TextObject ID="${id++}" Boundary="${x.toFixed(2)} ${y.toFixed(2)} ${w.toFixed(2)} ${(SIZE * 1.2).toFixed(2)}" Font="1" Size="${SIZE}"><ofd:TextCode X="0" Y="${SIZE}" DeltaX="g ${piece.length - 1} ${SIZE}">${piece.join('').replace(/&/g, '&amp;').replace(/</g, '&lt;')}</ofd:TextCode></ofd:TextObject>`);
        x += w;
      }
    });
    objects.push(`<ofd:TextObject ID="${id++}" Boundary="100 280 10 6" Font="1" Size="4"><ofd:TextCode X="0" Y="4">${p + 1}</ofd:TextCode></ofd:TextObject>`);
    add(`Doc_0/Pages/Page_${p}/Content.xml`, `<ofd:Page ${NS}><ofd:Content><ofd:Layer ID="${id++}">${shuffle(objects, p + 13).join('')}</ofd:Layer></ofd:Content></ofd:Page>`);
  });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

async function badFiles() {
  // A Kingsoft WPS file that is not a Word 97 container (old WPS text files start with their own header).
  fs.writeFileSync(path.join(OUT, 'kingsoft.wps'), Buffer.concat([Buffer.from([0xff, 0x57, 0x50, 0x53, 0x00, 0x01]), Buffer.alloc(200, 0x20)]));
  const notOfd = new JSZip();
  notOfd.file('Doc_0/readme.xml', '<a>不是 OFD</a>', { date: FIXED_DATE });
  fs.writeFileSync(path.join(OUT, 'not-ofd.ofd'), await notOfd.generateAsync({ type: 'nodebuffer' }));
  const bomb = new JSZip();
  bomb.file('OFD.xml', '<ofd:OFD/>', { date: FIXED_DATE });
  bomb.file('Doc_0/filler.xml', Buffer.alloc(60 * 1024 * 1024, 0x20), { date: FIXED_DATE });
  fs.writeFileSync(path.join(OUT, 'bomb.ofd'), await bomb.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } }));
}

(async () => {
  wordFiles();
  fs.writeFileSync(path.join(OUT, `${BASE}.numbered.docx`), await numberedDocx());
  fs.writeFileSync(path.join(OUT, `${BASE}.table.docx`), await tableDocx());
  fs.writeFileSync(path.join(OUT, `${BASE}.ofd`), await ofd());
  await badFiles();
  if (process.argv.includes('--scans')) await require('./make-scan-fixtures').makeScans(lines, OUT, BASE);
  fs.copyFileSync(SOURCE, path.join(OUT, `${BASE}.txt`));
  for (const f of fs.readdirSync(OUT).sort()) console.log(f, fs.statSync(path.join(OUT, f)).size);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});

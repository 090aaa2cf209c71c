#!/usr/bin/env node
/**
 * Builds the intake variant fixtures (test/fixtures/variants/) and bad-input fixtures (test/fixtures/bad/)
 * from the real reports in test/fixtures/reports/. Run once; the outputs are committed so tests need neither
 * this script nor the CJK font.
 *
 *   apt-get install -y fonts-wqy-zenhei   # for the .pdf variants
 *   node scripts/make-variant-fixtures.js
 *
 * Variants keep the same report content in another wrapping: traditional characters, GB18030 bytes, a web
 * page with navigation and footer, a .docx, a .pdf (with page numbers and wrapped lines), the body as one
 * paragraph, and scraped-table pipes. Outputs are deterministic except the .docx/.pdf timestamps.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const OpenCC = require('opencc-js');
const iconv = require('iconv-lite');
const JSZip = require('jszip');
const PDFDocument = require('pdfkit');

const ROOT = path.resolve(__dirname, '..');
const SRC = path.join(ROOT, 'test/fixtures/reports');
const OUT = path.join(ROOT, 'test/fixtures/variants');
const BAD = path.join(ROOT, 'test/fixtures/bad');
const FONT = '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc';
const FIXED_DATE = new Date('2025-01-01T00:00:00Z');

const toTraditional = OpenCC.Converter({ from: 'cn', to: 't' });

/** Splits a copied page into chrome before the title, the title, header chrome, the body, and chrome after. */
function parts(text) {
  const lines = text.split('\n');
  const titleAt = lines.findIndex((l) => /报告/.test(l) && l.trim().length <= 60);
  let bodyAt = titleAt + 1;
  while (bodyAt < lines.length && (!lines[bodyAt].trim() || (lines[bodyAt].trim().length < 40 && /来源|日期|字号|分享/.test(lines[bodyAt]))))
    bodyAt++;
  let endAt = lines.length;
  while (endAt > bodyAt && (!lines[endAt - 1].trim() || /^\s*相关/.test(lines[endAt - 1]))) endAt--;
  const nonBlank = (ls) => ls.filter((l) => l.trim());
  return {
    before: nonBlank(lines.slice(0, titleAt)),
    title: lines[titleAt].trim(),
    header: nonBlank(lines.slice(titleAt + 1, bodyAt)),
    body: nonBlank(lines.slice(bodyAt, endAt)),
    after: nonBlank(lines.slice(endAt)),
  };
}

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function html(p, site) {
  const para = (l) => {
    const t = l.trim();
    // Headings with a lead sentence are typically bolded up to the first 。, as on many government sites.
    const m = /^((?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]?|\d+[.、])[^。]*。?)(.*)$/.exec(t);
    const inner = m ? `<strong>${esc(m[1])}</strong>${esc(m[2])}` : esc(t);
    return `      <p style="text-indent:2em">${inner}</p>`;
  };
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>${esc(p.title)}_${site}</title>
  <style>body{font:16px/1.8 sans-serif}.nav li{display:inline-block;margin:0 1em}.footer{color:#666}</style>
  <script>var _hmt = _hmt || []; (function(){ var hm = document.createElement("script"); hm.src = "https://hm.example.com/hm.js"; })();</script>
</head>
<body>
  <div class="topbar">${p.before.map((l) => `<a href="#">${esc(l.replace(/^[•\s]+/, ''))}</a>`).join(' | ') || '<a href="#">无障碍</a> | <a href="#">长者助手</a>'}</div>
  <header class="header"><div class="logo">${site}</div><form class="search"><input name="q" placeholder="请输入关键词"><button>搜索</button></form></header>
  <nav class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/zwfw">政务服务</a></li><li><a href="/hdjl">互动交流</a></li><li><a href="/zjzc">走进本地</a></li></ul></nav>
  <div class="breadcrumb">您当前所在的位置: <a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 法治政府建设年度报告</div>
  <div class="main">
    <div class="article">
      <h1 class="title">${esc(p.title)}</h1>
      <div class="info">${esc(p.header.map((l) => l.trim()).join(' ')) || '&nbsp;'}</div>
      <div class="content" id="zoom">
${p.body.map(para).join('\n')}
      </div>
      <div class="related">${p.after.map((l) => `<h4>${esc(l.trim())}</h4>`).join('') || '<h4>相关新闻</h4>'}<ul><li><a href="#">关于印发法治政府建设工作要点的通知</a></li></ul></div>
    </div>
    <aside class="sidebar"><h3>热点专题</h3><ul><li>优化营商环境</li><li>政府信息公开年报</li></ul></aside>
  </div>
  <footer class="footer">
    <p>主办: ${site} 承办: 政务服务数据管理局</p>
    <p>粤ICP备05080000号 粤公网安备 44011802000000号 网站标识码: 4401830001</p>
  </footer>
  <script>document.addEventListener("DOMContentLoaded", function () { console.log("分享到微信"); });</script>
</body>
</html>
`;
}

async function docx(text) {
  const zip = new JSZip();
  const opts = { date: FIXED_DATE };
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    opts,
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    opts,
  );
  const paras = text
    .split('\n')
    .map((l) => (l ? `<w:p><w:r><w:t xml:space="preserve">${esc(l)}</w:t></w:r></w:p>` : '<w:p/>'))
    .join('');
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paras}<w:sectPr/></w:body></w:document>`,
    opts,
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

function pdf(p) {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 72, bufferPages: true, info: { CreationDate: FIXED_DATE, Title: p.title } });
    const chunks = [];
    doc.on('data', (c) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font(FONT, 'WenQuanYiZenHei');
    const size = 12;
    doc.fontSize(size);
    for (const l of p.before) doc.text(l.trim(), { align: 'left' });
    doc.moveDown(0.5);
    doc.fontSize(16).text(p.title, { align: 'center' }).fontSize(size);
    for (const l of p.header) doc.text(l.trim(), { align: 'center' });
    doc.moveDown(0.5);
    // Chinese paragraphs are indented two characters; justified text reaches the right margin when wrapped.
    for (const l of p.body) doc.text(l.trim(), { indent: size * 2, align: 'justify', lineGap: 4 });
    for (const l of p.after) doc.text(l.trim());
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      doc.fontSize(10).text(`- ${i + 1} -`, 0, doc.page.height - 40, { align: 'center', width: doc.page.width, lineBreak: false });
      doc.page.margins.bottom = bottom;
    }
    doc.end();
  });
}

function oneline(p) {
  // Page chrome stays where it was (it is not report text); the report body becomes one paragraph, its
  // paragraphs separated by the ideographic-space indentation they had on the page.
  return [...p.before, p.title, ...p.header, p.body.map((l) => l.trim()).join('\u3000\u3000'), ...p.after].join('\n') + '\n';
}

function pipes(text) {
  let k = 0;
  const out = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t) {
      out.push(line);
      continue;
    }
    k++;
    if (k === 3) out.push('|---|');
    out.push(k % 3 === 0 ? `| ${t} |` : k % 5 === 0 ? `|${t}|` : line);
  }
  return out.join('\n');
}

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

async function badFixtures() {
  fs.mkdirSync(BAD, { recursive: true });
  fs.writeFileSync(path.join(BAD, 'empty.txt'), '');
  fs.writeFileSync(path.join(BAD, 'whitespace.txt'), ' \n\t\n\u3000\u3000\r\n   \n');
  const r = rng(42);
  const garbage = Buffer.alloc(4096);
  for (let i = 0; i < garbage.length; i++) garbage[i] = Math.floor(r() * 256);
  fs.writeFileSync(path.join(BAD, 'garbage.bin'), garbage);

  const good = await docx('法治政府建设年度报告\n一、主要工作\n全面推进依法行政。'.repeat(20));
  const cut = Math.max(Math.floor(good.length * 0.6), good.indexOf('word/document.xml') + 200);
  fs.writeFileSync(path.join(BAD, 'corrupt.docx'), good.subarray(0, Math.min(cut, good.length - 30)));

  const pr = rng(7);
  const junk = Buffer.alloc(2048);
  for (let i = 0; i < junk.length; i++) junk[i] = Math.floor(pr() * 256);
  fs.writeFileSync(path.join(BAD, 'corrupt.pdf'), Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), junk]));

  // 60 MB of spaces inside document.xml deflate to about 60 KB: far past the 50 MB / 100:1 limits.
  const bomb = new JSZip();
  bomb.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>', { date: FIXED_DATE });
  bomb.file(
    'word/document.xml',
    '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>' +
      ' '.repeat(60 * 1024 * 1024) +
      '</w:t></w:r></w:p></w:body></w:document>',
    { date: FIXED_DATE },
  );
  fs.writeFileSync(
    path.join(BAD, 'bomb.docx'),
    await bomb.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } }),
  );

  fs.writeFileSync(
    path.join(BAD, 'english.txt'),
    'Annual Report on the Construction of Rule-of-Law Government 2024\n\n' +
      'I. Work done in 2024\nThe bureau improved administrative law enforcement and reviewed 45 normative documents.\n\n' +
      'II. Problems\nSupervision of enforcement needs strengthening.\n\nIII. Plans for 2025\nWe will deepen reform.\n',
  );

  const other = new JSZip();
  other.file('readme.txt', 'not a word document', { date: FIXED_DATE });
  other.file('data/table.csv', 'a,b\n1,2\n', { date: FIXED_DATE });
  fs.writeFileSync(path.join(BAD, 'other.zip'), await other.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));

  // A "scanned" PDF: a page with only graphics, no text layer.
  await new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', info: { CreationDate: FIXED_DATE } });
    const chunks = [];
    doc.on('data', (c) => chunks.push(c));
    doc.on('end', () => {
      fs.writeFileSync(path.join(BAD, 'scanned.pdf'), Buffer.concat(chunks));
      resolve();
    });
    doc.on('error', reject);
    for (let y = 80; y < 700; y += 14) doc.rect(72, y, 300 + ((y * 7) % 150), 8).fill('#333');
    doc.end();
  });
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const sites = { '000': '广州市增城区人民政府门户网站', '001': '江门市江海区人民政府网站', '003': '中山市司法局网站' };
  for (const file of fs.readdirSync(SRC).filter((f) => f.endsWith('.txt')).sort()) {
    const base = file.replace(/\.txt$/, '');
    const text = fs.readFileSync(path.join(SRC, file), 'utf8');
    const p = parts(text);
    const site = sites[base.slice(0, 3)] ?? '人民政府网站';
    fs.writeFileSync(path.join(OUT, `${base}.trad.txt`), toTraditional(text));
    fs.writeFileSync(path.join(OUT, `${base}.gbk.txt`), iconv.encode(text, 'gb18030'));
    fs.writeFileSync(path.join(OUT, `${base}.html`), html(p, site));
    fs.writeFileSync(path.join(OUT, `${base}.docx`), await docx(text));
    fs.writeFileSync(path.join(OUT, `${base}.oneline.txt`), oneline(p));
    fs.writeFileSync(path.join(OUT, `${base}.pipes.txt`), pipes(text));
    if (fs.existsSync(FONT)) fs.writeFileSync(path.join(OUT, `${base}.pdf`), await pdf(p));
    else console.warn(`skipped ${base}.pdf: font ${FONT} missing (apt-get install fonts-wqy-zenhei)`);
    console.log(`${base}: title "${p.title}", ${p.body.length} body lines`);
  }
  await badFixtures();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

/**
 * OFD (GB/T 33190, the national fixed-layout format) → text.
 *
 * An OFD is a zip: OFD.xml names each document's root (DocBody/DocRoot); Document.xml lists the pages
 * (Pages/Page/@BaseLoc); each page's Content.xml holds TextObjects (Boundary "x y w h" in mm) with TextCode
 * runs (X/Y relative to the object). Writers store objects in any order, so text is ordered by position:
 * runs are grouped into lines by baseline, lines sorted top to bottom, and the lines of a paragraph rejoined
 * as a printed page breaks them (the PDF extractor's rule). Glyph-index text (CGTransform without TextCode
 * content) and pages drawn as paths carry no text here: a file with no text gets a 422 (scan → OCR).
 */
import { posix } from 'node:path';
import { IntakeError } from './intake.types';
import { DEFAULT_ZIP_LIMITS, readZipParts, shortReason, type ZipLimits } from './zip-parts';
import { attr, children, kids, type XmlNode } from './docx-numbering';
import { parseXml } from './docx-text';
import { joinParagraphs, PAGE_NUMBER, type Line } from './extract-pdf';

const NOT_OFD = '不支持的文件类型：这个压缩包不是 OFD 文档（缺少 OFD.xml）。请上传 .ofd、.docx、PDF 或纯文本报告。';

interface Run {
  text: string;
  x: number;
  y: number;
  x1: number;
  size: number;
}

export async function extractOfd(bytes: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<string> {
  const parts = await readZipParts(bytes, '.ofd', (name) => /\.xml$/i.test(name), limits);
  try {
    return ofdText(parts);
  } catch (e) {
    if (e instanceof IntakeError) throw e;
    throw new IntakeError(422, `无法读取 .ofd 文件：文件已损坏或不完整（${shortReason(e)}）。`);
  }
}

function ofdText(parts: Map<string, Buffer>): string {
  const get = (name: string) => parts.get(name.replace(/^\/+/, '')) ?? parts.get(caseless(parts, name));
  const ofd = get('OFD.xml');
  if (!ofd) throw new IntakeError(415, NOT_OFD);
  const lines: Line[] = [];
  for (const docRoot of findAll(parseXml(ofd), 'DocRoot').map(textContent).filter(Boolean)) {
    const docPath = docRoot.replace(/^\/+/, '');
    const document = get(docPath);
    if (!document) throw new IntakeError(422, `无法读取 .ofd 文件：缺少文档部件 ${docPath}，文件已损坏或不完整。`);
    const dir = posix.dirname(docPath);
    for (const page of findAll(parseXml(document), 'Page')) {
      const loc = attr(page, 'BaseLoc');
      if (!loc) continue;
      const content = get(loc.startsWith('/') ? loc : posix.join(dir, loc));
      if (content) lines.push(...pageLines(parseXml(content)).filter((l) => !PAGE_NUMBER.test(l.text)));
    }
  }
  if (!lines.length) throw new IntakeError(422, '.ofd 文件中没有可读取的文字（可能是扫描件或文字已转为图形）：请上传带文字的 .ofd、.docx 或 PDF。');
  return joinParagraphs(lines);
}

function pageLines(root: unknown): Line[] {
  const runs: Run[] = [];
  for (const obj of findAll(root, 'TextObject')) {
    const [bx, by] = numbers(attr(obj, 'Boundary'));
    const size = Number(attr(obj, 'Size')) || 3.5;
    for (const code of children(kids(obj, 'TextObject'), 'TextCode')) {
      const text = textContent(code);
      if (!text.trim()) continue;
      const x = bx + (Number(attr(code, 'X')) || 0);
      const deltas = expandDeltas(attr(code, 'DeltaX'));
      const width = deltas.length ? deltas.slice(0, text.length - 1).reduce((a, b) => a + b, 0) + size : text.length * size;
      runs.push({ text, x, y: by + (Number(attr(code, 'Y')) || 0), x1: x + width, size });
    }
  }
  runs.sort((a, b) => a.y - b.y || a.x - b.x);
  const lines: Line[] = [];
  let cur: (Line & { runs: Run[] }) | undefined;
  for (const r of runs) {
    if (cur && Math.abs(r.y - cur.y) <= Math.max(r.size, cur.h) * 0.5) {
      cur.runs.push(r);
      cur.x0 = Math.min(cur.x0, r.x);
      cur.x1 = Math.max(cur.x1, r.x1);
    } else {
      cur = { text: '', x0: r.x, x1: r.x1, y: r.y, h: r.size, runs: [r] };
      lines.push(cur);
    }
  }
  for (const l of lines as Array<Line & { runs: Run[] }>) l.text = l.runs.sort((a, b) => a.x - b.x).map((r) => r.text).join('').trim();
  return lines.filter((l) => l.text.length > 0).map(({ text, x0, x1, y, h }) => ({ text, x0, x1, y, h }));
}

/** DeltaX "g 3 2.5 1" = three gaps of 2.5 then 1 (the OFD shorthand). */
function expandDeltas(s: string | undefined): number[] {
  if (!s) return [];
  const out: number[] = [];
  const t = s.trim().split(/\s+/);
  for (let i = 0; i < t.length; i++) {
    if (t[i] === 'g') {
      const n = parseInt(t[i + 1], 10);
      const v = Number(t[i + 2]);
      for (let k = 0; k < n && k < 10000; k++) out.push(v);
      i += 2;
    } else out.push(Number(t[i]) || 0);
  }
  return out;
}

const numbers = (s: string | undefined): number[] => (s ?? '').trim().split(/\s+/).map((v) => Number(v) || 0);

/** Every element called `name` anywhere under a preserveOrder tree. */
function findAll(nodes: unknown, name: string, out: XmlNode[] = [], depth = 0): XmlNode[] {
  if (!Array.isArray(nodes) || depth > 64) return out;
  for (const n of nodes as XmlNode[]) {
    for (const k of Object.keys(n)) {
      if (k === ':@' || k === '#text') continue;
      if (k === name) out.push(n);
      else findAll(n[k], name, out, depth + 1);
    }
  }
  return out;
}

function textContent(node: XmlNode): string {
  const name = Object.keys(node).find((k) => k !== ':@');
  const inner = name ? node[name] : undefined;
  if (!Array.isArray(inner)) return '';
  return (inner as XmlNode[]).map((n) => (n['#text'] !== undefined ? String(n['#text']) : textContent(n))).join('');
}

function caseless(parts: Map<string, Buffer>, name: string): string {
  const want = name.replace(/^\/+/, '').toLowerCase();
  for (const k of parts.keys()) if (k.toLowerCase() === want) return k;
  return name;
}

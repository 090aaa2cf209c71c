/**
 * WordprocessingML → text as printed: one line per paragraph, automatic list labels rendered, tables read
 * row by row and cell by cell (reading order), text boxes after the paragraph that anchors them.
 */
import { XMLParser } from 'fast-xml-parser';
import { IntakeError } from './intake.types';
import { MAX_MARKUP_DEPTH } from './markup-depth';
import { attr, child, children, kids, Numbering, val, type NumPr, type StyleNumbering, type XmlNode } from './docx-numbering';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  // the parser counts open elements as it goes and stops at this depth: linear, before any walker recurses
  maxNestedTags: MAX_MARKUP_DEPTH,
});

export function parseXml(xml: string | Buffer | undefined): unknown {
  if (!xml) return [];
  try {
    return parser.parse(xml.toString());
  } catch (e) {
    if (/nested tags/i.test((e as Error).message))
      throw new IntakeError(422, `文档内部的 XML 嵌套超过 ${MAX_MARKUP_DEPTH} 层，不像正常的 Word 或 OFD 文件，已拒绝读取。`, 'XML_TOO_DEEP');
    throw e;
  }
}

/** Elements whose text is not part of what is printed (deleted revisions, field codes, the fallback copy of a drawing). */
const SKIP = new Set(['del', 'moveFrom', 'instrText', 'delText', 'Fallback', 'pPr', 'rPr', 'sectPr', 'tblPr', 'tcPr', 'trPr', 'footnoteReference']);

export interface DocxParts {
  document: string | Buffer;
  numbering?: string | Buffer;
  styles?: string | Buffer;
}

export function docxText(parts: DocxParts): string {
  const numbering = new Numbering(parseXml(parts.numbering), readStyles(parseXml(parts.styles)));
  const body = kids(child(kids(child(parseXml(parts.document), 'document'), 'document'), 'body'), 'body');
  const lines: string[] = [];
  walkBlocks(body, numbering, lines);
  return lines
    .map((l) => l.replace(/\s+$/, ''))
    .filter((l) => l.trim().length > 0)
    .join('\n');
}

function readStyles(root: unknown): Map<string, StyleNumbering> {
  const out = new Map<string, StyleNumbering>();
  for (const s of children(kids(child(root, 'styles'), 'styles'), 'style')) {
    const k = kids(s, 'style');
    const numPr = kids(child(kids(child(k, 'pPr'), 'pPr'), 'numPr'), 'numPr');
    const numId = val(numPr, 'numId');
    const ilvl = val(numPr, 'ilvl');
    out.set(attr(s, 'styleId') ?? '', {
      basedOn: val(k, 'basedOn'),
      numPr: numId === undefined && ilvl === undefined ? undefined : { numId, ilvl: ilvl === undefined ? undefined : parseInt(ilvl, 10) },
    });
  }
  return out;
}

/** Block-level content: paragraphs, tables, and containers (content controls, custom XML) around them. */
function walkBlocks(nodes: unknown, numbering: Numbering, lines: string[]): void {
  if (!Array.isArray(nodes)) return;
  for (const node of nodes as XmlNode[]) {
    const name = Object.keys(node).find((k) => k !== ':@');
    if (!name || SKIP.has(name)) continue;
    if (name === 'p') paragraph(node, numbering, lines);
    else if (name === 'tbl') {
      for (const tr of children(kids(node, 'tbl'), 'tr')) for (const tc of children(kids(tr, 'tr'), 'tc')) walkBlocks(kids(tc, 'tc'), numbering, lines);
    } else if (name !== '#text') walkBlocks(node[name], numbering, lines);
  }
}

function paragraph(p: XmlNode, numbering: Numbering, lines: string[]): void {
  const k = kids(p, 'p');
  const pPr = kids(child(k, 'pPr'), 'pPr');
  const own = kids(child(pPr, 'numPr'), 'numPr');
  const ownPr: Partial<NumPr> | undefined = own
    ? { numId: val(own, 'numId'), ilvl: val(own, 'ilvl') === undefined ? undefined : parseInt(val(own, 'ilvl')!, 10) }
    : undefined;
  const pr = numbering.resolve(ownPr, val(pPr, 'pStyle'));
  const nested: string[] = [];
  const text = inlineText(k, numbering, nested);
  // An empty numbered paragraph still advances the list in Word, so the label is taken before the check.
  const label = pr ? numbering.next(pr) : '';
  if (text.trim() || label) lines.push(label ? label + text.trimStart() : text);
  lines.push(...nested);
}

/** Text of runs inside a paragraph; paragraphs inside text boxes go to `nested`. */
function inlineText(nodes: unknown, numbering: Numbering, nested: string[]): string {
  if (!Array.isArray(nodes)) return '';
  let s = '';
  for (const node of nodes as XmlNode[]) {
    const name = Object.keys(node).find((k) => k !== ':@');
    if (!name || SKIP.has(name)) continue;
    if (name === '#text') continue; // whitespace between elements
    if (name === 't') s += textOf(node.t);
    else if (name === 'tab' || name === 'ptab') s += '\t';
    else if (name === 'br' || name === 'cr') s += attr(node, 'type') === 'page' ? '' : '\n';
    else if (name === 'noBreakHyphen') s += '-';
    else if (name === 'sym') s += symbol(attr(node, 'char'));
    else if (name === 'txbxContent') walkBlocks(node[name], numbering, nested);
    else s += inlineText(node[name], numbering, nested);
  }
  return s;
}

function textOf(nodes: unknown): string {
  if (!Array.isArray(nodes)) return '';
  return (nodes as XmlNode[]).map((n) => (typeof n['#text'] === 'string' ? n['#text'] : typeof n['#text'] === 'number' ? String(n['#text']) : '')).join('');
}

function symbol(hex: string | undefined): string {
  const code = hex ? parseInt(hex, 16) : NaN;
  // Symbol-font characters live in the private-use area F0xx; they print as dingbats, not text.
  return Number.isFinite(code) && (code < 0xf000 || code > 0xf0ff) ? String.fromCharCode(code) : '';
}

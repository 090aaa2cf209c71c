/**
 * PDF text layer → paragraphs, so that a printed report gives the same lines as its text.
 *
 * pdf.js gives positioned runs of text. Runs are grouped into lines by baseline; page-number lines are
 * dropped; then lines are rejoined into paragraphs using the page geometry: a line that runs to the right
 * margin was wrapped by the layout and continues on the next line, unless the next line is indented (a new
 * paragraph, the Chinese convention) or the line ends a sentence and the next one starts with a heading
 * marker. A line that stops short of the margin (heading, title, last line of a paragraph) ends its paragraph.
 */
import { IntakeError } from './intake.types';

interface TextRun {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL?: boolean;
}

export interface Line {
  text: string;
  x0: number;
  x1: number;
  y: number;
  h: number;
}

export const PAGE_NUMBER =
  /^[\s\-—–·•]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*(?:\/|of|共)\s*\d{1,4}\s*页?)?[\s\-—–·•]*$|^[\s\-—–]*page\s*\d+(?:\s*of\s*\d+)?[\s\-—–]*$/i;
const SENTENCE_END = /[。!?;:！？；：”"」』)）]$/;
const HEADING_START = /^(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}|\d{1,2}[.、．](?!\d)|[一二三四五六七八九十]{1,3}是|第[一二三四五六七八九十]{1,3}[,，、:：])/;
const CJK = /[\u3000-\u9fff\uff00-\uffef]/;

/** A PDF with pages but no text on them: a scan, which intake passes to OCR. */
export class NoTextLayerError extends IntakeError {
  constructor(public readonly pages: number) {
    super(422, 'PDF 没有文字层（扫描件）：只含图像。请上传带文字的 PDF 或 .docx。');
  }
}

type Unpdf = typeof import('unpdf');
let unpdf: Promise<Unpdf> | undefined;
// With module commonjs TypeScript compiles import() to require(); unpdf ships CJS, so this loads in Nest and
// in Jest (which needs --experimental-vm-modules for pdf.js's own dynamic import).
const loadUnpdf = (): Promise<Unpdf> => (unpdf ??= import('unpdf'));

export async function extractPdf(bytes: Buffer): Promise<string> {
  const { getDocumentProxy } = await loadUnpdf();
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false });
  } catch (e) {
    const name = (e as { name?: string })?.name ?? '';
    if (name === 'PasswordException')
      throw new IntakeError(422, '无法读取 PDF 文件：文件设有打开密码。请上传不带密码的副本。');
    throw new IntakeError(422, `无法读取 PDF 文件：文件已损坏或不是 PDF（${reason(e)}）。`);
  }
  try {
    const pages: Line[][] = [];
    for (let p = 1; p <= pdf.numPages; p++) {
      const page = await pdf.getPage(p);
      const content = await page.getTextContent();
      pages.push(toLines(content.items.filter((it) => 'str' in it) as unknown as TextRun[]));
      page.cleanup();
    }
    const lines = pages.flatMap((ls) => ls.filter((l) => !PAGE_NUMBER.test(l.text)));
    if (!lines.some((l) => l.text.trim().length > 0)) throw new NoTextLayerError(pdf.numPages);
    return joinParagraphs(lines);
  } catch (e) {
    if (e instanceof IntakeError) throw e;
    throw new IntakeError(422, `无法读取 PDF 文件：${reason(e)}。`);
  } finally {
    await pdf.destroy();
  }
}

function toLines(runs: TextRun[]): Line[] {
  const lines: Line[] = [];
  let cur: Line | undefined;
  let breakNext = false;
  for (const r of runs) {
    if (r.str.length > 0) {
      const x = r.transform[4];
      const y = r.transform[5];
      const h = r.height || Math.abs(r.transform[3]) || 10;
      if (cur && !breakNext && Math.abs(y - cur.y) <= h * 0.5) {
        const gap = x - cur.x1;
        const prev = cur.text[cur.text.length - 1] ?? '';
        // Runs of one line may be split anywhere; a visible gap is a space only between non-CJK text.
        if (gap > h * 0.25 && !/\s$/.test(cur.text) && !/^\s/.test(r.str) && !(CJK.test(prev) || CJK.test(r.str[0])))
          cur.text += ' ';
        cur.text += r.str;
        cur.x1 = Math.max(cur.x1, x + r.width);
      } else if (r.str.trim()) {
        cur = { text: r.str, x0: x, x1: x + r.width, y, h };
        lines.push(cur);
      }
      breakNext = false;
    }
    if (r.hasEOL) breakNext = true;
  }
  for (const l of lines) l.text = l.text.trim();
  return lines.filter((l) => l.text.length > 0);
}

/** Rejoins positioned lines of printed pages into paragraphs (shared with the OFD extractor). */
export function joinParagraphs(lines: Line[]): string {
  const left = Math.min(...lines.map((l) => l.x0));
  const right = Math.max(...lines.map((l) => l.x1));
  const out: string[] = [];
  let para = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    para += line.text;
    const next = lines[i + 1];
    if (!next || !continues(line, next, left, right)) {
      out.push(para);
      para = '';
    }
  }
  return out.join('\n');
}

function continues(line: Line, next: Line, left: number, right: number): boolean {
  if (next.x0 > left + next.h * 0.8) return false; // indented: a new paragraph
  const endsSentence = SENTENCE_END.test(line.text);
  if (line.x1 >= right - line.h * 1.5) return !(endsSentence && HEADING_START.test(next.text));
  // Line breaking keeps numbers and quotes together, so a wrapped line can stop a few characters short of the
  // margin; it still continues when it is most of a line, ends mid-sentence and is not a heading of its own.
  return (
    !endsSentence &&
    line.x1 - line.x0 >= (right - left) * 0.6 &&
    !(line.x0 <= left + line.h * 0.8 && HEADING_START.test(line.text) && line.x1 < right - line.h * 6)
  );
}

function reason(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 160);
}

/**
 * Report-closing furniture: the signature, the date, 附件/抄送/印发 lines, 联系人/联系电话 and page numbers
 * ("— 3 —", "-3-", "第3页"). They close a report (or sit between its pages) and belong to no section: a
 * signature under the plan part is not an arrangement, a date is not a measure.
 */
import type { Sentences } from './sentences';

// a page number alone on a line: — 3 —, - 3 -, －3－, 第3页, 3/12
const PAGE_NUMBER = /^(?:[-—–－─]+\s*\d{1,3}\s*[-—–－─]+|第\s*\d{1,3}\s*页(?:\s*[,，]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*\/\s*\d{1,3})$/;
// a date alone on a line: 2025年2月20日, 2025年2月, 2025-02-20, 二〇二五年二月二十日
const DATE_LINE = /^[(（]?(?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|(?:19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2}|[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}日)?)[)）]?$/;
// lines that only a closing block has
const CLOSING_LEAD = /^(?:附件|附表|抄送|抄报|印发|主送|联系人|联系电话|联系方式|电话|传真|邮编|地址|(?:[^\s:：]{2,30})?办公室\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发)/;
const ATTACHMENT_LEAD = /^(?:附件|附表|抄送|抄报)\s*[:：\d一二三四五六七八九十]/;
// a signature: a short line that is only an organisation's name
const SIGNATURE = /^[^\s，,。；;：:！？]{2,30}(?:人民政府|政府|办事处|委员会|局|厅|委|办公室|办|镇|乡|街道|中心|司法所|管委会|公司)(?:[(（]?(?:代章|印章|盖章)[)）]?)?$/;

export function isFurnitureLine(line: string): boolean {
  const s = line.replace(/\s+/g, ' ').trim();
  if (!s) return false;
  return PAGE_NUMBER.test(s) || DATE_LINE.test(s) || (s.length <= 60 && CLOSING_LEAD.test(s)) || SIGNATURE.test(s);
}

/**
 * Sentence indices that are furniture: page numbers anywhere, and the closing block — furniture lines read
 * backwards from the end of the text, plus everything from a closing 附件/抄送/印发 line in that block on.
 */
export function furnitureSentences(text: string, sentences: Sentences): number[] {
  const out: number[] = [];
  const lines = new SentenceLines(text, sentences);
  const lineOf = (k: number) => lines.around(k);
  for (let k = 0; k < sentences.count; k++) if (PAGE_NUMBER.test(lineOf(k))) out.push(k);
  const tail = Math.floor(text.length * 0.8);
  const attachmentLead = (q: number) => ATTACHMENT_LEAD.test(lineOf(q)) && sentences.start[q] === lines.start(q);
  let k = sentences.count - 1;
  for (;;) {
    while (k >= 0 && isFurnitureLine(lineOf(k))) out.push(k--);
    // an attachment after the signature ends the report too: from its 附件/抄送 line on, nothing is the report's
    let q = k;
    while (q >= 0 && sentences.start[q] >= tail && !attachmentLead(q)) q--;
    if (q < 0 || sentences.start[q] < tail) break;
    for (let r = q; r <= k; r++) out.push(r);
    k = q - 1;
  }
  return [...new Set(out)].sort((p, q) => p - q);
}

/**
 * The line each sentence stands on. Line breaks are found once, by binary search over their positions: walking
 * back to the previous break from every sentence was quadratic in a report that is one long paragraph.
 */
class SentenceLines {
  private readonly breaks: number[] = [];
  private readonly lines: Array<string | undefined>;

  constructor(
    private readonly text: string,
    private readonly sentences: Sentences,
  ) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.breaks.push(i);
    this.lines = new Array(sentences.count);
  }

  /** Where sentence k's line starts, past its leading white space (never past the sentence's start). */
  start(k: number): number {
    const pos = this.sentences.start[k];
    const before = this.firstBreakAtOrAfter(pos) - 1;
    let s = before >= 0 ? this.breaks[before] + 1 : 0;
    while (s < pos && /\s/.test(this.text[s])) s++;
    return s;
  }

  /** The whole line a sentence stands on, when the sentence is that line; else the sentence itself. */
  around(k: number): string {
    const cached = this.lines[k];
    if (cached !== undefined) return cached;
    const start = this.sentences.start[k];
    const end = this.sentences.end[k];
    const after = this.firstBreakAtOrAfter(end);
    const lineEnd = after < this.breaks.length ? this.breaks[after] : this.text.length;
    const line = (this.start(k) === start ? this.text.slice(start, lineEnd) : this.text.slice(start, end)).trim();
    this.lines[k] = line;
    return line;
  }

  /** The index in `breaks` of the first line break at or after pos (breaks.length when none). */
  private firstBreakAtOrAfter(pos: number): number {
    let lo = 0;
    let hi = this.breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.breaks[mid] < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * Section tree from the numbering conventions of Chinese official documents, on the NORMALISED text
 * (half-width brackets and punctuation, see normalise.ts).
 *
 * Levels: `一、` = 1, `(一)` = 2, `1.` / `1、` = 3, `一是` / `第一,` = 4.
 * A marker at the start of a line is a heading. A marker inside a line (a report pasted as one paragraph, or
 * an "一是…二是…" run) counts only after sentence-ending punctuation or a whitespace gap, and only when its
 * number continues the sequence at that level (二 after 一, (三) after (二)); `一是` / `第一` may start a new
 * run anywhere. `(四推进…` — an opening bracket whose closing bracket was forgotten — counts when 四 is the
 * expected next number and no `)` closes it in the same sentence.
 *
 * Heading text runs from after the marker (and any spaces) to the first `。!?;`, whitespace or line end,
 * capped at HEADING_MAX characters; `normalised.slice(start, headingEnd) === marker + heading` (plus any
 * spaces skipped after the marker).
 *
 * Label headings (`addLabelHeadings`): many township and department reports name their parts without numbers —
 * "存在的问题：", "二〇二五年工作安排：", "下一步工作打算" or "主要成效" on a line of its own or leading into the
 * first point. Which words make a label is the caller's (the rubric's section roles), not this file's: a label
 * is a short phrase with no punctuation that starts (after a year) or ends with one of them, standing alone on
 * its line or followed by a colon. A label closes the label before it and any 一是 run; it nests under the
 * numbered part it is written in.
 */
import type { Section } from './intake.types';

export const HEADING_MAX = 80;

const NUM = '[一二三四五六七八九十]{1,3}';
// Groups: 1 = 一、 ; 2,3 = (一) with 3 = ')' or '' ; 4 = 1. / 1、 ; 5 = 一是 ; 6 = 第一
const MARKER = new RegExp(
  `(${NUM})、|\\((${NUM})(\\)|(?=[^\\s)一二三四五六七八九十]))|(\\d{1,2})[.、](?!\\d)|(${NUM})是|第(${NUM})(?=[,、:])`,
  'g',
);
const INLINE_BEFORE = /[。!?;:\s]/;
const HEADING_STOP = /[。!?;\s]/;

const DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** Chinese numeral 1–99 (一 … 十 … 九十九) → number, or 0 when malformed. */
export function chineseNumeral(s: string): number {
  if (s.length === 1) return s === '十' ? 10 : (DIGITS[s] ?? 0);
  const t = s.indexOf('十');
  if (t < 0 || s.indexOf('十', t + 1) >= 0) return 0;
  const tens = t === 0 ? 1 : (DIGITS[s.slice(0, t)] ?? 0);
  const unit = t === s.length - 1 ? 0 : (DIGITS[s.slice(t + 1)] ?? 0);
  if (!tens || (t < s.length - 1 && !unit) || t > 1 || s.length - t > 2) return 0;
  return tens * 10 + unit;
}

interface Candidate {
  start: number;
  markerEnd: number;
  marker: string;
  level: number;
  ordinal: number;
  inline: boolean;
  /** label headings: where the label ends (after its colon); their level is set by where they stand */
  labelEnd?: number;
}

export function detectSections(normalised: string): Section[] {
  const text = normalised;
  const accepted: Candidate[] = [];
  const last = [0, 0, 0, 0, 0];
  MARKER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = MARKER.exec(text)) !== null) {
    const start = m.index;
    const before = start === 0 ? '\n' : text[start - 1];
    const lineStart = before === '\n';
    if (!lineStart && !INLINE_BEFORE.test(before)) continue;
    let level: number;
    let ordinal: number;
    let openBracket = false;
    if (m[1] !== undefined) {
      level = 1;
      ordinal = chineseNumeral(m[1]);
    } else if (m[2] !== undefined) {
      level = 2;
      ordinal = chineseNumeral(m[2]);
      openBracket = m[3] === '';
    } else if (m[4] !== undefined) {
      level = 3;
      ordinal = parseInt(m[4], 10);
    } else {
      level = 4;
      ordinal = chineseNumeral(m[5] ?? m[6]);
    }
    if (ordinal <= 0) continue;
    const expected = ordinal === last[level] + 1;
    if (openBracket && (!expected || closesInSentence(text, start + m[0].length))) continue;
    if (!lineStart && !expected && !(level === 4 && ordinal === 1)) continue;
    accepted.push({ start, markerEnd: start + m[0].length, marker: m[0], level, ordinal, inline: !lineStart });
    last[level] = ordinal;
    for (let l = level + 1; l <= 4; l++) last[l] = 0;
  }
  return buildTree(text, accepted);
}

function closesInSentence(text: string, from: number): boolean {
  for (let i = from; i < text.length && i < from + HEADING_MAX; i++) {
    const c = text[i];
    if (c === ')') return true;
    if (c === '(' || c === '。' || c === '\n') return false;
  }
  return false;
}

function buildTree(text: string, cands: Candidate[]): Section[] {
  const roots: Section[] = [];
  const stack: Section[] = [];
  const close = (s: Section, at: number) => {
    s.end = trimEnd(text, at, s.headingEnd);
  };
  for (let k = 0; k < cands.length; k++) {
    const c = cands[k];
    let section: Section;
    if (c.labelEnd !== undefined) {
      while (stack.length && (stack[stack.length - 1].label || stack[stack.length - 1].level >= 4)) close(stack.pop()!, c.start);
      section = labelSection(text, c, stack.length ? stack[stack.length - 1].level + 1 : 1);
    } else {
      section = numberedSection(text, c, k + 1 < cands.length ? cands[k + 1].start : text.length);
      while (stack.length && stack[stack.length - 1].level >= c.level) close(stack.pop()!, c.start);
    }
    (stack.length ? stack[stack.length - 1].children : roots).push(section);
    stack.push(section);
  }
  while (stack.length) close(stack.pop()!, text.length);
  return roots;
}

function numberedSection(text: string, c: Candidate, next: number): Section {
  const limit = Math.min(next, c.markerEnd + 1 + HEADING_MAX);
  let h = c.markerEnd;
  while (h < limit && text[h] === ' ') h++;
  const headingStart = h;
  while (h < limit && h - headingStart < HEADING_MAX && !HEADING_STOP.test(text[h])) h++;
  return {
    heading: text.slice(headingStart, h),
    marker: c.marker,
    level: c.level,
    ordinal: c.ordinal,
    inline: c.inline,
    start: c.start,
    headingEnd: h,
    end: text.length,
    children: [],
  };
}

function labelSection(text: string, c: Candidate, level: number): Section {
  const heading = text.slice(c.start, c.labelEnd).replace(/[:\s]+$/, '');
  return { heading, marker: '', label: true, level, inline: c.inline, start: c.start, headingEnd: c.labelEnd!, end: text.length, children: [] };
}

/** Longest label phrase: "二〇二五年工作安排" is 9, "存在的问题及下一步工作打算" 13. */
export const LABEL_MAX = 16;
// what may end the sentence before a label, and what ends a label's phrase (char codes: a RegExp per character
// of every report was most of this step's time)
const LABEL_BEFORE = new Set([...'。!?;\n'].map((c) => c.charCodeAt(0)));
const LABEL_STOP = new Set([...':\n。!?;,'].map((c) => c.charCodeAt(0)));
const LABEL_LEAD = /^(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年度?/;

/**
 * The section tree with label headings added: `labels` are the words that make a label (the rubric's section-role
 * words). A label stands at a line start, or after a sentence end when a colon follows it (a report pasted as one
 * paragraph); text inside a numbered heading is never a label.
 */
export function addLabelHeadings(normalised: string, sections: readonly Section[], labels: readonly string[]): Section[] {
  const words = labelIndex(labels);
  if (!words.count) return sections as Section[];
  const numbered = flattenSections(sections as Section[]);
  const cands: Candidate[] = numbered.map((s) => ({
    start: s.start,
    markerEnd: s.start + s.marker.length,
    marker: s.marker,
    level: s.level,
    ordinal: s.ordinal ?? 0,
    inline: s.inline ?? false,
    ...(s.label ? { labelEnd: s.headingEnd } : {}),
  }));
  const inHeading = (pos: number) => numbered.some((s) => s.start <= pos && pos < s.headingEnd);
  const text = normalised;
  const starts = new Set(cands.map((c) => c.start));
  let added = false;
  for (let i = 0; i < text.length; i++) {
    if (i > 0 && !LABEL_BEFORE.has(text.charCodeAt(i - 1))) continue;
    let start = i;
    while (start < text.length && (text[start] === ' ' || text[start] === '\t')) start++;
    const lineStart = i === 0 || text[i - 1] === '\n';
    const end = labelEnd(text, start, lineStart, words);
    if (end < 0 || inHeading(start) || starts.has(start)) continue;
    cands.push({ start, markerEnd: start, marker: '', level: 0, ordinal: 0, inline: !lineStart, labelEnd: end });
    starts.add(start);
    added = true;
  }
  if (!added) return sections as Section[];
  cands.sort((a, b) => a.start - b.start);
  return buildTree(text, cands);
}

/** Label words by their first and by their last character: a phrase is compared only with words it could match. */
interface LabelIndex {
  count: number;
  byFirst: Map<string, string[]>;
  byLast: Map<string, string[]>;
}

const labelIndexes = new WeakMap<readonly string[], LabelIndex>();

function labelIndex(labels: readonly string[]): LabelIndex {
  let index = labelIndexes.get(labels);
  if (index) return index;
  index = { count: 0, byFirst: new Map(), byLast: new Map() };
  for (const word of labels) {
    if (!word) continue;
    index.count++;
    for (const [map, key] of [[index.byFirst, word[0]], [index.byLast, word[word.length - 1]]] as const) {
      const list = map.get(key);
      if (list) list.push(word);
      else map.set(key, [word]);
    }
  }
  labelIndexes.set(labels, index);
  return index;
}

/** End of a label starting at `start` (after its colon), or -1 when the text there is not a label. */
function labelEnd(text: string, start: number, lineStart: boolean, words: LabelIndex): number {
  let j = start;
  while (j < text.length && j - start <= LABEL_MAX && !LABEL_STOP.has(text.charCodeAt(j))) j++;
  const phrase = text.slice(start, j).trim();
  if (!phrase || phrase.length > LABEL_MAX) return -1;
  const colon = text[j] === ':';
  if (!colon && !(lineStart && (j >= text.length || text[j] === '\n'))) return -1;
  const bare = phrase.replace(LABEL_LEAD, '');
  const starts = (words.byFirst.get(bare[0]) ?? []).some((w) => bare.startsWith(w));
  if (!starts && !(words.byLast.get(phrase[phrase.length - 1]) ?? []).some((w) => phrase.endsWith(w))) return -1;
  return colon ? j + 1 : j;
}

function trimEnd(text: string, at: number, floor: number): number {
  while (at > floor && (text[at - 1] === '\n' || text[at - 1] === ' ')) at--;
  return at;
}

/** Depth-first list of all sections, in document order. */
export function flattenSections(sections: Section[]): Section[] {
  const out: Section[] = [];
  const walk = (list: Section[]) => {
    for (const s of list) {
      out.push(s);
      walk(s.children);
    }
  };
  walk(sections);
  return out;
}

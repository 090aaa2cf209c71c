/**
 * Sentences of the normalised text: the unit evidence is quoted in. An auditor checking a score wants the
 * sentence that shows the measure, not a paragraph (report paragraphs often run 300+ characters).
 */
import type { Section } from '../../intake/intake.types';

export interface Sentences {
  count: number;
  /** half-open spans into the normalised text, whitespace trimmed, in text order */
  start: Int32Array;
  end: Int32Array;
  /** 1 when the sentence is (part of) a section heading */
  heading: Uint8Array;
}

// 。！？；and their half-width forms end a sentence; so does a line break, because headings and list items in
// extracted reports are separate lines without a full stop.
function isTerminator(code: number): boolean {
  return (
    code === 0x3002 || // 。
    code === 0xff01 || // ！
    code === 0xff1f || // ？
    code === 0xff1b || // ；
    code === 0x21 || // !
    code === 0x3f || // ?
    code === 0x3b // ;
  );
}

function isBreak(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x3000 || code === 0xa0 || isBreak(code) || code === 0x0b || code === 0x0c;
}

export function flattenSections(sections: readonly Section[]): Section[] {
  const out: Section[] = [];
  const walk = (list: readonly Section[]) => {
    for (const s of list) {
      out.push(s);
      if (s.children?.length) walk(s.children);
    }
  };
  walk(sections);
  return out;
}

/**
 * Headings are their own sentence even when written inline ("(一)坚定政治立场,加强党的领导。坚持…" or
 * "一是深入学习…"), so section start and heading end are cut points too.
 */
export function splitSentences(text: string, sections: readonly Section[] = []): Sentences {
  const flat = flattenSections(sections);
  const cuts: number[] = [];
  const headingSpans: Array<[number, number]> = [];
  for (const s of flat) {
    // "一是…" / "第一，…" (level 4) open an enumerated sentence, not a heading: in problem lists the whole
    // problem is written that way ("一是法治牵头抓总能力还不够，…。"), so it is content like any sentence.
    if (s.level >= 4 && !s.label) continue;
    cuts.push(s.start, s.headingEnd);
    if (s.headingEnd > s.start) headingSpans.push([s.start, s.headingEnd]);
  }
  cuts.sort((a, b) => a - b);

  const starts: number[] = [];
  const ends: number[] = [];
  const n = text.length;
  let cutIdx = 0;
  let segStart = 0;
  const push = (a: number, b: number) => {
    while (a < b && isSpace(text.charCodeAt(a))) a++;
    while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
    if (b > a) {
      starts.push(a);
      ends.push(b);
    }
  };
  for (let i = 0; i < n; i++) {
    while (cutIdx < cuts.length && cuts[cutIdx] < i) cutIdx++;
    if (cutIdx < cuts.length && cuts[cutIdx] === i && i > segStart) {
      push(segStart, i);
      segStart = i;
    }
    const code = text.charCodeAt(i);
    if (isBreak(code)) {
      push(segStart, i);
      segStart = i + 1;
    } else if (isTerminator(code)) {
      // keep closing quotes/brackets that follow the full stop inside the sentence: …”。 or 。”
      let j = i + 1;
      while (j < n && isClosing(text.charCodeAt(j))) j++;
      push(segStart, j);
      segStart = j;
      i = j - 1;
    }
  }
  push(segStart, n);

  const count = starts.length;
  const heading = new Uint8Array(count);
  headingSpans.sort((a, b) => a[0] - b[0]);
  let k = 0;
  for (const [hs, he] of headingSpans) {
    while (k > 0 && starts[k - 1] >= hs) k--; // spans may nest or touch: step back to the first candidate
    while (k < count && starts[k] < hs) k++;
    for (let q = k; q < count && starts[q] <= he; q++) if (ends[q] <= he + 1) heading[q] = 1;
  }
  return { count, start: Int32Array.from(starts), end: Int32Array.from(ends), heading };
}

function isClosing(code: number): boolean {
  return code === 0x201d || code === 0x2019 || code === 0x22 || code === 0x27 || code === 0x300d || code === 0x300f || code === 0x29 || code === 0xff09;
}

/** Index of the sentence containing (or, in inter-sentence whitespace, preceding) position `pos`; -1 before the first. */
export function sentenceAt(sentences: Sentences, pos: number): number {
  const s = sentences.start;
  let lo = 0;
  let hi = sentences.count - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (s[mid] <= pos) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

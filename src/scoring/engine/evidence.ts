/** Evidence: sentence indices turned into exact quotes of the original text. */
import { mapSpan } from '../../intake/intake.types';
import type { Analysis } from './analysis';
import type { Evidence } from './score-card.types';

export const MAX_QUOTE = 160;

export function toEvidence(a: Analysis, ev: number[] | Evidence[]): Evidence[] {
  const out: Evidence[] = [];
  const seen = new Set<number>();
  for (const e of ev) {
    if (typeof e !== 'number') {
      out.push(e);
      continue;
    }
    if (e < 0 || e >= a.sentences.count || seen.has(e)) continue;
    seen.add(e);
    const span = quoteSpan(a, e);
    if (span) out.push(span);
  }
  return out;
}

/** A sentence as it stands in the original text; long run-on sentences are cut to a window. */
export function quoteSpan(a: Analysis, si: number): Evidence | null {
  const s = a.sentences.start[si];
  let e = a.sentences.end[si];
  if (e - s > MAX_QUOTE) {
    // a run-on sentence (reports chain clauses with commas for 300+ characters) is cut at a clause boundary
    const cut = Math.max(a.text.lastIndexOf(',', s + MAX_QUOTE), a.text.lastIndexOf('，', s + MAX_QUOTE), a.text.lastIndexOf('、', s + MAX_QUOTE));
    e = cut > s + MAX_QUOTE / 2 ? cut : s + MAX_QUOTE;
  }
  if (e <= s) return null;
  let [os, oe] = mapSpan(a.report.toOriginal, s, e);
  const orig = a.report.original;
  while (os < oe && /\s/.test(orig[os])) os++;
  while (oe > os && /\s/.test(orig[oe - 1])) oe--;
  if (oe <= os) return null;
  // never split a surrogate pair at the edges
  if (isLowSurrogate(orig.charCodeAt(os))) os++;
  if (oe < orig.length && isLowSurrogate(orig.charCodeAt(oe))) oe++;
  return { quote: orig.slice(os, oe), start: os, end: oe };
}

export function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

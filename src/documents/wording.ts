/** How the documents write numbers, ordinals, severities and grade bands in Chinese. */
import type { RubricDefinition } from '../rubric/rubric.types';
import type { GapSeverity } from '../scoring/engine/score-card.types';

export const SEVERITY_LABEL: Record<GapSeverity, string> = { high: '重要', medium: '一般', low: '轻微' };

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 12 → 十二, 23 → 二十三 (enough for headings and gap lists) */
export function cnOrdinal(n: number): string {
  if (n < 10) return DIGITS[n];
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`;
  return String(n);
}

/** one decimal, as cards give totals; integers stay integers */
export function score1(x: number): string {
  const r = Math.round(x * 10) / 10;
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}

export function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

const MAX_QUOTE = 120;

/** a passage on one line, cut at MAX_QUOTE characters */
export function quoteOf(text: string): string {
  const flat = text.replace(/\s+/g, '');
  return flat.length > MAX_QUOTE ? `${flat.slice(0, MAX_QUOTE)}……` : flat;
}

/** "评估结果分为四个等次：优秀（80分及以上）、良好（65分至80分以下）……" from the rubric's bands */
export function bandsSentence(rubric: RubricDefinition): string {
  const bands = [...rubric.grades].sort((a, b) => b.min - a.min);
  const parts = bands.map((b, i) => {
    const upper = i === 0 ? null : bands[i - 1].min;
    if (upper === null) return `${b.grade}（${b.min}分及以上）`;
    if (b.min === 0) return `${b.grade}（${upper}分以下）`;
    return `${b.grade}（${b.min}分至${upper}分以下）`;
  });
  return `评估结果分为${cnOrdinal(bands.length)}个等次：${parts.join('、')}。`;
}

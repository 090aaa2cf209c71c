/** Chinese numerals for part numbers: an outline may have any number of parts. */
const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const UNITS = ['', '十', '百', '千'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五: the numbering of an outline's parts, for any count. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0) return String(n);
  if (n === 0) return DIGITS[0];
  if (n >= 10000) return String(n);
  const digits = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  digits.forEach((d, i) => {
    const unit = UNITS[digits.length - 1 - i];
    if (d === 0) {
      zero = out.length > 0;
      return;
    }
    if (zero) out += DIGITS[0];
    zero = false;
    out += (d === 1 && unit === '十' && i === 0 ? '' : DIGITS[d]) + unit;
  });
  return out;
}

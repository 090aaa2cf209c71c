/**
 * Figures: a number with a measure word or a percentage — what supervisors mean by "用数据说话".
 * A bare number is not a figure: years (2024年), dates, document numbers (〔2021〕33号) and slogans ("1310")
 * say nothing about results, so a unit is required and 年/月/日/号 are not units.
 */
const UNIT =
  '(?:人次|学时|课时|小时|平方米|公里|件|宗|次|个|人|家|项|部|场|期|篇|元|户|名|天|份|条|批|所|起|类|位|座|处|支|套|台|辆|吨|亩|册|本|倍|万|亿)';
// 9万余宗, 1500余场, 7021(件/次), 22.1%, 100%
const FIGURE_SOURCE = `\\d+(?:\\.\\d+)?\\s*(?:[%‰％]|(?:[余多])?(?:[万亿千百])?(?:[余多])?\\s*[(（]?${UNIT})`;

export function figureRegExp(): RegExp {
  return new RegExp(FIGURE_SOURCE, 'g');
}

const FIGURE_ONCE = new RegExp(FIGURE_SOURCE);

export function hasFigure(text: string): boolean {
  return FIGURE_ONCE.test(text);
}

/** Start positions of every figure in the text, in order. */
export function findFigures(text: string): number[] {
  const re = figureRegExp();
  const out: number[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    // a digit run glued to a preceding digit or letter is part of a code (GB/T 123, No.12), not a result
    const prev = m.index > 0 ? text.charCodeAt(m.index - 1) : 0;
    if (!((prev >= 0x30 && prev <= 0x39) || (prev >= 0x41 && prev <= 0x5a) || (prev >= 0x61 && prev <= 0x7a) || prev === 0x2e)) {
      out.push(m.index);
    }
  }
  return out;
}

/**
 * Word's automatic list labels (一、 （一） 1. …) from numbering.xml, which mammoth and word-extractor drop.
 *
 * Word keeps one counter set per abstract list: several w:num may share it (LibreOffice splits a list that
 * way) and then continue each other's numbering, unless a w:num overrides a level's start, which restarts it.
 * A level restarts whenever a higher level advances (or as w:lvlRestart says). Paragraphs get their list from
 * w:numPr on the paragraph or on its style (following w:basedOn).
 */
export type XmlNode = Record<string, unknown>;

interface Level {
  start: number;
  numFmt: string;
  lvlText: string;
  restartAfter?: number; // w:lvlRestart: 0 = never; n = when level n-1 (0-based) or higher advances
  isLgl: boolean;
}

interface NumDef {
  abstractId: string;
  startOverrides: Map<number, number>;
  levels: Map<number, Level>; // w:lvlOverride/w:lvl replaces the abstract level
}

export interface NumPr {
  numId: string;
  ilvl?: number;
}

export interface StyleNumbering {
  numPr?: Partial<NumPr>;
  basedOn?: string;
}

/** Child elements named `name` of a preserveOrder node list. */
export function children(nodes: unknown, name: string): XmlNode[] {
  if (!Array.isArray(nodes)) return [];
  return (nodes as XmlNode[]).filter((n) => name in n);
}
export const child = (nodes: unknown, name: string): XmlNode | undefined => children(nodes, name)[0];
export const kids = (node: XmlNode | undefined, name: string): unknown => (node ? node[name] : undefined);
export const attr = (node: XmlNode | undefined, name: string): string | undefined => {
  const a = node?.[':@'] as Record<string, string> | undefined;
  return a?.[`@_${name}`];
};
/** Value of `<name w:val="…"/>` among a node list. */
export const val = (nodes: unknown, name: string): string | undefined => attr(child(nodes, name), 'val');

function readLevel(lvl: XmlNode): Level {
  const k = kids(lvl, 'lvl');
  const restart = val(k, 'lvlRestart');
  return {
    start: parseInt(val(k, 'start') ?? '1', 10) || 0,
    numFmt: val(k, 'numFmt') ?? 'decimal',
    lvlText: val(k, 'lvlText') ?? '',
    restartAfter: restart === undefined ? undefined : parseInt(restart, 10),
    isLgl: child(k, 'isLgl') !== undefined && val(k, 'isLgl') !== '0' && val(k, 'isLgl') !== 'false',
  };
}

export class Numbering {
  private readonly abstracts = new Map<string, Map<number, Level>>();
  private readonly nums = new Map<string, NumDef>();
  private readonly counters = new Map<string, Array<number | undefined>>();
  private readonly usedNums = new Set<string>();

  /** `root` is numbering.xml parsed with preserveOrder and namespace prefixes removed. */
  constructor(root: unknown, private readonly styles = new Map<string, StyleNumbering>()) {
    const numbering = kids(child(root, 'numbering'), 'numbering');
    for (const a of children(numbering, 'abstractNum')) {
      const levels = new Map<number, Level>();
      for (const l of children(kids(a, 'abstractNum'), 'lvl')) levels.set(parseInt(attr(l, 'ilvl') ?? '0', 10), readLevel(l));
      this.abstracts.set(attr(a, 'abstractNumId') ?? '', levels);
    }
    for (const n of children(numbering, 'num')) {
      const k = kids(n, 'num');
      const def: NumDef = { abstractId: val(k, 'abstractNumId') ?? '', startOverrides: new Map(), levels: new Map() };
      for (const o of children(k, 'lvlOverride')) {
        const ilvl = parseInt(attr(o, 'ilvl') ?? '0', 10);
        const so = val(kids(o, 'lvlOverride'), 'startOverride');
        if (so !== undefined) def.startOverrides.set(ilvl, parseInt(so, 10));
        const lvl = child(kids(o, 'lvlOverride'), 'lvl');
        if (lvl) def.levels.set(ilvl, readLevel(lvl));
      }
      this.nums.set(attr(n, 'numId') ?? '', def);
    }
  }

  /** The numPr that applies to a paragraph: its own, else its style's (and the styles it is based on). */
  resolve(own: Partial<NumPr> | undefined, styleId: string | undefined): NumPr | undefined {
    let numId = own?.numId;
    let ilvl = own?.ilvl;
    const seen = new Set<string>();
    for (let s = styleId; s && !seen.has(s) && (numId === undefined || ilvl === undefined); s = this.styles.get(s)?.basedOn) {
      seen.add(s);
      const pr = this.styles.get(s)?.numPr;
      numId ??= pr?.numId;
      ilvl ??= pr?.ilvl;
    }
    if (numId === undefined || numId === '0') return undefined;
    return { numId, ilvl: ilvl ?? 0 };
  }

  /** Advances the list and returns the label as printed ('' for bullets, unknown lists and `none`). */
  next(pr: NumPr): string {
    const def = this.nums.get(pr.numId);
    if (!def) return '';
    const ilvl = Math.max(0, Math.min(8, pr.ilvl ?? 0));
    const level = (i: number): Level | undefined => def.levels.get(i) ?? this.abstracts.get(def.abstractId)?.get(i);
    const lvl = level(ilvl);
    if (!lvl) return '';
    let counters = this.counters.get(def.abstractId);
    if (!counters) this.counters.set(def.abstractId, (counters = []));
    if (!this.usedNums.has(pr.numId)) {
      this.usedNums.add(pr.numId);
      for (const i of def.startOverrides.keys()) counters[i] = undefined;
    }
    counters[ilvl] = counters[ilvl] === undefined ? (def.startOverrides.get(ilvl) ?? lvl.start) : counters[ilvl]! + 1;
    for (let d = ilvl + 1; d < 9; d++) {
      const r = level(d)?.restartAfter;
      if (r === undefined || (r !== 0 && ilvl < r)) counters[d] = undefined;
    }
    if (lvl.numFmt === 'bullet' || lvl.numFmt === 'none') return '';
    return lvl.lvlText.replace(/%([1-9])/g, (_, k: string) => {
      const i = parseInt(k, 10) - 1;
      const l = level(i);
      const n = counters[i] ?? def.startOverrides.get(i) ?? l?.start ?? 1;
      return formatNumber(n, i === ilvl || !lvl.isLgl ? (l?.numFmt ?? 'decimal') : 'decimal');
    });
  }
}

const DIGITS = '〇一二三四五六七八九';
const LEGAL = '零壹贰叁肆伍陆柒捌玖';
const TIANGAN = '甲乙丙丁戊己庚辛壬癸';
const DIZHI = '子丑寅卯辰巳午未申酉戌亥';
const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

/** 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一, 105 → 一百零五 (as Word prints chineseCounting). */
export function chineseCounting(n: number, digits = DIGITS, ten = '十', hundred = '百'): string {
  if (n <= 0) return digits[0];
  if (n >= 1000) return String(n);
  const h = Math.floor(n / 100);
  const t = Math.floor((n % 100) / 10);
  const u = n % 10;
  let s = h ? digits[h] + hundred : '';
  if (t) s += (t === 1 && !h && digits === DIGITS ? '' : digits[t]) + ten;
  else if (h && u) s += digits[0];
  if (u) s += digits[u];
  return s;
}

function roman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n);
  const table: Array<[number, string]> = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let s = '';
  for (const [v, r] of table) while (n >= v) (s += r), (n -= v);
  return s;
}

function letters(n: number): string {
  if (n <= 0) return String(n);
  const c = String.fromCharCode(65 + ((n - 1) % 26));
  return c.repeat(Math.floor((n - 1) / 26) + 1);
}

export function formatNumber(n: number, numFmt: string): string {
  switch (numFmt) {
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
      return chineseCounting(n);
    case 'chineseLegalSimplified':
      return chineseCounting(n, LEGAL, '拾', '佰');
    case 'ideographTraditional':
      return TIANGAN[(n - 1) % 10] ?? String(n);
    case 'ideographZodiac':
      return DIZHI[(n - 1) % 12] ?? String(n);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return CIRCLED[n - 1] ?? String(n);
    case 'decimalZero':
      return n < 10 ? `0${n}` : String(n);
    case 'decimalFullWidth':
      return String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + parseInt(d, 10)));
    case 'upperRoman':
      return roman(n);
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'upperLetter':
      return letters(n);
    case 'lowerLetter':
      return letters(n).toLowerCase();
    default:
      return String(n);
  }
}

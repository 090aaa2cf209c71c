/**
 * Normalisation for matching, with an offset map back to the original text.
 *
 * Unified form (what the scoring engine matches against):
 * - traditional → simplified characters (OpenCC `t` → `cn`, characters only, position-aligned);
 * - full-width ASCII block U+FF01–U+FF5E → half-width: letters, digits and ASCII punctuation, so
 *   `，`→`,` `（）`→`()` `：`→`:` `；`→`;` `！`→`!` `？`→`?` `．`→`.` `％`→`%` `｜`→`|`;
 * - kept as written, because sentence splitting and quoting rely on them: `。` `、` `“”` `‘’` `《》` `【】` `—` `…` `·`;
 * - any run of spaces, tabs, NBSP, ideographic space and other Unicode spaces → one ASCII space; zero-width
 *   characters dropped; lines trimmed; `\r\n` / `\r` → `\n`; blank lines dropped;
 * - table pipes `|` are cell separators: a pipe counts as whitespace (so `| a | b |` → `a b`), and lines that
 *   are only table rules (`|---|:--|`) are dropped;
 * - short website-chrome lines (accessibility toolbars, font-size and share widgets, breadcrumbs, page
 *   date/source lines, footers with ICP备/公网安备, "相关附件/相关新闻" blocks) are dropped — see isJunkLine.
 *
 * Every normalised character is a single original UTF-16 unit (or `\n`, or a collapsed space) so the map is
 * exact: `toOriginal[i]` is the index in the original of normalised char i, and
 * `toOriginal[normalised.length] === original.length`.
 */
import type * as OpenCCModule from 'opencc-js';
import { fastT2cnConverter, type OpenccT2cnModule } from './opencc-fast';

type Convert = (text: string) => string;
let opencc: typeof OpenCCModule | undefined;
let converter: Convert | undefined;

/**
 * opencc-js's traditional → simplified build (110 KB, the same t2s dictionaries as its 1.2 MB full build),
 * required on first use: a simplified text never needs its converter (see mayConvert).
 */
function openccT2cn(): typeof OpenCCModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  opencc ??= require('opencc-js/t2cn') as typeof OpenCCModule;
  return opencc;
}

/**
 * The OpenCC t→cn converter, built once (dictionary setup costs ~150 ms): opencc-js's tries walked only where a
 * phrase may start (opencc-fast), the same output as opencc-js's own converter, which is kept when its
 * dictionaries are not shaped as that expects.
 */
export function toSimplifiedConverter(): Convert {
  converter ??= fastT2cnConverter(openccT2cn() as unknown as OpenccT2cnModule) ?? openccT2cn().Converter({ from: 't', to: 'cn' });
  return converter;
}

/**
 * The OpenCC t→cn dictionary keys whose replacement differs from them, each filed under one "anchor" code unit
 * of the key (the first that the replacement changes). The converter only ever changes text through such a
 * key, and it can only do so where the whole key occurs in the text, so text in which no such key occurs comes
 * out of the converter unchanged: a simplified report (most of them) then skips the dictionary walk. Anchoring
 * on a changed character (a traditional one, rare in simplified text) keeps the substring checks few.
 * Null when the dictionaries are not where this expects them: everything is converted then.
 */
interface ChangingKeys {
  isAnchor: Uint8Array;
  keys: Map<number, Array<{ key: string; offset: number }>>;
}
let changing: ChangingKeys | null | undefined;

function changingKeys(): ChangingKeys | null {
  if (changing !== undefined) return changing;
  const config = (openccT2cn() as unknown as { Locale?: { configs?: Record<string, unknown> } }).Locale?.configs?.t2s;
  if (!config || typeof config !== 'object') return (changing = null);
  const found: ChangingKeys = { isAnchor: new Uint8Array(65536), keys: new Map() };
  let entries = 0;
  const entry = (key: string, value: string) => {
    entries++;
    if (key === value || key.length === 0) return;
    let offset = 0;
    while (offset < key.length && offset < value.length && key.charCodeAt(offset) === value.charCodeAt(offset)) offset++;
    if (offset >= key.length) offset = 0;
    const unit = key.charCodeAt(offset);
    found.isAnchor[unit] = 1;
    const list = found.keys.get(unit) ?? [];
    list.push({ key, offset });
    found.keys.set(unit, list);
  };
  const visit = (node: unknown): void => {
    if (typeof node === 'string') {
      // a serialized dictionary, read as the converter's own loader reads it: "key value|key value"
      if (node.includes(' '))
        for (const line of node.split('|')) {
          const [key, value] = line.split(' ');
          if (typeof value === 'string') entry(key, value);
        }
    } else if (Array.isArray(node)) {
      if (node.length === 2 && typeof node[0] === 'string' && typeof node[1] === 'string' && !node[0].includes(' ') && !node[1].includes(' ')) entry(node[0], node[1]);
      else node.forEach(visit);
    } else if (node && typeof node === 'object') Object.values(node).forEach(visit);
  };
  visit(config);
  return (changing = entries > 0 ? found : null);
}

/** False only when the t→cn converter would return `text` unchanged (see changingKeys). */
export function mayConvert(text: string): boolean {
  const found = changingKeys();
  if (!found) return true;
  const { isAnchor, keys } = found;
  for (let i = 0; i < text.length; i++) {
    if (isAnchor[text.charCodeAt(i)] === 0) continue;
    for (const { key, offset } of keys.get(text.charCodeAt(i))!) if (i >= offset && text.startsWith(key, i - offset)) return true;
  }
  return false;
}

/**
 * Traditional → simplified, guaranteed to keep every character at its index. OpenCC works on phrases and a
 * phrase can, in principle, change length; such lines fall back to converting one code point at a time and
 * keeping any code point whose conversion changes length.
 */
export function toSimplifiedAligned(text: string): string {
  if (!mayConvert(text)) return text;
  const convert = toSimplifiedConverter();
  const whole = convert(text);
  if (whole.length === text.length && sameLineBreaks(whole, text)) return whole;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const converted = convert(line);
    if (converted.length === line.length) {
      lines[i] = converted;
      continue;
    }
    let out = '';
    for (const ch of line) {
      const c = convert(ch);
      out += c.length === ch.length ? c : ch;
    }
    lines[i] = out;
  }
  return lines.join('\n');
}

function sameLineBreaks(a: string, b: string): boolean {
  let i = -1;
  while ((i = b.indexOf('\n', i + 1)) !== -1) if (a.charCodeAt(i) !== 10) return false;
  return true;
}

// Character classes by code unit, one table lookup per character.
const enum K {
  Keep = 0,
  Space = 1,
  Drop = 2,
  Newline = 3,
}
const KIND = new Uint8Array(65536);
const FOLD = new Uint16Array(65536);
(() => {
  for (let c = 0; c < 65536; c++) FOLD[c] = c;
  for (let c = 0xff01; c <= 0xff5e; c++) FOLD[c] = c - 0xfee0;
  const spaces = [0x09, 0x0b, 0x0c, 0x20, 0xa0, 0x1680, 0x202f, 0x205f, 0x3000, 0x7c /* | */, 0xff5c /* ｜ */];
  for (let c = 0x2000; c <= 0x200a; c++) spaces.push(c);
  for (const c of spaces) KIND[c] = K.Space;
  for (const c of [0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x00ad]) KIND[c] = K.Drop;
  for (let c = 0; c < 0x20; c++) if (KIND[c] === K.Keep) KIND[c] = K.Drop;
  KIND[0x7f] = K.Drop;
  KIND[0x0a] = K.Newline;
  KIND[0x0d] = K.Newline;
  KIND[0x2028] = K.Newline;
  KIND[0x2029] = K.Newline;
})();

/** Folds one string the same way normaliseForMatching folds characters (conversion + width), no line logic. */
export function foldChars(text: string): string {
  const s = toSimplifiedAligned(text);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (KIND[c] === K.Drop) continue;
    out += KIND[c] === K.Space ? ' ' : String.fromCharCode(FOLD[c]);
  }
  return out;
}

export interface Normalised {
  normalised: string;
  toOriginal: Int32Array;
  /** the original converted to simplified, position for position (script detection reuses it) */
  simplified: string;
}

export function normaliseForMatching(original: string): Normalised {
  const conv = toSimplifiedAligned(original);
  const n = conv.length;
  const out = new Uint16Array(n + 1);
  const map = new Int32Array(n + 2);
  let len = 0;
  let lineStart = 0; // output index where the current line starts (after the preceding '\n')
  let pendingSpace = -1; // original index of a whitespace run waiting for a following character
  let i = 0;
  while (i <= n) {
    const c = i < n ? conv.charCodeAt(i) : 10;
    const kind = i < n ? KIND[c] : K.Newline;
    if (kind === K.Newline) {
      // End of a line: keep it only if it has content and is not website chrome.
      const lineLen = len - lineStart;
      if (lineLen === 0 || (lineLen <= JUNK_MAX_LEN && isJunkLine(decode(out, lineStart, len)))) {
        len = lineStart;
      } else if (i < n) {
        out[len] = 10;
        map[len] = i;
        len++;
        lineStart = len;
      } else {
        lineStart = len;
      }
      pendingSpace = -1;
      if (c === 13 && i + 1 < n && conv.charCodeAt(i + 1) === 10) i++;
      i++;
      continue;
    }
    if (kind === K.Space) {
      if (pendingSpace < 0 && len > lineStart) pendingSpace = i;
      i++;
      continue;
    }
    if (kind === K.Drop) {
      i++;
      continue;
    }
    if (pendingSpace >= 0) {
      out[len] = 32;
      map[len] = pendingSpace;
      len++;
      pendingSpace = -1;
    }
    out[len] = FOLD[c];
    map[len] = i;
    len++;
    i++;
  }
  // The loop appends '\n' only before a following line, but a dropped last line can leave one dangling.
  if (len > 0 && out[len - 1] === 10) len--;
  const toOriginal = new Int32Array(len + 1);
  toOriginal.set(map.subarray(0, len));
  toOriginal[len] = original.length;
  return { normalised: decode(out, 0, len), toOriginal, simplified: conv };
}

function decode(buf: Uint16Array, start: number, end: number): string {
  let s = '';
  for (let p = start; p < end; p += 8192) {
    s += String.fromCharCode.apply(null, buf.subarray(p, Math.min(end, p + 8192)) as unknown as number[]);
  }
  return s;
}

/** Lines longer than this are never treated as chrome: real content lines with the same words are long. */
export const JUNK_MAX_LEN = 100;

// Widget words that make up whole toolbar lines ("无障碍版 长者助手", "【字号: 大 中 小】 分享到: 打印 关闭").
const WIDGET_WORDS = new RegExp(
  [
    '无障碍(?:版|浏览|阅读)?',
    '长者(?:助手|模式|版)',
    '关怀版',
    '适老化',
    '读屏',
    '字号',
    '字体',
    '[大中小]',
    '默认',
    '分享到?',
    '打印(?:本页|此页|本文)?',
    '关闭(?:窗口|本页)?',
    '收藏(?:本页)?',
    '返回顶部',
    '返回',
    '扫一扫(?:在手机打开当前页)?',
    '手机(?:扫一扫|浏览|版)',
    '微信(?:扫一扫)?',
    '微博',
    'QQ空间',
    '复制链接',
    '相关(?:附件|新闻|链接|文件|文章|稿件|阅读|信息|解读)',
    '附件下载',
    '上一篇',
    '下一篇',
    '首页',
    '简体版?',
    '繁体版?',
    'English',
    '登录',
    '注册',
    '搜索',
  ].join('|'),
  'g',
);
const WIDGET_LEFTOVER = /^[\s•·●◆■▪►>»\-–—*_,:;.()\[\]【】\/|、。]*$/;
const BREADCRUMB = /^(?:您|你)?(?:当前|现在)?(?:所在|的)?(?:的)?位置\s*[:>]|^(?:您当前所在的位置|您当前的位置|您现在的位置|当前位置|您的位置|所在位置)/;
// Footer lines. Counters and "技术支持/主办" only with a colon: "提供技术支持" or "浏览量增长" are content.
const FOOTER =
  /ICP备|ICP证|公网安备|网站标识码|版权所有|Copyright|(?:主办|承办|技术支持|主办单位|承办单位|联系电话|联系我们|网站地图)\s*:|(?:浏览量|浏览次数|访问量|访问次数|点击量|点击数|阅读量|阅读次数)\s*[:\d]/i;
const PAGE_META = /(?:信息来源|文章来源|来源|发布日期|发布时间|公开日期|发文日期|更新时间|作者|责任编辑|编辑)\s*:/;
const DATE = /(?:19|20)\d{2}\s*(?:[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}|年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)/;
const TABLE_RULE = /^[\s|:\-–—=+]+$/;
/** A site's today-widget and the labelled fields of a government page's info table (索引号, 成文日期…). */
const PAGE_INFO =
  /^(?:今天是|今日是)|^(?:索引号|主题分类|组配分类|发布机构|公开方式|公开范围|公开时限|成文日期|公文生成日期|生效日期|有效性|文号)\s*:/;

/**
 * Website chrome that surrounds a copied report. Only short lines are candidates, and a line is chrome only
 * when it is made of widget words and separators alone, or is a breadcrumb, a footer line, or a page
 * date/source line — so "组织经验分享会3场" or "推进无障碍环境建设" stay.
 */
export function isJunkLine(line: string): boolean {
  if (line.length > JUNK_MAX_LEN) return false;
  if (TABLE_RULE.test(line)) return true;
  if (WIDGET_LEFTOVER.test(line.replace(WIDGET_WORDS, ''))) return true;
  if (BREADCRUMB.test(line)) return true;
  if (line.length <= 80 && FOOTER.test(line)) return true;
  if (line.length <= 80 && PAGE_INFO.test(line)) return true;
  if (line.length <= 80 && PAGE_META.test(line) && (DATE.test(line) || /^(?:信息来源|文章来源|来源)\s*:/.test(line)))
    return true;
  return false;
}

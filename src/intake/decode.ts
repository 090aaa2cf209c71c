/**
 * Bytes → text for .txt and .html uploads: BOM, then strict UTF-8, then a GB18030 / Big5 / UTF-16 guess.
 */
/*
 * iconv-lite and chardet are required on first use: valid UTF-8 (most uploads, and every `scorecard check` of a
 * UTF-8 .txt) is decoded by TextDecoder and never needs either.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
let iconvModule: typeof import('iconv-lite') | undefined;
const iconv = {
  decode: (bytes: Buffer, encoding: string): string => (iconvModule ??= require('iconv-lite') as typeof import('iconv-lite')).decode(bytes, encoding),
  encodingExists: (encoding: string): boolean => (iconvModule ??= require('iconv-lite') as typeof import('iconv-lite')).encodingExists(encoding),
};
const chardet = { analyse: (bytes: Buffer) => (require('chardet') as typeof import('chardet')).analyse(bytes) };
/* eslint-enable @typescript-eslint/no-require-imports */

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** iconv-lite names for the encodings agencies actually use; GBK and GB2312 decode as their superset GB18030. */
export function canonicalEncoding(name: string): string | undefined {
  const n = name.trim().toLowerCase().replace(/_/g, '-');
  if (n === 'utf-8' || n === 'utf8') return 'utf-8';
  if (/^(gb2312|gbk|gb18030|x-gbk|cp936|euc-cn|windows-936)$/.test(n)) return 'gb18030';
  if (/^(big5|big5-hkscs|x-big5|cp950)$/.test(n)) return 'big5';
  if (n === 'utf-16le' || n === 'utf-16') return 'utf-16le';
  if (n === 'utf-16be') return 'utf-16be';
  return iconv.encodingExists(n) ? n : undefined;
}

export interface Decoded {
  text: string;
  encoding: string;
}

/**
 * Decodes with the BOM when there is one; `declared` (an HTML meta charset) is honoured next, except that a
 * page declaring UTF-8 that is not valid UTF-8 is detected instead of being decoded with replacement chars.
 */
export function decodeBytes(bytes: Buffer, declared?: string): Decoded {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: bytes.subarray(3).toString('utf8'), encoding: 'utf-8' };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: iconv.decode(bytes.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: iconv.decode(bytes.subarray(2), 'utf-16be'), encoding: 'utf-16be' };

  const want = declared ? canonicalEncoding(declared) : undefined;
  if (want && want !== 'utf-8' && !want.startsWith('utf-16')) return { text: iconv.decode(bytes, want), encoding: want };

  const utf16 = utf16ByNulPattern(bytes);
  if (utf16) return { text: iconv.decode(bytes, utf16), encoding: utf16 };

  try {
    return { text: utf8Strict.decode(bytes), encoding: 'utf-8' };
  } catch {
    // not UTF-8: fall through to detection
  }
  const encoding = guessCjkEncoding(bytes);
  return { text: iconv.decode(bytes, encoding), encoding };
}

export function decodeText(bytes: Buffer, declared?: string): string {
  return decodeBytes(bytes, declared).text;
}

/**
 * UTF-16 without a BOM: the ASCII characters (digits, punctuation, line breaks) put NUL bytes mostly on one
 * side of each pair. Text in UTF-8 or GB18030 has no NULs at all.
 */
function utf16ByNulPattern(bytes: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  // Some common Han characters have a zero low byte (一 is U+4E00), so the other side is not NUL-free.
  if (odd >= pairs * 0.05 && even <= odd * 0.25) return plausibleUtf16(bytes, 'utf-16le') ? 'utf-16le' : undefined;
  if (even >= pairs * 0.05 && odd <= even * 0.25) return plausibleUtf16(bytes, 'utf-16be') ? 'utf-16be' : undefined;
  return undefined;
}

function plausibleUtf16(bytes: Buffer, enc: string): boolean {
  const sample = iconv.decode(bytes.subarray(0, Math.min(bytes.length, 4096) & ~1), enc);
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) bad++;
  }
  return bad <= sample.length * 0.01;
}

/**
 * GB18030 or Big5. chardet ranks them well on report-length text; on very short samples it can say
 * Shift_JIS, so only its GB18030/Big5 verdicts are used and otherwise the decoding with fewer
 * replacement characters wins, GB18030 first (mainland reports).
 */
function guessCjkEncoding(bytes: Buffer): string {
  for (const r of analyseCjk(bytes)) {
    const enc = canonicalEncoding(r.name);
    if (enc === 'gb18030' || enc === 'big5') return enc;
  }
  const gb = countReplacement(iconv.decode(bytes, 'gb18030'));
  const big5 = countReplacement(iconv.decode(bytes, 'big5'));
  return big5 < gb ? 'big5' : 'gb18030';
}

/**
 * chardet.analyse's verdicts, restricted to the two recognisers whose names can be GB18030 or Big5 (no other
 * recogniser's name canonicalises to either): the same matches in the same order (a stable sort by confidence,
 * Big5 first on a tie, as in chardet's list), without the single-byte recognisers that dominate analyse's time.
 * Falls back to the full analyse if chardet's internals are not where this expects them.
 */
type Recogniser = { match(context: unknown): { name: string; confidence: number } | null };
let cjkRecognisers: Recogniser[] | null | undefined;

function analyseCjk(bytes: Buffer): Array<{ name: string; confidence: number }> {
  if (cjkRecognisers === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mbcs = require('chardet/lib/encoding/mbcs') as { big5?: new () => Recogniser; gb_18030?: new () => Recogniser };
      cjkRecognisers = mbcs.big5 && mbcs.gb_18030 ? [new mbcs.big5(), new mbcs.gb_18030()] : null;
    } catch {
      cjkRecognisers = null;
    }
  }
  if (!cjkRecognisers) return chardet.analyse(bytes);
  // the context chardet.analyse builds (these recognisers read only the bytes, but keep it whole)
  const byteStats: number[] = new Array(256).fill(0);
  for (let i = bytes.length - 1; i >= 0; i--) byteStats[bytes[i]]++;
  let c1Bytes = false;
  for (let i = 0x80; i <= 0x9f; i++) if (byteStats[i] !== 0) c1Bytes = true;
  const context = { byteStats, c1Bytes, rawInput: bytes, rawLen: bytes.length, inputBytes: bytes, inputLen: bytes.length };
  return cjkRecognisers
    .map((r) => r.match(context))
    .filter((m): m is { name: string; confidence: number } => !!m)
    .sort((a, b) => b.confidence - a.confidence);
}

function countReplacement(s: string): number {
  let k = 0;
  for (let i = s.indexOf('\ufffd'); i >= 0; i = s.indexOf('\ufffd', i + 1)) k++;
  return k;
}

/** Share of characters that no text file contains: C0 controls (other than tab/newlines), DEL, U+FFFD. */
export function binaryShare(text: string, limit = 65536): number {
  const n = Math.min(text.length, limit);
  if (n === 0) return 0;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0x7f || c === 0xfffd) bad++;
  }
  return bad / n;
}

/**
 * OpenCC's traditional → simplified conversion, the same output for every input, at table-lookup speed.
 *
 * opencc-js converts a text in passes (normalisation dictionary, then the phrase + character dictionaries), each
 * pass walking its trie from every position for the longest key (a Map lookup per code point, a Map per trie
 * node): that walk was a tenth of a traditional report's intake. Most characters start no key longer than
 * themselves, so the longest match there is the character's own entry (or none): one table lookup gives it. Only
 * where a longer key may start (phrases), where the character is a surrogate, or an ideographic description
 * character (which opencc-js steps over as a whole sequence) does the pass fall back to opencc-js's own trie, so
 * it keeps its exact semantics there. The tries are opencc-js's own, loaded as its Converter loads them.
 */

interface TrieNode extends Map<number, TrieNode> {
  trie_val?: string;
}

export interface OpenccTrie {
  map: TrieNode;
  loadDictGroup(group: unknown[]): void;
  matchPrefix(text: string, start: number): { end: number; value: string } | null;
}

export interface OpenccT2cnModule {
  Trie: new () => OpenccTrie;
  Locale: { configs?: Record<string, { normalizationChain?: unknown[]; segmentation?: unknown; conversionChain?: unknown[] } | undefined> };
}

/** The character starts no longer key: copied as it is, or replaced by its one-unit value. */
const SAME = 0;
const MAPPED = 1;
/** A surrogate, or an ideographic description character, or a character with a value longer than one unit: opencc-js's trie decides. */
const TRIE = 2;
/** A longer key starts with this character: when the next one continues none, the character's own entry (or itself). */
const PHRASE = 3;

interface Pass {
  kind: Uint8Array;
  value: Uint16Array;
  trie: OpenccTrie;
}

function compile(trie: OpenccTrie): Pass {
  const kind = new Uint8Array(65536);
  const value = new Uint16Array(65536);
  for (let c = 0xd800; c <= 0xdfff; c++) kind[c] = TRIE;
  for (let c = 0x2ff0; c <= 0x2fff; c++) kind[c] = TRIE;
  for (const [cp, node] of trie.map) {
    if (cp > 0xffff || kind[cp] === TRIE) continue;
    const v = node.trie_val;
    if (node.size > 0) kind[cp] = PHRASE;
    else if (v === undefined || v.length !== 1) kind[cp] = TRIE;
    else if (v.charCodeAt(0) !== cp) {
      kind[cp] = MAPPED;
      value[cp] = v.charCodeAt(0);
    }
  }
  return { kind, value, trie };
}

function unitsAt(s: string, i: number): number {
  return s.codePointAt(i)! > 0xffff ? 2 : 1;
}

/** Operands of an ideographic description character (U+2FF0–U+2FFF), 0 for any other code point: as opencc-js counts them. */
function idsArity(cp: number): number {
  if (cp >= 0x2ff0 && cp <= 0x2ff1) return 2;
  if (cp >= 0x2ff2 && cp <= 0x2ff3) return 3;
  if (cp >= 0x2ff4 && cp <= 0x2fff) return 2;
  return 0;
}

/** End of the ideographic description sequence starting at `start`, or 0 when none (incomplete ones included). */
function idsEnd(s: string, start: number): number {
  const arity = idsArity(s.codePointAt(start)!);
  if (arity === 0) return 0;
  let i = start + unitsAt(s, start);
  for (let k = 0; k < arity; k++) {
    if (i >= s.length) return 0;
    i = idsEnd(s, i) || i + unitsAt(s, i);
  }
  return i;
}

/** How far opencc-js steps when no key matches at `start`: a whole description sequence, else one code point. */
function stepWithoutMatch(s: string, start: number): number {
  const end = idsEnd(s, start);
  return end > start ? end - start : unitsAt(s, start);
}

function toText(buf: Uint16Array, length: number): string {
  let s = '';
  for (let p = 0; p < length; p += 8192) s += String.fromCharCode.apply(null, buf.subarray(p, Math.min(length, p + 8192)) as unknown as number[]);
  return s;
}

/** A copy of `out`'s first `len` units with room for `extra` more (a closure over `out` would slow every write). */
function grown(out: Uint16Array, len: number, extra: number): Uint16Array {
  const bigger = new Uint16Array(Math.max(out.length * 2, len + extra));
  bigger.set(out.subarray(0, len));
  return bigger;
}

function run(text: string, pass: Pass): string {
  const { kind, value, trie } = pass;
  const n = text.length;
  // most passes change nothing (the normalisation pass, almost always): no copy until the first character that may change
  let first = 0;
  while (first < n && kind[text.charCodeAt(first)] === SAME) first++;
  if (first === n) return text;
  let out: Uint16Array = new Uint16Array(n + 16);
  for (let j = 0; j < first; j++) out[j] = text.charCodeAt(j);
  let len = first;
  let changed = false;
  for (let i = first; i < n; ) {
    const c = text.charCodeAt(i);
    let k = kind[c];
    if (k === PHRASE) {
      // matchPrefix's first two steps, without its result object: most phrase starters start no phrase here
      const node = trie.map.get(c)!;
      if (i + 1 < n && node.has(text.codePointAt(i + 1)!)) k = TRIE;
      else {
        const v = node.trie_val;
        if (v === undefined) out[len++] = c;
        else {
          if (len + v.length + n - i > out.length) out = grown(out, len, v.length + n - i);
          for (let j = 0; j < v.length; j++) out[len++] = v.charCodeAt(j);
          if (v.length !== 1 || v.charCodeAt(0) !== c) changed = true;
        }
        i++;
        continue;
      }
    }
    if (k === SAME) {
      out[len++] = c;
      i++;
    } else if (k === MAPPED) {
      out[len++] = value[c];
      changed = true;
      i++;
    } else {
      // room for this value and for the rest of the text one unit a character: the table paths never grow it
      const match = trie.matchPrefix(text, i);
      const from = match ? match.value : text.slice(i, i + stepWithoutMatch(text, i));
      if (match && !changed && match.value !== text.slice(i, match.end)) changed = true;
      const extra = from.length + (n - (match ? match.end : i + from.length)) + 1;
      if (len + extra > out.length) out = grown(out, len, extra);
      for (let j = 0; j < from.length; j++) out[len++] = from.charCodeAt(j);
      i = match ? match.end : i + from.length;
    }
  }
  return changed ? toText(out, len) : text;
}

/**
 * The t→cn converter built from opencc-js's t2cn module (its `t2s` config: normalisation passes, then the
 * conversion passes, no segmentation), or undefined when the config is not shaped as this expects, so the caller
 * keeps opencc-js's own converter.
 */
export function fastT2cnConverter(opencc: OpenccT2cnModule): ((text: string) => string) | undefined {
  const config = opencc.Locale?.configs?.t2s;
  if (!config || config.segmentation || !Array.isArray(config.conversionChain) || typeof opencc.Trie !== 'function') return undefined;
  const isDict = (d: unknown) => typeof d === 'string' || (Array.isArray(d) && d.every((e) => Array.isArray(e) && e.length === 2));
  const isGroup = (g: unknown): g is unknown[] => Array.isArray(g) && g.length > 0 && g.every(isDict);
  const groups = [...(config.normalizationChain ?? []), ...config.conversionChain];
  if (!groups.every(isGroup)) return undefined;
  const passes = groups.map((group) => {
    const trie = new opencc.Trie();
    trie.loadDictGroup(group);
    return compile(trie);
  });
  return (text: string) => {
    let s = text;
    for (const pass of passes) s = run(s, pass);
    return s;
  };
}

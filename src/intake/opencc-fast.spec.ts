import * as fs from 'node:fs';
import * as path from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const openccT2cn = require('opencc-js/t2cn') as typeof import('opencc-js') & OpenccT2cnModule;
import { fastT2cnConverter, type OpenccT2cnModule } from './opencc-fast';
import { toSimplifiedConverter } from './normalise';
import { FIXTURES } from './test-fixtures';

/** opencc-js's own converter, as intake built it before: the reference every output must equal. */
const reference = openccT2cn.Converter({ from: 't', to: 'cn' });
const fast = fastT2cnConverter(openccT2cn)!;

/** Every key and value of the t2s dictionaries (normalisation, phrases, characters). */
function dictionaryEntries(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const visit = (node: unknown): void => {
    if (typeof node === 'string') {
      for (const line of node.split('|')) {
        const [key, value] = line.split(' ');
        if (typeof value === 'string') out.push([key, value]);
      }
    } else if (Array.isArray(node)) node.forEach(visit);
  };
  const config = openccT2cn.Locale.configs!.t2s!;
  visit(config.normalizationChain);
  visit(config.conversionChain);
  return out;
}

/** A small deterministic generator, so a failure names the same string on every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('fastT2cnConverter (table lookups, opencc-js trie only where a phrase may start)', () => {
  it('is what intake converts with', () => {
    expect(fast).toBeDefined();
    expect(toSimplifiedConverter()('法治政府建設與責任落實')).toBe('法治政府建设与责任落实');
  });

  it('equals opencc-js on every traditional and simplified fixture and every variant text', () => {
    const dirs = ['variants', 'reports', 'year-over-year'].map((d) => path.join(FIXTURES, d));
    const files = dirs.flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d).map((f) => path.join(d, f)) : [])).filter((f) => /\.(txt|html?)$/i.test(f) && !/gbk/i.test(f));
    expect(files.filter((f) => f.endsWith('.trad.txt')).length).toBeGreaterThanOrEqual(3);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const expected = reference(text);
      if (fast(text) !== expected) throw new Error(`differs from opencc-js on ${file}`);
    }
  });

  it('equals opencc-js on each dictionary key and value alone, and on all of them run together', () => {
    const entries = dictionaryEntries();
    expect(entries.length).toBeGreaterThan(4000);
    const wrong: string[] = [];
    for (const [key, value] of entries) {
      for (const s of [key, value, `${key}${value}`]) if (fast(s) !== reference(s)) wrong.push(s);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    // keys run together: longest matches that overlap the next key, phrases cut by the one before them
    const joined = entries.map(([k]) => k).join('');
    expect(fast(joined)).toBe(reference(joined));
    expect(fast(entries.map(([k, v]) => v + k).join(''))).toBe(reference(entries.map(([k, v]) => v + k).join('')));
  });

  it('equals opencc-js on random mixes of phrases, characters, surrogates and ideographic description sequences', () => {
    const entries = dictionaryEntries();
    const pieces = [
      ...entries.slice(0, 3000).map(([k]) => k),
      '𠮷', '𡃁', '\ud800', '\udc00', '⿰', '⿱木', '⿲', '⿰⿱', '⿻', '，', '。', '\n', ' ', 'a', '1', '的', '法治', '裏', '後', '乾',
    ];
    const random = lcg(16);
    for (let round = 0; round < 2000; round++) {
      let s = '';
      const n = 1 + Math.floor(random() * 30);
      for (let i = 0; i < n; i++) {
        const piece = pieces[Math.floor(random() * pieces.length)];
        // sometimes only part of a phrase, so a longest match starts and breaks off
        s += random() < 0.2 ? piece.slice(0, Math.max(1, piece.length - 1)) : piece;
      }
      if (fast(s) !== reference(s)) throw new Error(`differs from opencc-js on ${JSON.stringify(s)}`);
    }
  });

  it('equals opencc-js on every BMP code unit alone', () => {
    const wrong: number[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      if (fast(ch) !== reference(ch)) wrong.push(c);
    }
    expect(wrong).toEqual([]);
  });
});

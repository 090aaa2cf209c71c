import * as chardet from 'chardet';
import * as fs from 'node:fs';
import * as iconv from 'iconv-lite';
import { canonicalEncoding, decodeBytes } from './decode';
import { readReport, REPORTS, variantPath } from './test-fixtures';

/** What decodeBytes chose before it ran only chardet's GB18030 and Big5 recognisers: the first such verdict of the full analyse. */
function fullAnalyseVerdict(bytes: Buffer): string | undefined {
  for (const r of chardet.analyse(bytes)) {
    const enc = canonicalEncoding(r.name);
    if (enc === 'gb18030' || enc === 'big5') return enc;
  }
  return undefined;
}

describe('GB18030 / Big5 detection', () => {
  const samples: Array<[string, Buffer]> = [];
  for (const base of REPORTS) {
    const simplified = readReport(base);
    const traditional = fs.readFileSync(variantPath(base, '.trad.txt'), 'utf8');
    samples.push([`${base} gbk file`, fs.readFileSync(variantPath(base, '.gbk.txt'))]);
    samples.push([`${base} big5`, iconv.encode(traditional, 'big5')]);
    samples.push([`${base} traditional as gb18030`, iconv.encode(traditional, 'gb18030')]);
    for (const n of [12, 40, 300]) {
      samples.push([`${base} first ${n} chars gb18030`, iconv.encode(simplified.slice(0, n), 'gb18030')]);
      samples.push([`${base} first ${n} chars big5`, iconv.encode(traditional.slice(0, n), 'big5')]);
    }
  }

  it.each(samples)('%s: the same verdict as chardet.analyse over all its recognisers', (_name, bytes) => {
    // every sample here is real GB18030 or Big5 text, so chardet always has a verdict: a missing one is a failure, not a skip
    const verdict = fullAnalyseVerdict(bytes);
    expect(verdict).toMatch(/^(gb18030|big5)$/);
    expect(decodeBytes(bytes).encoding).toBe(verdict);
  });

  it('decodes the GBK fixtures to the UTF-8 reports', () => {
    for (const base of REPORTS) expect(decodeBytes(fs.readFileSync(variantPath(base, '.gbk.txt'))).text.replace(/^\ufeff/, '')).toBe(readReport(base).replace(/^\ufeff/, ''));
  });
});

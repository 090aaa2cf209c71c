import * as fs from 'node:fs';
import { mayConvert, toSimplifiedAligned, toSimplifiedConverter } from './normalise';
import { readReport, REPORTS, variantPath } from './test-fixtures';

describe('mayConvert (skipping OpenCC on text it would leave unchanged)', () => {
  const convert = toSimplifiedConverter();

  it('never says "unchanged" for a BMP character the converter changes', () => {
    const wrong: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCharCode(c);
      if (!mayConvert(ch) && convert(ch) !== ch) wrong.push(ch);
    }
    expect(wrong).toEqual([]);
  });

  it('sees phrases whose characters are each left alone but which convert as a whole', () => {
    expect(convert('反覆')).not.toBe('反覆');
    expect(mayConvert('他反覆强调')).toBe(true);
    expect(mayConvert('实现全覆盖')).toBe(false);
    expect(convert('实现全覆盖')).toBe('实现全覆盖');
  });

  it.each(REPORTS)('agrees with the converter on report %s, simplified and traditional, and with a traditional character added', (base) => {
    const simplified = readReport(base);
    const traditional = fs.readFileSync(variantPath(base, '.trad.txt'), 'utf8');
    expect(mayConvert(simplified)).toBe(false);
    expect(convert(simplified)).toBe(simplified);
    expect(toSimplifiedAligned(simplified)).toBe(simplified);
    expect(mayConvert(traditional)).toBe(true);
    const mixed = `${simplified.slice(0, 500)}法治政府建設${simplified.slice(500)}`;
    expect(mayConvert(mixed)).toBe(true);
    expect(toSimplifiedAligned(mixed)).toBe(`${simplified.slice(0, 500)}法治政府建设${simplified.slice(500)}`);
  });

  it('when it says "unchanged", the converter agrees, on slices of every fixture', () => {
    for (const base of REPORTS) {
      for (const text of [readReport(base), fs.readFileSync(variantPath(base, '.trad.txt'), 'utf8')]) {
        for (let at = 0; at < text.length; at += 97) {
          const slice = text.slice(at, at + 40);
          if (!mayConvert(slice)) expect(convert(slice)).toBe(slice);
        }
      }
    }
  });
});

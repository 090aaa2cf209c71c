import { prepareText } from '../intake';
import { readReport, REPORTS } from '../intake/test-fixtures';
import { copyShingles, detectCopies, type CopyDoc } from './copy-detection';

/** The shingle hashes of a text as copy detection defines them, written out plainly: content characters, FNV-1a of each run of k. */
function plainShingles(text: string, k: number): number[] {
  const chars = [...text].join('').replace(/[^\u3400-\u9fff\uf900-\ufaff0-9A-Za-z\ud800-\udfff]/g, '');
  const out: number[] = [];
  for (let i = 0; i + k <= chars.length; i++) {
    let h = 0x811c9dc5;
    for (let j = i; j < i + k; j++) h = Math.imul(h ^ chars.charCodeAt(j), 0x01000193);
    out.push(h >>> 0);
  }
  return out;
}

const doc = (id: string, original: string): CopyDoc => {
  const prepared = prepareText(original);
  return { id, text: prepared.normalised, original, issuer: prepared.metadata.issuer ?? null };
};
const paragraphs = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => l.length > 60);

describe('copyShingles (computed on the scoring threads of a batch)', () => {
  const reports = REPORTS.map((base) => readReport(base));

  it('gives each position the index of its shingle among the sorted distinct hashes', () => {
    for (const text of reports) {
      const { normalised } = prepareText(text);
      const expected = plainShingles(normalised, 9);
      const s = copyShingles(normalised);
      expect(s.k).toBe(9);
      expect(s.rank.length).toBe(expected.length);
      expect(Array.from(s.unique)).toEqual([...new Set(expected)].sort((a, b) => a - b));
      expect(Array.from(s.rank, (r) => s.unique[r])).toEqual(expected);
    }
    expect(copyShingles('短').rank.length).toBe(0);
  });

  it('makes detectCopies find the same pairs, shares and quotes as shingling on its own thread', () => {
    const [zengcheng, jianghai, zhongshan] = reports;
    const a = paragraphs(jianghai);
    const b = paragraphs(zhongshan);
    const trad = '本區二〇二三年度堅持依法行政，完善重大行政決策程序，全年審查規範性文件四十二件，組織執法人員培訓十二期，辦理行政複議案件一百零三件。';
    // a composite of two reports' first halves; two more copy their ends and share a traditional passage
    const originals = [
      zengcheng,
      jianghai,
      zhongshan,
      ['某区2023年法治政府建设年度报告', ...a.slice(0, Math.ceil(a.length / 2)), ...b.slice(0, Math.ceil(b.length / 2))].join('\n'),
      ['某县2023年法治政府建设情况报告', ...b.slice(-8), trad].join('\n'),
      `${trad}\n${a.slice(-6).join('\n')}`,
    ];
    const plain = originals.map((t, i) => doc(`d${i}`, t));
    const withShingles = originals.map((t, i) => {
      const d = doc(`d${i}`, t);
      return { ...d, shingles: copyShingles(d.text) };
    });
    const expected = detectCopies(plain);
    expect(expected.length).toBeGreaterThanOrEqual(3);
    expect(detectCopies(withShingles)).toEqual(expected);
    // let go once weighed: a season of them is not held while pairs are compared and quoted
    expect(withShingles.every((d) => d.shingles === undefined)).toBe(true);
    // shingles of another size are not the ones it needs: recomputed
    const otherSize = originals.map((t, i) => {
      const d = doc(`d${i}`, t);
      return { ...d, shingles: copyShingles(d.text, 5) };
    });
    expect(detectCopies(otherSize)).toEqual(expected);
  });

  it('uses the shingles it is given (a document given another text’s shingles is compared as that text)', () => {
    const [zengcheng, jianghai] = reports;
    const copy = doc('copy', paragraphs(jianghai).slice(0, 8).join('\n'));
    const source = doc('source', jianghai);
    const unrelated = doc('unrelated', zengcheng);
    expect(detectCopies([copy, unrelated]).length).toBe(0);
    const posing = { ...unrelated, shingles: copyShingles(source.text) };
    expect(detectCopies([copy, posing]).map((p) => [p.a, p.b])).toEqual([['copy', 'unrelated']]);
  });
});

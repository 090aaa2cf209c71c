import { arrayJson, cardElementJson, elementJson, withMembers } from './card-json';

/** What the JSON batch file was before it was assembled from pieces: one stringify of the whole array. */
const whole = (elements: unknown[]) => `${JSON.stringify(elements, null, 2)}\n`;

describe('card-json (the JSON batch file assembled from cards serialised on the scoring threads)', () => {
  const card = {
    total: 57.5,
    grade: '合格',
    rubric: { id: 'outline-2021-2025', version: '1.2.0', note: undefined },
    report: { title: '某区2024年度法治政府建设情况报告', issuer: null, year: 2024, sources: {} },
    parts: [{ part: 'report', score: 22.5, items: [] }, { part: 1, quote: '第一行\n第二行 "引号" \\ \u2028' }],
    empty: [],
  };
  const extras = [
    {},
    { duplicates: [{ file: 'b.txt', share: 0.5 }] },
    { planFulfilment: { previousFile: 'a.txt', items: [{ text: '计划', done: true }], nothing: {} } },
    { planFulfilment: { previousFile: 'a.txt', items: [] }, duplicates: [{ file: 'c.txt', share: 1 }] },
  ];

  it('writes each card and its batch-wide members exactly as one stringify of the whole array', () => {
    const elements = extras.map((extra, i) => withMembers(cardElementJson(`r${i}.txt`, card), extra)!);
    const failed = { file: 'bad.docx', error: '无法读取' };
    const expected = whole([...extras.map((extra, i) => ({ file: `r${i}.txt`, ...card, ...extra })), failed]);
    expect(arrayJson([...elements, [elementJson(failed)]]).toString('utf8')).toBe(expected);
  });

  it('writes an empty batch as an empty array, and one element alone', () => {
    expect(arrayJson([]).toString('utf8')).toBe(whole([]));
    expect(arrayJson([[cardElementJson('a.txt', card)]]).toString('utf8')).toBe(whole([{ file: 'a.txt', ...card }]));
  });

  it('refuses an element it cannot extend (the caller then serialises the whole entry)', () => {
    const bare = Buffer.from('{}');
    expect(withMembers(bare, { duplicates: [] })).toBeUndefined();
    expect(withMembers(bare, {})).toEqual([bare]);
  });

  it('gives each element memory of its own, so a worker can move it without taking other buffers along', () => {
    const small = elementJson({ file: 'a.txt' });
    expect(small.byteOffset).toBe(0);
    expect(small.buffer.byteLength).toBe(small.length);
  });
});

import * as fs from 'node:fs';
import { createHash } from 'node:crypto';
import { IntakeError, mapSpan, type Section } from './intake.types';
import { intakeReport, prepareText, type IntakeResult } from './prepare-report';
import { toSimplifiedAligned } from './normalise';
import { flattenSections } from './sections';
import { REPORTS, badPath, reportPath, variantPath } from './test-fixtures';

const outline = (sections: Section[]) => flattenSections(sections).map((s) => [s.level, s.marker, s.heading]);
const load = (file: string) => intakeReport({ bytes: fs.readFileSync(file), filename: file.split('/').pop() });

describe.each(REPORTS)('variants of %s', (base) => {
  let asIs: IntakeResult;
  beforeAll(async () => {
    asIs = await load(reportPath(base));
  });

  it.each([
    ['.trad.txt', 'txt'],
    ['.gbk.txt', 'txt'],
    ['.html', 'html'],
    ['.docx', 'docx'],
    ['.pdf', 'pdf'],
    ['.pipes.txt', 'txt'],
  ])('%s gives exactly the same normalised text, sections and metadata', async (suffix, format) => {
    const r = await load(variantPath(base, suffix));
    expect(r.format).toBe(format);
    expect(r.prepared.normalised).toBe(asIs.prepared.normalised);
    expect(r.prepared.sections).toEqual(asIs.prepared.sections);
    const { script, ...meta } = r.prepared.metadata;
    const { script: _s, ...expected } = asIs.prepared.metadata;
    expect(meta).toEqual(expected);
    expect(script).toBe(suffix === '.trad.txt' ? 'traditional' : 'simplified');
  });

  it('.oneline.txt differs only in line breaks and still has the same sections', async () => {
    const r = await load(variantPath(base, '.oneline.txt'));
    const squeeze = (s: string) => s.replace(/\s+/g, '');
    expect(squeeze(r.prepared.normalised)).toBe(squeeze(asIs.prepared.normalised));
    expect(r.prepared.normalised.split('\n').length).toBeLessThan(asIs.prepared.normalised.split('\n').length);
    expect(outline(r.prepared.sections)).toEqual(outline(asIs.prepared.sections));
    expect(r.prepared.metadata).toEqual(asIs.prepared.metadata);
  });

  it('every section heading maps back to the same words in each variant original', async () => {
    for (const suffix of ['.trad.txt', '.html', '.docx', '.pdf']) {
      const r = await load(variantPath(base, suffix));
      const { original, normalised, toOriginal } = r.prepared;
      for (const s of flattenSections(r.prepared.sections)) {
        const [os, oe] = mapSpan(toOriginal, s.start, s.headingEnd);
        const quote = original.slice(os, oe);
        // the same words: a traditional original once its characters are made simplified, one for one
        const words = suffix === '.trad.txt' ? toSimplifiedAligned(quote) : quote;
        expect(words.replace(/[（）]/g, (c) => (c === '（' ? '(' : ')'))).toBe(normalised.slice(s.start, s.headingEnd));
      }
    }
  });
});

describe('intakeReport', () => {
  it('hashes the original bytes and returns the extracted text as the original', async () => {
    const bytes = fs.readFileSync(variantPath(REPORTS[0], '.gbk.txt'));
    const r = await intakeReport({ bytes });
    expect(r.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(r.extracted).toBe(fs.readFileSync(reportPath(REPORTS[0]), 'utf8'));
    expect(r.prepared.original).toBe(r.extracted);
    expect(r.chars).toBe(r.prepared.normalised.length);
  });

  it('accepts {text} and hashes its UTF-8 bytes', async () => {
    const text = fs.readFileSync(reportPath(REPORTS[1]), 'utf8');
    const r = await intakeReport({ text }, { overrides: { level: 'department' } });
    expect(r.format).toBe('txt');
    expect(r.sha256).toBe(createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex'));
    expect(r.prepared).toEqual(prepareText(text, { level: 'department' }));
    expect(r.prepared.metadata.level).toBe('department');
  });

  const cases: Array<[string, () => Promise<unknown>, number, RegExp]> = [
    ['empty.txt', () => load(badPath('empty.txt')), 400, /^报告为空：没有收到文件内容/],
    ['whitespace.txt', () => load(badPath('whitespace.txt')), 400, /^报告为空：只有空白字符/],
    ['{text: "   "}', () => intakeReport({ text: ' \n\u3000 ' }), 400, /^报告为空：只有空白字符/],
    ['{text: ""}', () => intakeReport({ text: '' }), 400, /^报告为空/],
    ['garbage.bin', () => load(badPath('garbage.bin')), 415, /^不支持的文件类型：文件是二进制数据/],
    ['other.zip', () => load(badPath('other.zip')), 415, /既不是 Word \.docx 文档/],
    ['corrupt.docx', () => load(badPath('corrupt.docx')), 422, /无法读取 \.docx 文件：文件已损坏或不完整/],
    ['bomb.docx', () => load(badPath('bomb.docx')), 422, /压缩炸弹/],
    ['corrupt.pdf', () => load(badPath('corrupt.pdf')), 422, /^无法读取 PDF 文件：文件已损坏或不是 PDF/],
    ['scanned.pdf (a blank scan)', () => load(badPath('scanned.pdf')), 422, /未识别出文字/],
    ['english.txt', () => load(badPath('english.txt')), 422, /^文本中没有中文/],
    [
      'over maxBytes',
      () => intakeReport({ bytes: fs.readFileSync(reportPath(REPORTS[0])) }, { maxBytes: 1024 }),
      413,
      /^文件过大：.*上限为 0\.0 MB/,
    ],
  ];
  it.each(cases)('%s → IntakeError %i', async (_name, run, status, message) => {
    const err = await run().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(IntakeError);
    expect((err as IntakeError).status).toBe(status);
    expect((err as IntakeError).message).toMatch(message);
  });
});

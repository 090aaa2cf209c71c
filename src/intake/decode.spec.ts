import * as iconv from 'iconv-lite';
import { decodeBytes, decodeText } from './decode';
import { sniffFormat } from './sniff';
import { IntakeError } from './intake.types';
import { REPORTS, readReport } from './test-fixtures';

const report = readReport(REPORTS[2]);

describe('decodeText', () => {
  it.each([
    ['UTF-8', Buffer.from(report, 'utf8'), 'utf-8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(report, 'utf8')]), 'utf-8'],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(report, 'utf-16le')]), 'utf-16le'],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(report, 'utf-16be')]), 'utf-16be'],
    ['UTF-16LE without BOM', iconv.encode(report, 'utf-16le'), 'utf-16le'],
    ['GB18030', iconv.encode(report, 'gb18030'), 'gb18030'],
    ['GBK', iconv.encode(report, 'gbk'), 'gb18030'],
    ['Big5 (traditional)', iconv.encode('中華人民共和國行政復議法。法治政府建設年度報告,依法行政,嚴格規範公正文明執法。'.repeat(5), 'big5'), 'big5'],
  ])('%s', (_name, bytes, encoding) => {
    const d = decodeBytes(bytes);
    expect(d.encoding).toBe(encoding);
    if (encoding !== 'big5') expect(d.text).toBe(report);
    else expect(d.text).toContain('法治政府建設年度報告');
  });

  it('honours a declared charset', () => {
    const bytes = iconv.encode('<meta charset="gbk"><p>法治政府</p>', 'gbk');
    expect(decodeText(bytes, 'gb2312')).toContain('法治政府');
  });
});

describe('sniffFormat', () => {
  it('recognises content regardless of the file name', () => {
    expect(sniffFormat(Buffer.from('%PDF-1.7\n...'), 'report.txt')).toBe('pdf');
    expect(sniffFormat(Buffer.from('<!DOCTYPE html><html><body><p>法治</p></body></html>'), 'report.txt')).toBe('html');
    expect(sniffFormat(Buffer.from('\n  <div class="c"><p>法治政府</p></div>'))).toBe('html');
    expect(sniffFormat(Buffer.from('一、主要工作\n<p>不是网页的开头'), 'a.txt')).toBe('txt');
    expect(sniffFormat(iconv.encode(report, 'gb18030'), 'a.html')).toBe('txt');
  });

  it.each([
    ['an Office 97 file that is not Word', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), /不是 Word 文档/],
    ['GIF', Buffer.from('GIF89a\x01\x00', 'latin1'), /GIF 动图/],
    ['NUL-laden binary', Buffer.from([0, 1, 2, 3, 0, 0, 5, 6, 7, 8, 0, 0, 0xff, 0x10]), /二进制数据/],
  ])('rejects %s with 415', (_n, bytes, message) => {
    let err: unknown;
    try {
      sniffFormat(bytes);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IntakeError);
    expect((err as IntakeError).status).toBe(415);
    expect((err as IntakeError).message).toMatch(message);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as mammoth from 'mammoth';
import { extractDocx } from './extract-docx';
import { docxText } from './docx-text';

const VARIANTS = join(__dirname, '../../test/fixtures/variants');
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

const doc = (body: string) => `<?xml version="1.0"?><w:document ${W}><w:body>${body}</w:body></w:document>`;
const p = (text: string, numId?: number, ilvl = 0, style?: string) =>
  `<w:p><w:pPr>${style ? `<w:pStyle w:val="${style}"/>` : ''}${
    numId !== undefined ? `<w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr>` : ''
  }</w:pPr><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
const lvl = (ilvl: number, fmt: string, text: string, extra = '') =>
  `<w:lvl w:ilvl="${ilvl}"><w:start w:val="1"/><w:numFmt w:val="${fmt}"/><w:lvlText w:val="${text}"/>${extra}</w:lvl>`;
const CHINESE = `<w:abstractNum w:abstractNumId="0">${lvl(0, 'chineseCounting', '%1、')}${lvl(1, 'chineseCounting', '（%2）')}${lvl(2, 'decimal', '%3.')}</w:abstractNum>`;
const numbering = (abstracts: string, nums: string) => `<?xml version="1.0"?><w:numbering ${W}>${abstracts}${nums}</w:numbering>`;

describe('docx text with Word numbering', () => {
  it('renders chineseCounting and decimal labels, restarting deeper levels after a higher one', () => {
    const text = docxText({
      document: doc(p('某县2023年法治政府建设情况报告') + p('深入推进依法行政', 1) + p('健全制度', 1, 1) + p('严格执法', 1, 1) + p('细则', 1, 2) + p('行政复议', 1) + p('办理复议', 1, 1)),
      numbering: numbering(CHINESE, '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'),
    });
    expect(text.split('\n')).toEqual(['某县2023年法治政府建设情况报告', '一、深入推进依法行政', '（一）健全制度', '（二）严格执法', '1.细则', '二、行政复议', '（一）办理复议']);
  });

  it('continues a list split into two w:num sharing one abstractNum, and restarts on startOverride', () => {
    const nums = '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>' +
      '<w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>';
    const text = docxText({ document: doc(p('甲', 1) + p('乙', 2) + p('丙', 3) + p('丁', 3)), numbering: numbering(CHINESE, nums) });
    expect(text.split('\n')).toEqual(['一、甲', '二、乙', '五、丙', '六、丁']);
  });

  it('takes numbering from the paragraph style and the style it is based on', () => {
    const styles = `<w:styles ${W}><w:style w:styleId="H1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>` +
      `<w:style w:styleId="H2"><w:basedOn w:val="H1"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style></w:styles>`;
    const text = docxText({
      document: doc(p('总体情况', undefined, 0, 'H1') + p('主要做法', undefined, 0, 'H2') + p('正文。') + p('存在问题', undefined, 0, 'H1')),
      numbering: numbering(CHINESE, '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'),
      styles,
    });
    expect(text.split('\n')).toEqual(['一、总体情况', '（一）主要做法', '正文。', '二、存在问题']);
  });

  it('counts past ten as Word prints it, and honours lvlRestart=0, numId 0, bullets and start values', () => {
    const abs = `<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="9"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>` +
      `${lvl(1, 'decimal', '%2）', '<w:lvlRestart w:val="0"/>')}</w:abstractNum><w:abstractNum w:abstractNumId="1">${lvl(0, 'bullet', '•')}</w:abstractNum>`;
    const nums = '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>';
    const text = docxText({
      document: doc(p('a', 1) + p('b', 1, 1) + p('c', 1) + p('d', 1, 1) + p('e', 1) + p('f', 1) + p('g', 0) + p('h', 2)),
      numbering: numbering(abs, nums),
    });
    expect(text.split('\n')).toEqual(['九、a', '1）b', '十、c', '2）d', '十一、e', '十二、f', 'g', 'h']);
  });

  it('reads tables row by row, cell by cell, and skips deleted revisions', () => {
    const cell = (t: string) => `<w:tc>${p(t)}</w:tc>`;
    const text = docxText({
      document: doc(p('前言') + `<w:tbl><w:tr>${cell('左上')}${cell('右上')}</w:tr><w:tr>${cell('左下')}${cell('右下')}</w:tr></w:tbl>` +
        '<w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删除</w:delText></w:r></w:del></w:p>'),
    });
    expect(text.split('\n')).toEqual(['前言', '左上', '右上', '左下', '右下', '保留']);
  });

  it.each(['000_461a89b47b0cee9b', '003_efdde5739ee958ba'])('gives the same text as mammoth on a plain .docx (%s)', async (f) => {
    const bytes = readFileSync(join(VARIANTS, `${f}.docx`));
    const expected = (await mammoth.extractRawText({ buffer: bytes })).value.split('\n').map((l) => l.replace(/\s+$/, '')).filter((l) => l.trim()).join('\n');
    expect(await extractDocx(bytes)).toBe(expected);
  });
});

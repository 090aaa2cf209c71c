import * as fs from 'node:fs';
import JSZip from 'jszip';
import { extractDocx } from './extract-docx';
import { extractHtmlText } from './extract-html';
import { extractOfd } from './extract-ofd';
import { IntakeError } from './intake.types';
import { htmlNestingDepth, htmlShape, MAX_MARKUP_DEPTH } from './markup-depth';
import { REPORTS, variantPath } from './test-fixtures';

const nested = (depth: number, tag = 'div') => `<html><body>${`<${tag}>`.repeat(depth)}法治政府建设年度报告${`</${tag}>`.repeat(depth)}</body></html>`;

async function rejection(run: () => unknown): Promise<IntakeError> {
  try {
    await run();
  } catch (e) {
    return e as IntakeError;
  }
  throw new Error('expected the input to be refused');
}

describe('htmlNestingDepth counts nesting as an HTML parser builds it', () => {
  it('counts open elements and closes them with their end tags', () => {
    expect(htmlNestingDepth('<div><section><span>x</span></section><p>y</div>')).toBe(3);
    expect(htmlNestingDepth(nested(40))).toBe(40);
  });

  it('does not nest void elements, self-closing siblings (<p>, <li>, <td>), comments or script text', () => {
    expect(htmlNestingDepth('<p>a<p>b<p>c<br><img src=x><hr><li>1<li>2')).toBe(0);
    expect(htmlNestingDepth(`<div><!-- ${'<div>'.repeat(1000)} --><script>${'<div>'.repeat(1000)}</script></div>`)).toBe(2);
    expect(htmlNestingDepth('<div><svg><path d="M0"/><path d="M1"/></svg></div>')).toBe(2);
  });

  it('an end tag closes the elements left open inside it', () => {
    expect(htmlNestingDepth(`${'<div><span>text'.repeat(1)}</div>`.repeat(5000))).toBe(2);
    expect(htmlNestingDepth('</div></div><div>x</div>')).toBe(1);
  });

  it('counts the start tags', () => {
    expect(htmlShape('<div><p>a<br><p>b</div><!-- <i> -->')).toEqual({ depth: 1, elements: 4 });
  });

  it('counts <div/> as an open div, as parse5 does outside SVG', () => {
    expect(htmlNestingDepth('<div/>'.repeat(600))).toBeGreaterThan(MAX_MARKUP_DEPTH);
  });

  it('finds every fixture page far below the limit', () => {
    for (const base of REPORTS) {
      const depth = htmlNestingDepth(fs.readFileSync(variantPath(base, '.html'), 'utf8'));
      expect(depth).toBeGreaterThan(1);
      expect(depth).toBeLessThan(64);
    }
  });
});

describe('parsers refuse markup nested deeper than the limit', () => {
  it('an HTML page 100,000 <div> deep is a 422 HTML_TOO_DEEP before cheerio sees it', async () => {
    const error = await rejection(() => extractHtmlText(nested(100_000)));
    expect(error).toBeInstanceOf(IntakeError);
    expect(error).toMatchObject({ status: 422, code: 'HTML_TOO_DEEP' });
    expect(error.message).toMatch(/嵌套/);
  });

  it('a page just inside the limit is still read', () => {
    expect(extractHtmlText(nested(MAX_MARKUP_DEPTH - 3))).toContain('法治政府建设年度报告');
  });

  it('a .docx whose document.xml nests 100,000 elements is a 422 XML_TOO_DEEP', async () => {
    const zip = new JSZip();
    const deep = `${'<w:sdt><w:sdtContent>'.repeat(50_000)}${'</w:sdtContent></w:sdt>'.repeat(50_000)}`;
    zip.file('word/document.xml', `<?xml version="1.0"?><w:document xmlns:w="w"><w:body>${deep}</w:body></w:document>`);
    const error = await rejection(async () => extractDocx(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })));
    expect(error).toMatchObject({ status: 422, code: 'XML_TOO_DEEP' });
  });

  it('an .ofd whose page nests 100,000 elements is a 422 XML_TOO_DEEP, and broken XML a 422', async () => {
    const ofd = async (content: string) => {
      const zip = new JSZip();
      zip.file('OFD.xml', '<ofd:OFD xmlns:ofd="o"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>');
      zip.file('Doc_0/Document.xml', '<ofd:Document xmlns:ofd="o"><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>');
      zip.file('Doc_0/Pages/Page_0/Content.xml', content);
      return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    };
    const deep = await rejection(async () => extractOfd(await ofd(`<ofd:Page xmlns:ofd="o">${'<ofd:Layer>'.repeat(100_000)}</ofd:Page>`)));
    expect(deep).toMatchObject({ status: 422, code: 'XML_TOO_DEEP' });
    const broken = await rejection(async () => extractOfd(await ofd('<ofd:Page><ofd:Content></ofd:Page>')));
    expect(broken).toBeInstanceOf(IntakeError);
    expect([415, 422]).toContain(broken.status);
  });
});

import * as fs from 'node:fs';
import * as iconv from 'iconv-lite';
import { extractHtml, extractHtmlText } from './extract-html';
import { REPORTS, variantPath } from './test-fixtures';

const CHROME = ['首页', '走进本地', '互动交流', '热点专题', '请输入关键词', 'ICP备', '公网安备', '网站标识码', '主办', '您当前所在的位置', '_hmt', 'font:16px', '分享到微信', '印发法治政府建设工作要点的通知'];

describe('extractHtml', () => {
  it.each(REPORTS)('%s: keeps the article with title and date line, drops nav, header, footer, scripts and styles', (base) => {
    const text = extractHtml(fs.readFileSync(variantPath(base, '.html')));
    for (const c of CHROME) expect(text).not.toContain(c);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/法治政府建设.*报告$/);
    // Paragraph breaks survive: headings are lines of their own.
    expect(lines.some((l) => /^一、20\d\d年/.test(l))).toBe(true);
    expect(lines.filter((l) => /^二、/.test(l))).toHaveLength(1);
  });

  it('turns <br> and block elements into line breaks and separates table cells', () => {
    const html = `<html><body><nav><a>首页</a></nav><div id="main">
      <p>一、主要工作<br>全年办理行政复议案件22件。</p><div>二、存在问题</div>
      <table><tr><td>三、下一步计划</td><td>加强学习</td></tr><tr><td>(一)完善制度</td><td>健全机制</td></tr></table>
      <ul><li>第一项</li><li>第二项</li></ul></div><footer>粤ICP备123号</footer></body></html>`;
    expect(extractHtmlText(html).split('\n')).toEqual([
      '一、主要工作',
      '全年办理行政复议案件22件。',
      '二、存在问题',
      '三、下一步计划\t加强学习',
      '(一)完善制度\t健全机制',
      '第一项',
      '第二项',
    ]);
  });

  it('decodes a GBK page by its meta charset', () => {
    const page = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>报告</title></head>
      <body><div class="content"><p>一、2024年法治政府建设情况</p><p>全面推进依法行政,严格规范公正文明执法。</p></div></body></html>`;
    const text = extractHtml(iconv.encode(page, 'gbk'));
    expect(text).toContain('一、2024年法治政府建设情况\n全面推进依法行政,严格规范公正文明执法。');
  });
});

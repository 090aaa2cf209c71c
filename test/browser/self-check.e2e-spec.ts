import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import type { ScoreCard } from '../../src/scoring/engine';
import { REPORT_FIXTURES, ROOT } from '../support/test-app';
import { startBrowserRig, type BrowserRig } from './browser';

const TEXT = fs.readFileSync(path.join(REPORT_FIXTURES, '001_1c1d18808efcf126.txt'), 'utf8');
const DOCX = path.join(ROOT, 'test/fixtures/variants/000_461a89b47b0cee9b.docx');
const GARBAGE = path.join(ROOT, 'test/fixtures/bad/garbage.bin');

/** The self-check page at `/`, in real Chromium, against the real API (no key: PUBLIC_CHECK defaults to true). */
describe('self-check page (browser)', () => {
  let rig: BrowserRig;
  beforeAll(async () => {
    rig = await startBrowserRig();
  });
  afterAll(() => rig?.close());
  afterEach(() => {
    expect(rig.outside).toEqual([]);
    expect(rig.errors).toEqual([]);
  });

  const check = async (body: object) => (await request(rig.t.http).post('/check').send(body).expect(200)).body as ScoreCard & { text: string };

  it('works by keyboard alone: Tab reaches the text, the button and an item, each with a visible focus ring', async () => {
    const page = await rig.page();
    await page.goto(`${rig.base}/`);
    const focused = () => page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      const style = el ? getComputedStyle(el) : null;
      return { label: el?.getAttribute('aria-label') ?? (el as HTMLInputElement | null)?.labels?.[0]?.textContent ?? el?.textContent ?? '', ring: !!style && (style.outlineStyle !== 'none' || style.boxShadow !== 'none') };
    });
    const tabTo = async (wanted: RegExp) => {
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        const now = await focused();
        if (wanted.test(now.label)) return now;
      }
      throw new Error(`Tab never reached ${wanted}`);
    };
    expect((await tabTo(/报告全文/)).ring).toBe(true);
    await page.keyboard.insertText(TEXT);
    expect((await tabTo(/开始检查/)).ring).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByTestId('total').waitFor();
    expect(Number(await page.getByTestId('total').textContent())).toBe((await check({ text: TEXT })).total);
    // an item's evidence opens from the keyboard too
    const first = (await check({ text: TEXT })).items.find((it) => it.evidence.length > 0)!;
    await page.getByTestId(`item-${first.id}`).getByRole('button').focus();
    expect((await focused()).ring).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('report-text').locator('mark').count()).toBe(first.evidence.length);
  });

  it('scores pasted text with the same total, statuses and evidence as POST /check', async () => {
    const page = await rig.page();
    await page.goto(`${rig.base}/`);
    await page.getByLabel('报告全文').fill(TEXT);
    await page.getByRole('button', { name: '开始检查' }).click();
    const total = page.getByTestId('total');
    await total.waitFor();

    const card = await check({ text: TEXT, includeText: true });
    expect(Number(await total.textContent())).toBe(card.total);
    expect(await page.getByText(card.grade, { exact: true }).first().isVisible()).toBe(true);
    for (const item of card.items) {
      const row = page.getByTestId(`item-${item.id}`);
      expect(await row.getAttribute('data-status')).toBe(item.status);
    }
    // the text shown is the text the offsets point into
    expect(await page.getByTestId('report-text').textContent()).toBe(card.text);

    // selecting an item marks each of its quotes, in order, and nothing else
    const withEvidence = card.items.filter((it) => it.evidence.length > 1);
    expect(withEvidence.length).toBeGreaterThan(0);
    for (const item of withEvidence.slice(0, 3)) {
      await page.getByTestId(`item-${item.id}`).getByRole('button').click();
      const marks = await page.getByTestId('report-text').locator('mark').allTextContents();
      const quotes = [...item.evidence].sort((a, b) => a.start - b.start).map((e) => e.quote);
      expect(marks).toEqual(quotes);
      for (const e of item.evidence) expect(card.text.slice(e.start, e.end)).toBe(e.quote);
    }
    // a gap with no evidence says what was looked for
    const empty = card.items.find((it) => it.evidence.length === 0 && it.status === 'missing');
    if (empty) {
      await page.getByTestId(`item-${empty.id}`).getByRole('button').click();
      await page.getByText('原文中没有找到依据；查找的是：').waitFor();
      expect(await page.getByTestId('report-text').locator('mark').count()).toBe(0);
    }
    await page.locator('.summary').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await rig.shot(page, 'self-check');
    await page.emulateMedia({ media: 'print' });
    await rig.shot(page, 'self-check-print');
    await page.emulateMedia({ media: 'screen' });

    // check again after an edit: what changed is shown
    const shorter = TEXT.split('\n').slice(0, Math.ceil(TEXT.split('\n').length / 3)).join('\n');
    await page.getByLabel('报告全文').fill(shorter);
    await page.getByRole('button', { name: '开始检查' }).click();
    const second = await check({ text: shorter });
    await page.getByTestId('changes').waitFor();
    await page.waitForFunction((expected) => document.querySelector('[data-testid="total"]')?.textContent === expected, String(second.total));
    const delta = Math.round((second.total - card.total) * 10) / 10;
    expect(await page.getByTestId('changes').textContent()).toContain(`${card.total} → ${second.total}`);
    expect(await page.getByTestId('changes').textContent()).toContain(delta > 0 ? `+${delta}` : String(delta));

    // another profile re-scores, and the total follows the API's for that profile
    await page.getByLabel('评分类别').selectOption('department');
    const asDepartment = await check({ text: shorter, profile: 'department' });
    await page.waitForFunction((expected) => document.querySelector('[data-testid="total"]')?.textContent === expected, String(asDepartment.total));
    await page.getByText('按“政府部门”评分，可更改').waitFor();
  });

  it('uploads a .docx and scores it like the API does', async () => {
    const page = await rig.page();
    await page.goto(`${rig.base}/`);
    await page.getByLabel('上传报告文件').setInputFiles(DOCX);
    await page.getByRole('button', { name: '开始检查' }).click();
    await page.getByTestId('total').waitFor();
    const card = (await request(rig.t.http).post('/check').attach('file', DOCX).expect(200)).body as ScoreCard;
    expect(Number(await page.getByTestId('total').textContent())).toBe(card.total);
    expect(await page.getByTestId('report-text').textContent()).toContain(card.report.title ?? '年度报告');
  });

  it('scores a file dropped onto the page (a real DataTransfer drop)', async () => {
    const page = await rig.page();
    await page.goto(`${rig.base}/`);
    const bytes = [...fs.readFileSync(DOCX)];
    const transfer = await page.evaluateHandle((data) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], '江门市报告.docx', { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }));
      return dt;
    }, bytes);
    await page.dispatchEvent('main', 'dragenter', { dataTransfer: transfer });
    await page.dispatchEvent('main', 'dragover', { dataTransfer: transfer });
    expect(await page.locator('main').getAttribute('class')).toContain('dragging');
    await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
    await page.getByTestId('total').waitFor();
    const card = (await request(rig.t.http).post('/check').attach('file', DOCX).expect(200)).body as ScoreCard;
    expect(Number(await page.getByTestId('total').textContent())).toBe(card.total);
    expect(await page.locator('main').getAttribute('class')).not.toContain('dragging');
  });

  it('shows a bad file and an empty text in an alert, and keeps working', async () => {
    const page = await rig.page();
    await page.goto(`${rig.base}/`);
    await page.getByRole('button', { name: '开始检查' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/请粘贴报告全文/);

    await page.getByLabel('上传报告文件').setInputFiles(GARBAGE);
    await page.getByRole('button', { name: '开始检查' }).click();
    const alert = page.getByRole('alert');
    await page.waitForFunction(() => !/请粘贴/.test(document.querySelector('[role="alert"]')?.textContent ?? '请粘贴'));
    const message = (await alert.textContent()) ?? '';
    const api = (await request(rig.t.http).post('/check').attach('file', GARBAGE)).body as { message: string };
    expect(message).toContain(Array.isArray(api.message) ? api.message[0] : api.message);
    expect(message).toMatch(/[\u4e00-\u9fff]/);
    await rig.shot(page, 'self-check-error');

    await page.getByRole('button', { name: '改用粘贴的文字' }).click();
    await page.getByLabel('报告全文').fill(TEXT);
    await page.getByRole('button', { name: '开始检查' }).click();
    await page.getByTestId('total').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('fits a 390-wide window', async () => {
    const page = await rig.page({ width: 390, height: 844 });
    await page.goto(`${rig.base}/`);
    await page.getByLabel('报告全文').fill(TEXT);
    await page.getByRole('button', { name: '开始检查' }).click();
    await page.getByTestId('total').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await rig.shot(page, 'self-check-390');
  });
});

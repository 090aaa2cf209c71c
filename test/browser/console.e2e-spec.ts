import ExcelJS from 'exceljs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { generateReports } from '../support/batch-fixtures';
import { REPORT_FIXTURES, ROOT, waitFor } from '../support/test-app';
import { startBrowserRig, type BrowserRig } from './browser';
import type { Page } from 'playwright-core';

const report = (name: string) => fs.readFileSync(path.join(REPORT_FIXTURES, name), 'utf8');
const yearReport = (name: string) => fs.readFileSync(path.join(ROOT, 'test/fixtures/year-over-year', name), 'utf8');

/** The review console at /console in real Chromium, on the real API with BullMQ workers. */
describe('review console (browser)', () => {
  let rig: BrowserRig;
  const keys: Record<'reviewer' | 'agencyA' | 'agencyB', string> = { reviewer: '', agencyA: '', agencyB: '' };
  const aReports: string[] = [];
  let bReport = '';

  const makeKey = async (role: string, org?: string, parentOrg?: string) =>
    (await request(rig.t.http).post('/api-keys').set('Authorization', rig.t.admin).send({ role, org, parentOrg }).expect(201)).body.key as string;
  const submit = async (key: string, text: string) => (await request(rig.t.http).post('/reports').set('Authorization', `Bearer ${key}`).send({ text }).expect(201)).body.id as string;
  const assessment = (id: string) => request(rig.t.http).get(`/reports/${id}/assessment`).set('Authorization', rig.t.admin);
  const scored = (id: string) => waitFor(async () => ((await assessment(id)).body.status === 'done' ? (await assessment(id)).body : null), 60_000, `report ${id} scored`);

  async function login(page: Page, key: string, valid = true) {
    await page.goto(`${rig.base}/console`);
    await page.getByLabel('API 密钥').fill(key);
    await page.getByRole('button', { name: '登录' }).click();
    if (valid) await page.getByRole('button', { name: '退出登录' }).waitFor();
  }
  const rowIds = (page: Page) => page.getByTestId('reports').locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-report-id')));

  beforeAll(async () => {
    rig = await startBrowserRig({ queueMode: 'bullmq' });
    keys.reviewer = await makeKey('reviewer', '江门市司法局');
    keys.agencyA = await makeKey('agency', '江门市江海区人民政府', '江门市司法局');
    keys.agencyB = await makeKey('agency', '江门市蓬江区人民政府', '江门市司法局');
    aReports.push(await submit(keys.agencyA, report('001_1c1d18808efcf126.txt')), await submit(keys.agencyA, report('000_461a89b47b0cee9b.txt')));
    bReport = await submit(keys.agencyB, report('003_efdde5739ee958ba.txt'));
    for (const id of [...aReports, bReport]) await scored(id);
  });
  afterAll(() => rig?.close());
  afterEach(() => {
    expect(rig.outside).toEqual([]);
    expect(rig.errors).toEqual([]);
  });

  it('refuses a wrong key with an alert, and keeps the key in the tab only', async () => {
    const page = await rig.page();
    await login(page, 'not-a-real-key-000000', false);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('密钥无效');
    await rig.shot(page, 'console-login');
    await login(page, keys.agencyA);
    await page.getByTestId('reports').waitFor();
    expect(await page.evaluate(() => [sessionStorage.getItem('fzs.apiKey'), localStorage.length, document.cookie])).toEqual([keys.agencyA, 0, '']);
  });

  it('shows an agency only its own reports, and a reviewer those of the organisations under it', async () => {
    const agency = await rig.page();
    await login(agency, keys.agencyA);
    await agency.getByTestId('reports').waitFor();
    await waitFor(async () => (await rowIds(agency)).length === aReports.length, 20_000, 'agency rows');
    expect((await rowIds(agency)).sort()).toEqual([...aReports].sort());
    expect(await agency.getByRole('link', { name: '批次' }).count()).toBe(0);
    await agency.goto(`${rig.base}/console/reports/${bReport}`);
    await expect(agency.getByRole('alert').textContent()).resolves.toContain('没有找到这份报告');

    const reviewer = await rig.page();
    await login(reviewer, keys.reviewer);
    await waitFor(async () => (await rowIds(reviewer)).length === 3, 20_000, 'reviewer rows');
    expect((await rowIds(reviewer)).sort()).toEqual([...aReports, bReport].sort());
    // totals in the list are the API's
    const first = (await assessment(aReports[0])).body;
    const cells = await reviewer.locator(`tr[data-report-id="${aReports[0]}"] td`).allTextContents();
    expect(cells).toContain(String(first.total));
    expect(cells).toContain(first.grade);
    await rig.shot(reviewer, 'console-reports');
  });

  it('lets a reviewer override an item with a reason; the total and the audit trail follow', async () => {
    const id = aReports[0];
    const before = (await assessment(id)).body;
    const target = before.card.items.find((it: { status: string }) => it.status === 'missing') ?? before.card.items.find((it: { status: string }) => it.status === 'partial');
    const page = await rig.page();
    await login(page, keys.reviewer);
    await page.goto(`${rig.base}/console/reports/${id}`);
    await page.getByTestId('total').waitFor();
    expect(Number(await page.getByTestId('total').textContent())).toBe(before.total);

    const item = page.getByTestId(`item-${target.id}`);
    await item.getByRole('button', { name: `更正 ${target.id}` }).click();
    await item.getByLabel(`${target.id} 更正为`).selectOption('met');
    await item.getByRole('button', { name: '保存更正' }).click();
    await expect(item.getByRole('alert').textContent()).resolves.toContain('请填写更正理由');
    await item.getByLabel(`${target.id} 更正理由`).fill('报告第三部分已写明该项工作及成效');
    await item.getByRole('button', { name: '保存更正' }).click();

    const after = await waitFor(async () => {
      const a = (await assessment(id)).body;
      return a.total !== before.total ? a : null;
    }, 20_000, 'override applied');
    await page.waitForFunction((t) => document.querySelector('[data-testid="total"]')?.textContent === t, String(after.total));
    expect(after.total).toBeGreaterThan(before.total);
    expect(await page.getByTestId(`item-${target.id}`).getAttribute('data-status')).toBe('met');
    await page.getByTestId('audit').waitFor();
    expect(await page.getByTestId('audit').textContent()).toContain('报告第三部分已写明该项工作及成效');
    expect(await page.getByTestId('override-note').textContent()).toContain(String(before.total));
    await page.evaluate(() => window.scrollTo(0, 0));
    await rig.shot(page, 'console-report');
    const [letter] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载反馈意见（Word）' }).click()]);
    expect(letter.suggestedFilename()).toMatch(/\.docx$/);
    expect(fs.readFileSync((await letter.path())!).subarray(0, 2).toString()).toBe('PK');

    // an agency sees the corrected card but cannot correct
    const agency = await rig.page();
    await login(agency, keys.agencyA);
    await agency.goto(`${rig.base}/console/reports/${id}`);
    await agency.getByTestId('total').waitFor();
    expect(Number(await agency.getByTestId('total').textContent())).toBe(after.total);
    expect(await agency.getByRole('button', { name: /^更正 / }).count()).toBe(0);
  });

  it('runs a 12-file batch to 12/12, ranks it and downloads an Excel file that opens', async () => {
    const files = generateReports(12, 'web');
    expect(files).toHaveLength(12);
    const page = await rig.page();
    await login(page, keys.reviewer);
    await page.getByRole('link', { name: '批次' }).click();
    await page.getByLabel('上传批次文件').setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: f.bytes })));
    await page.getByLabel('批次名称').fill('2024年度网页批次');
    await rig.shot(page, 'console-batches');
    await page.getByRole('button', { name: '创建批次' }).click();

    const progress = page.getByTestId('batch-progress');
    await progress.waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="batch-progress"]')?.getAttribute('aria-valuenow') === '12', undefined, { timeout: 120_000 });
    expect(await progress.textContent()).toContain('12/12');
    expect(await progress.getAttribute('aria-valuemax')).toBe('12');
    const ranking = page.getByTestId('ranking');
    await ranking.waitFor({ timeout: 60_000 });
    const batchId = page.url().split('/').pop()!;
    const results = (await request(rig.t.http).get(`/batches/${batchId}/results`).set('Authorization', `Bearer ${keys.reviewer}`).expect(200)).body;
    expect(await ranking.locator('tbody tr').count()).toBe(12);
    const totals = (await ranking.locator('tbody tr td:nth-child(6)').allTextContents()).map(Number);
    expect(totals).toEqual(results.ranking.map((r: { total: number }) => r.total));
    await page.getByRole('button', { name: /^总分/ }).click();
    const sorted = (await ranking.locator('tbody tr td:nth-child(6)').allTextContents()).map(Number);
    expect(sorted).toEqual([...sorted].sort((a, b) => b - a));
    await page.getByRole('button', { name: /^总分/ }).click();
    expect((await ranking.locator('tbody tr td:nth-child(6)').allTextContents()).map(Number)).toEqual([...sorted].reverse());
    await rig.shot(page, 'console-batch');

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出Excel' }).click()]);
    expect(xlsx.suggestedFilename()).toBe('2024年度网页批次.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await xlsx.path())!);
    const sheet = book.worksheets[0];
    expect(sheet.actualRowCount).toBe(13);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出CSV' }).click()]);
    expect(csv.suggestedFilename()).toBe('2024年度网页批次.csv');
    // the header and the 12 reports, records ending in CRLF (a line break inside a quoted field is not a record)
    expect(fs.readFileSync((await csv.path())!, 'utf8').trim().split('\r\n')).toHaveLength(13);
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出JSON' }).click()]);
    expect(JSON.parse(fs.readFileSync((await json.path())!, 'utf8'))).toHaveLength(12);
    const [season] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载评估情况报告（Word）' }).click()]);
    expect(season.suggestedFilename()).toMatch(/\.docx$/);
    expect(fs.readFileSync((await season.path())!).subarray(0, 2).toString()).toBe('PK');
  });

  it('lists a batch file that could not be scored with its reason', async () => {
    const files = [...generateReports(14, 'bad').slice(12), { name: '乱码.bin', bytes: fs.readFileSync(path.join(ROOT, 'test/fixtures/bad/garbage.bin')) }];
    const page = await rig.page();
    await login(page, keys.reviewer);
    await page.goto(`${rig.base}/console/batches`);
    await page.getByLabel('上传批次文件').setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: f.bytes })));
    await page.getByRole('button', { name: '创建批次' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="batch-progress"]')?.getAttribute('aria-valuenow') === '3', undefined, { timeout: 120_000 });
    await page.getByTestId('batch-failures').waitFor({ timeout: 60_000 });
    const batchId = page.url().split('/').pop()!;
    const results = (await request(rig.t.http).get(`/batches/${batchId}/results`).set('Authorization', `Bearer ${keys.reviewer}`).expect(200)).body;
    expect(results.failed).toHaveLength(1);
    const listed = await page.getByTestId('batch-failures').textContent();
    expect(listed).toContain('乱码.bin');
    expect(listed).toContain(results.failed[0].error);
    expect(await page.getByTestId('ranking').locator('tbody tr').count()).toBe(2);
    expect(await page.getByRole('status').filter({ hasText: '已处理' }).textContent()).toContain('其中 1 份失败');
  });

  it('browses the rubric and (admins) creates, lists and revokes keys', async () => {
    const page = await rig.page();
    await login(page, rig.t.admin.replace('Bearer ', ''));
    await page.getByRole('link', { name: '评分细则' }).click();
    const rubric = (await request(rig.t.http).get('/rubrics/outline-2021-2025').set('Authorization', rig.t.admin).expect(200)).body;
    await page.getByTestId(`rubric-item-${rubric.items[0].id}`).waitFor();
    expect(await page.locator('[data-testid^="rubric-item-"]').count()).toBe(rubric.items.length);
    expect(await page.getByTestId(`rubric-item-${rubric.items[0].id}`).textContent()).toContain(rubric.items[0].title);
    await rig.shot(page, 'console-rubric');

    await page.getByRole('link', { name: '密钥' }).click();
    await page.getByTestId('keys').waitFor();
    await page.getByLabel('单位', { exact: true }).fill('江门市新会区人民政府');
    await page.getByRole('button', { name: '新建密钥' }).click();
    const shown = (await page.getByTestId('new-key').textContent())!.trim();
    await request(rig.t.http).get('/reports').set('Authorization', `Bearer ${shown}`).expect(200);
    const prefix = shown.slice(0, 10);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: `吊销 ${prefix}` }).click();
    await page.getByText(/已吊销/).first().waitFor();
    await rig.shot(page, 'console-keys');
    await request(rig.t.http).get('/reports').set('Authorization', `Bearer ${shown}`).expect(401);
  });

  describe('a report against its year before', () => {
    const ids = { y2023: '', y2024: '' };
    const asReviewer = (url: string) => request(rig.t.http).get(url).set('Authorization', `Bearer ${keys.reviewer}`);
    beforeAll(async () => {
      ids.y2023 = await submit(keys.agencyA, yearReport('qinghe-2023.txt'));
      ids.y2024 = await submit(keys.agencyA, yearReport('qinghe-2024.txt'));
      for (const id of [ids.y2023, ids.y2024]) await scored(id);
    });

    it('compares with the previous year: total delta, items that moved, plan fulfilment, and the copied passages', async () => {
      const comparison = (await asReviewer(`/reports/${ids.y2024}/compare`).expect(200)).body;
      const copies = (await asReviewer(`/reports/${ids.y2024}/copies`).expect(200)).body;
      const page = await rig.page();
      await login(page, keys.reviewer);
      await page.goto(`${rig.base}/console/reports/${ids.y2024}`);
      const summary = page.getByTestId('compare-summary');
      await summary.waitFor();
      const signed = (x: number) => (x > 0 ? `+${x}` : x < 0 ? `−${Math.abs(x)}` : '±0');
      expect(await summary.textContent()).toContain(`${comparison.previous.total} 分（${comparison.previous.grade}）→ 本年度 ${comparison.current.total} 分`);
      expect(await page.getByTestId('compare-delta').textContent()).toBe(signed(comparison.totalDelta));

      // the report's copied passages, outside any batch: the same reports and wording as the API's
      const shown = page.getByTestId('copies');
      await shown.waitFor();
      expect(copies.matches.map((m: { report: { id: string } }) => m.report.id)).toContain(ids.y2023);
      expect(await shown.locator('[data-copy-of]').evaluateAll((els) => els.map((e) => e.getAttribute('data-copy-of')))).toEqual(copies.matches.map((m: { report: { id: string } }) => m.report.id));
      const first = shown.locator(`[data-copy-of="${copies.matches[0].report.id}"] blockquote`);
      expect(await first.first().textContent()).toBe(copies.matches[0].passages[0].a);
      expect(await first.nth(1).textContent()).toBe(copies.matches[0].passages[0].b);

      await page.getByRole('link', { name: '查看同比详情' }).click();
      await page.getByRole('heading', { name: '与上年度比较', level: 1 }).waitFor();
      expect(page.url()).toBe(`${rig.base}/console/reports/${ids.y2024}/compare`);
      await page.getByTestId('compare-totals').waitFor();
      const totals = await page.getByTestId('compare-totals').locator('tbody tr td:nth-child(2)').allTextContents();
      expect(totals.map(Number)).toEqual([comparison.previous.total, comparison.current.total]);
      const itemsIn = (testId: string) => page.getByTestId(testId).locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-item')));
      expect(await itemsIn('compare-newly-met')).toEqual(comparison.newlyMet.map((c: { itemId: string }) => c.itemId));
      expect(await itemsIn('compare-regressed')).toEqual(comparison.regressed.map((c: { itemId: string }) => c.itemId));
      // 青禾县's 2024 report is the first to publish its catalogue of major decisions (4.2)
      expect(comparison.newlyMet.map((c: { itemId: string }) => c.itemId)).toContain('4.2');
      const plan = (await page.getByTestId('compare-plan').textContent()) ?? '';
      expect(plan).toContain(`工作计划 ${comparison.planFulfilment.planned} 项`);
      expect(plan).toContain(`可见落实 ${comparison.planFulfilment.done.length} 项`);
      expect(await page.getByTestId('compare-parts').locator('tbody tr').count()).toBe(comparison.parts.length);
      await rig.shot(page, 'console-compare');
      // the report of the year before has none to compare with, and says so without an alert
      await page.getByRole('link', { name: '打开上年度报告' }).click();
      await page.getByTestId('compare').getByText('无法进行同比').waitFor();
      expect(await page.getByTestId('compare').getByRole('alert').count()).toBe(0);
    });

    it('lets a reviewer waive an item with a reason: the item says 已豁免 and the total follows', async () => {
      const before = (await assessment(ids.y2024)).body;
      const target = before.card.items.find((it: { status: string; max: number; id: string }) => it.status !== 'met' && it.status !== 'not_applicable' && it.max > 0 && !it.id.startsWith('E'));
      const page = await rig.page();
      await login(page, keys.reviewer);
      await page.goto(`${rig.base}/console/reports/${ids.y2024}`);
      await page.getByTestId('total').waitFor();
      const form = page.getByRole('region', { name: '豁免条目' });
      await form.getByLabel('条目').selectOption(target.id);
      await form.getByRole('button', { name: '豁免' }).click();
      await expect(form.getByRole('alert').textContent()).resolves.toContain('请选择条目、填写理由和截止日期');
      await form.getByLabel('理由', { exact: true }).fill('本县无地方立法权，该项不适用');
      await form.getByLabel('截止日期').fill(`${new Date().getFullYear() + 1}-12-31`);
      await form.getByRole('button', { name: '豁免' }).click();
      await form.getByRole('status').filter({ hasText: '已豁免' }).waitFor();

      const after = await waitFor(async () => {
        const a = (await assessment(ids.y2024)).body;
        return a.total !== before.total ? a : null;
      }, 20_000, 'waiver applied');
      const item = page.getByTestId(`item-${target.id}`);
      await page.waitForFunction((t) => document.querySelector('[data-testid="total"]')?.textContent === t, String(after.total));
      expect(await item.getAttribute('data-status')).toBe('not_applicable');
      expect(await item.locator('.status-word').textContent()).toBe('已豁免');
      expect(await item.textContent()).toContain('本县无地方立法权，该项不适用');
      // the list shows the same total, from its one request
      await page.getByRole('link', { name: '← 返回报告列表' }).click();
      await page.waitForFunction(([id, t]) => [...document.querySelectorAll(`tr[data-report-id="${id}"] td`)].some((td) => td.textContent === t), [ids.y2024, String(after.total)]);
    });
  });
});

import ExcelJS from 'exceljs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { Batch, BatchItem } from '../src/batches/batch.entity';
import { BullmqDriver, JobQueue } from '../src/queue';
import { Report } from '../src/reports/report.entity';
import { Assessment } from '../src/scoring/assessment.entity';
import { BAD, BASES, generateReports, zipOf, type GeneratedFile } from './support/batch-fixtures';
import { exited, startProcess } from './support/processes';
import { REPORT_FIXTURES, startTestApp, waitFor, type TestApp } from './support/test-app';

const fixture = (base: string) => fs.readFileSync(path.join(REPORT_FIXTURES, `${base}.txt`), 'utf8');

function upload(t: TestApp, files: GeneratedFile[], auth = t.admin, fields: Record<string, string> = {}) {
  let req = request(t.http).post('/batches').set('Authorization', auth);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  for (const f of files) req = req.attach('files', f.bytes, f.name);
  return req;
}

async function finished(t: TestApp, id: string, timeoutMs = 180_000, auth = t.admin) {
  return waitFor(async () => {
    const res = await request(t.http).get(`/batches/${id}`).set('Authorization', auth).expect(200);
    return res.body.status === 'done' ? res.body : undefined;
  }, timeoutMs, `batch ${id}`);
}

/** Every report of the batch has exactly one assessment, and every item points at a distinct report. */
async function scoredOnce(t: TestApp, batchId: string) {
  const items = await t.dataSource.getRepository(BatchItem).findBy({ batchId, status: 'done' });
  const reportIds = items.map((i) => i.reportId!);
  expect(new Set(reportIds).size).toBe(items.length);
  const counts = (await t.dataSource
    .getRepository(Assessment)
    .createQueryBuilder('a')
    .select('a.reportId', 'reportId')
    .addSelect('COUNT(*)', 'n')
    .groupBy('a.reportId')
    .getRawMany()) as Array<{ reportId: string; n: string | number }>;
  const byReport = new Map(counts.map((c) => [c.reportId, Number(c.n)]));
  for (const id of reportIds) expect(byReport.get(id)).toBe(1);
  const assessments = await t.dataSource.getRepository(Assessment).findBy({});
  for (const id of reportIds) expect(assessments.find((a) => a.reportId === id)?.status).toBe('done');
  return items;
}

describe('batches through the BullMQ flow (API with an in-process worker)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ queueMode: 'bullmq' })));
  afterAll(() => t.close());

  const reports = generateReports(108, 'files');
  let batchId: string;

  it('scores 100+ uploaded files, each report exactly once, with progress in the database', async () => {
    const res = await upload(t, reports, t.admin, { name: '2024年度测试批次' }).expect(201);
    batchId = res.body.id;
    expect(Object.keys(res.body)).toEqual(['id']);
    const status = await finished(t, batchId);
    expect(status).toMatchObject({ id: batchId, name: '2024年度测试批次', status: 'done', total: reports.length, done: reports.length, failed: 0, eta: null });
    expect(new Date(status.finishedAt).getTime()).toBeGreaterThanOrEqual(new Date(status.startedAt).getTime());
    const items = await scoredOnce(t, batchId);
    expect(items).toHaveLength(reports.length);
    expect(await t.dataSource.getRepository(Report).countBy({ batchId })).toBe(reports.length);
    // the uploaded bytes are not kept once processed
    expect((await t.dataSource.getRepository(BatchItem).findBy({ batchId })).every((i) => i.bytes === null)).toBe(true);
    const list = await request(t.http).get('/batches').set('Authorization', t.admin).expect(200);
    expect(list.body.items.map((b: { id: string }) => b.id)).toContain(batchId);
  });

  it('ranks by total and counts gaps exactly as the report cards say', async () => {
    const results = (await request(t.http).get(`/batches/${batchId}/results`).set('Authorization', t.admin).expect(200)).body;
    expect(results.ranking).toHaveLength(reports.length);
    const cards = new Map<string, { total: number; grade: string; parts: unknown; items: Array<{ id: string; status: string }>; gaps: Array<{ itemId: string }> }>();
    for (const row of results.ranking) {
      const res = await request(t.http).get(`/reports/${row.reportId}/assessment`).set('Authorization', t.admin).expect(200);
      cards.set(row.reportId, res.body.card);
    }
    const totals = results.ranking.map((r: { total: number }) => r.total);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    for (const row of results.ranking) {
      const card = cards.get(row.reportId)!;
      expect(row.total).toBe(card.total);
      expect(row.grade).toBe(card.grade);
      expect(row.parts).toEqual(card.parts);
      expect(row.gapCount).toBe(card.gaps.length);
      expect(row.topGaps.map((g: { itemId: string }) => g.itemId)).toEqual(card.gaps.slice(0, 3).map((g) => g.itemId));
    }
    const expected = new Map<string, number>();
    const applicable = new Map<string, number>();
    for (const card of cards.values()) {
      for (const it of card.items) {
        if (it.status !== 'not_applicable') applicable.set(it.id, (applicable.get(it.id) ?? 0) + 1);
        if (it.status === 'missing' || it.status === 'partial') expected.set(it.id, (expected.get(it.id) ?? 0) + 1);
      }
    }
    expect(results.gapFrequency).toHaveLength(expected.size);
    // each gap is named as the batch's rubric names the item
    const [rubricId, version] = (await request(t.http).get(`/batches/${batchId}`).set('Authorization', t.admin).expect(200)).body.rubric.split('@');
    const rubric = (await request(t.http).get(`/rubrics/${rubricId}?version=${version}`).set('Authorization', t.admin).expect(200)).body;
    const rubricItems = new Map<string, { title: string; outlineRef: string }>(rubric.items.map((it: { id: string; title: string; outlineRef: string }) => [it.id, it]));
    for (const g of results.gapFrequency) {
      expect(g.count).toBe(expected.get(g.itemId));
      // the share of the reports the item applies to (defect 5), not of all reports
      expect(g.share).toBeCloseTo(g.count / applicable.get(g.itemId)!, 3);
      expect({ title: g.title, outlineRef: g.outlineRef }).toEqual({ title: rubricItems.get(g.itemId)!.title, outlineRef: rubricItems.get(g.itemId)!.outlineRef });
    }
    const counts = results.gapFrequency.map((g: { count: number }) => g.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(results.distribution.count).toBe(reports.length);
    expect(results.distribution.buckets.reduce((s: number, b: { count: number }) => s + b.count, 0)).toBe(reports.length);
    expect(results.distribution.byGrade.reduce((s: number, b: { count: number }) => s + b.count, 0)).toBe(reports.length);
    expect(results.failed).toEqual([]);
  });

  it('exports XLSX (header, frozen panes, gap frequency sheet), CSV with BOM and JSON, one row per report', async () => {
    const xlsx = await request(t.http).get(`/batches/${batchId}/export?format=xlsx`).set('Authorization', t.admin).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers['content-disposition']).toMatch(/^attachment; filename=".*\.xlsx"; filename\*=UTF-8''.*\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('ranking')!;
    expect(sheet.rowCount).toBe(reports.length + 1);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['文件', '报告单位', '层级', '年度', '总分', '等级', 'E1', 'E5', '差距项数', '主要差距', '疑似重复']));
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const gapSheet = workbook.getWorksheet('gap frequency')!;
    const results = (await request(t.http).get(`/batches/${batchId}/results`).set('Authorization', t.admin).expect(200)).body;
    expect(gapSheet.rowCount).toBe(results.gapFrequency.length + 1);
    expect(gapSheet.getRow(2).getCell(1).value).toBe(results.gapFrequency[0].itemId);
    // the first data row is the top of the ranking
    const totalColumn = header.indexOf('总分') + 1;
    expect(sheet.getRow(2).getCell(totalColumn).value).toBe(results.ranking[0].total);

    const csv = await request(t.http).get(`/batches/${batchId}/export?format=csv`).set('Authorization', t.admin).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/\.csv$/);
    const text = (csv.body as Buffer).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines).toHaveLength(reports.length + 1);
    expect(lines[0]).toContain('报告单位');

    const json = await request(t.http).get(`/batches/${batchId}/export?format=json`).set('Authorization', t.admin).expect(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.body).toHaveLength(reports.length);
    expect(Object.keys(json.body[0])).toEqual(expect.arrayContaining(['file', 'issuer', 'level', 'year', 'total', 'grade', 'parts', 'E1', 'E2', 'E3', 'E4', 'E5', 'gapCount', 'topGaps', 'duplicates']));
    await request(t.http).get(`/batches/${batchId}/export?format=pdf`).set('Authorization', t.admin).expect(400);
  });

  it('takes one zip with nested folders and a manifest, and applies the manifest metadata', async () => {
    const files = generateReports(104, 'zip');
    const zip = await zipOf(files.map((f, i) => ({ name: `${['区直部门', '镇街/第一组', '镇街/第二组'][i % 3]}/${f.name}`, bytes: f.bytes })));
    const target = files[20];
    const manifest = `文件名,报告单位,层级,年度,发布日期\n${target.name},测试市某某局,department,2023,2024-03-01\n`;
    const res = await request(t.http)
      .post('/batches')
      .set('Authorization', t.admin)
      .attach('files', zip, '2024年度报告.zip')
      .attach('manifest', Buffer.from(manifest, 'utf8'), 'manifest.csv')
      .expect(201);
    const status = await finished(t, res.body.id);
    expect(status).toMatchObject({ total: files.length, done: files.length, failed: 0 });
    const items = await scoredOnce(t, res.body.id);
    expect(items.map((i) => i.filename)).toContain(`镇街/第二组/${target.name}`);
    const item = items.find((i) => i.filename.endsWith(target.name))!;
    const report = (await request(t.http).get(`/reports/${item.reportId}`).set('Authorization', t.admin).expect(200)).body;
    expect(report).toMatchObject({ issuer: '测试市某某局', level: 'department', year: 2023, publishedAt: '2024-03-01' });
  });

  it('finishes a batch with corrupt files: those failed with their error, all others done', async () => {
    const good = generateReports(15, 'mixed').slice(-3);
    const bad = ['corrupt.docx', 'corrupt.pdf', 'garbage.bin', 'empty.txt', 'english.txt'].map((name) => ({ name, bytes: fs.readFileSync(path.join(BAD, name)) }));
    const res = await upload(t, [...good, ...bad]).expect(201);
    const status = await finished(t, res.body.id);
    expect(status).toMatchObject({ total: 8, done: 3, failed: 5 });
    const results = (await request(t.http).get(`/batches/${res.body.id}/results`).set('Authorization', t.admin).expect(200)).body;
    expect(results.ranking).toHaveLength(3);
    expect(results.failed.map((f: { file: string }) => f.file).sort()).toEqual(bad.map((b) => b.name).sort());
    const byFile = new Map(results.failed.map((f: { file: string; error: string }) => [f.file, f.error]));
    expect(byFile.get('corrupt.docx')).toMatch(/docx/i);
    expect(byFile.get('corrupt.pdf')).toMatch(/pdf/i);
    expect(byFile.get('english.txt')).toMatch(/没有中文/);
    expect(byFile.get('empty.txt')).toMatch(/为空/);
    // a failed file fails fast (UnrecoverableError): one attempt
    const failedItems = await t.dataSource.getRepository(BatchItem).findBy({ batchId: res.body.id, status: 'failed' });
    expect(failedItems.every((i) => i.attempts === 1)).toBe(true);
  });

  it('refuses unsafe or oversized zips and bad manifests with 400, storing nothing', async () => {
    const before = await t.dataSource.getRepository(Batch).count();
    const good = generateReports(13, 'unsafe').slice(-1)[0];
    const cases: Array<[string, () => Promise<request.Response>, RegExp]> = [
      ['../ path', async () => request(t.http).post('/batches').set('Authorization', t.admin).attach('files', await zipOf([good, { name: '../../etc/evil.txt', bytes: good.bytes }]), 'a.zip'), /路径.*不安全/],
      ['absolute path', async () => request(t.http).post('/batches').set('Authorization', t.admin).attach('files', await zipOf([{ name: '/tmp/evil.txt', bytes: good.bytes }]), 'a.zip'), /路径.*不安全/],
      ['too many files', async () => request(t.http).post('/batches').set('Authorization', t.admin).attach('files', await zipOf(Array.from({ length: 5001 }, (_, i) => ({ name: `f/${i}.txt`, bytes: '法' }))), 'many.zip'), /文件过多/],
      ['not a zip', async () => request(t.http).post('/batches').set('Authorization', t.admin).attach('files', Buffer.from('not a zip at all'), 'broken.zip'), /zip/],
      ['no files', async () => request(t.http).post('/batches').set('Authorization', t.admin).field('name', 'x'), /没有报告文件/],
      ['manifest names a missing file', async () => upload(t, [good]).attach('manifest', Buffer.from('file,issuer\nnope.txt,某局\n'), 'm.csv'), /不在上传内容中/],
      ['manifest with an unknown column', async () => upload(t, [good]).attach('manifest', Buffer.from('file,colour\nx.txt,red\n'), 'm.csv'), /无法识别/],
      ['unknown field', async () => upload(t, [good], t.admin, { colour: 'red' }), /colour/],
    ];
    for (const [what, send, message] of cases) {
      const res = await send();
      const code = what === 'unknown field' ? 'VALIDATION_FAILED' : 'INVALID_BATCH_UPLOAD';
      expect([what, res.status, res.body.error]).toEqual([what, 400, code]);
      expect(JSON.stringify(res.body.message)).toMatch(message);
    }
    expect(await t.dataSource.getRepository(Batch).count()).toBe(before);
  });

  it('keeps batches inside the organisations a caller can see', async () => {
    const key = async (role: string, org: string) => (await request(t.http).post('/api-keys').set('Authorization', t.admin).send({ role, org }).expect(201)).body.key as string;
    const reviewerA = `Bearer ${await key('reviewer', '甲市司法局')}`;
    const reviewerB = `Bearer ${await key('reviewer', '乙市司法局')}`;
    const agencyA = `Bearer ${await key('agency', '甲市司法局')}`;
    const res = await upload(t, generateReports(14, 'orgA').slice(-2), reviewerA).expect(201);
    await finished(t, res.body.id, 60_000, reviewerA);
    for (const suffix of ['', '/results', '/export?format=csv']) {
      await request(t.http).get(`/batches/${res.body.id}${suffix}`).set('Authorization', reviewerB).expect(404);
      await request(t.http).get(`/batches/${res.body.id}${suffix}`).set('Authorization', reviewerA).expect(200);
    }
    const listB = await request(t.http).get('/batches').set('Authorization', reviewerB).expect(200);
    expect(listB.body.items.map((b: { id: string }) => b.id)).not.toContain(res.body.id);
    const listA = await request(t.http).get('/batches').set('Authorization', reviewerA).expect(200);
    expect(listA.body.items.map((b: { id: string }) => b.id)).toEqual([res.body.id]);
    await request(t.http).get(`/batches/${res.body.id}`).set('Authorization', agencyA).expect(403);
    await upload(t, generateReports(13, 'agency').slice(-1), agencyA).expect(403);
    await request(t.http).get('/batches/not-a-uuid').set('Authorization', reviewerA).expect(404);
    await request(t.http).get(`/batches/${res.body.id}`).expect(401);
  });
});

describe('batches in inline mode: copy detection and plan fulfilment', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ queueMode: 'inline' })));
  afterAll(() => t.close());

  it('flags a report made of two others’ paragraphs against both, and not the originals against each other', async () => {
    const [zengcheng, jianghai, zhongshan] = BASES.map(fixture);
    const paragraphs = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => l.length > 60);
    const a = paragraphs(jianghai);
    const b = paragraphs(zhongshan);
    const composite = ['某区2023年法治政府建设年度报告', ...a.slice(0, Math.ceil(a.length / 2)), ...b.slice(0, Math.ceil(b.length / 2))].join('\n');
    const files = [
      { name: 'zengcheng.txt', bytes: Buffer.from(zengcheng) },
      { name: 'jianghai.txt', bytes: Buffer.from(jianghai) },
      { name: 'zhongshan.txt', bytes: Buffer.from(zhongshan) },
      { name: 'composite.txt', bytes: Buffer.from(composite) },
    ];
    const byName = new Map(files.map((f) => [f.name, f.bytes.toString('utf8')]));
    const res = await upload(t, files).expect(201);
    await finished(t, res.body.id, 60_000);
    const results = (await request(t.http).get(`/batches/${res.body.id}/results`).set('Authorization', t.admin).expect(200)).body;
    const pairs = results.copies.map((c: { a: { file: string }; b: { file: string } }) => [c.a.file, c.b.file].sort().join(' ~ ')).sort();
    expect(pairs).toEqual(['composite.txt ~ jianghai.txt', 'composite.txt ~ zhongshan.txt']);
    for (const c of results.copies) {
      expect(Math.max(c.shareA, c.shareB)).toBeGreaterThan(0.3);
      expect(c.passages.length).toBeGreaterThan(0);
      // each passage is quoted in the words of the file it is shown for
      for (const p of c.passages) {
        expect(byName.get(c.a.file)).toContain(p.a);
        expect(byName.get(c.b.file)).toContain(p.b);
      }
    }
    const compositeRow = results.ranking.find((r: { file: string }) => r.file === 'composite.txt');
    expect(compositeRow.duplicates.map((d: { file: string }) => d.file).sort()).toEqual(['jianghai.txt', 'zhongshan.txt']);
    const json = await request(t.http).get(`/batches/${res.body.id}/export?format=json`).set('Authorization', t.admin).expect(200);
    expect(json.body.find((r: { file: string }) => r.file === 'zengcheng.txt').duplicates).toEqual([]);
  });

  it('reports which of last year’s planned items this year’s report says were done', async () => {
    const next = [
      '江门市江海区2023年法治政府建设年度报告',
      '一、主要举措和成效',
      '（一）严格依法决策。严格执行《重大行政决策程序暂行条例》，全年公布重大行政决策目录事项5项，全部履行法定程序。',
      '（二）调解工作。坚持和发展新时代“枫桥经验”，全区人民调解组织调解矛盾纠纷1200余宗，调解成功率98%。',
      '（三）应诉工作。全区行政机关负责人出庭应诉率达100%，出庭应诉制度全面落实。',
      '二、存在的问题',
      '基层执法力量仍然薄弱，原因是编制不足。',
      '三、2024年工作计划',
      '2024年，我区将继续加强法治政府建设，推进依法行政。',
    ].join('\n');
    const manifest = 'file,issuer,year\njianghai-2022.txt,江门市江海区人民政府,2022\njianghai-2023.txt,江门市江海区人民政府,2023\n';
    const res = await upload(t, [
      { name: 'jianghai-2022.txt', bytes: Buffer.from(`${fixture(BASES[1])}\n（存档）`) },
      { name: 'jianghai-2023.txt', bytes: Buffer.from(next) },
    ])
      .attach('manifest', Buffer.from(manifest), 'manifest.csv')
      .expect(201);
    await finished(t, res.body.id, 60_000);
    const results = (await request(t.http).get(`/batches/${res.body.id}/results`).set('Authorization', t.admin).expect(200)).body;
    expect(results.planFulfilment).toHaveLength(1);
    const plan = results.planFulfilment[0];
    expect(plan).toMatchObject({ file: 'jianghai-2023.txt', previousYear: 2022 });
    // the 2023 report says three of the 2022 plan's tasks were done (decision procedure, 枫桥经验, 出庭应诉) and
    // nothing of its 普法 task
    const done: string[] = plan.done.map((d: { item: string }) => d.item);
    for (const task of ['重大行政决策程序暂行条例', '枫桥经验', '出庭应诉']) expect(done.filter((item) => item.includes(task))).toHaveLength(1);
    expect(plan.silent.filter((item: string) => item.includes('谁执法谁普法'))).toHaveLength(2);
    expect(plan.planned).toBe(plan.done.length + plan.silent.length);
    const row = results.ranking.find((r: { file: string }) => r.file === 'jianghai-2023.txt');
    expect(row.planFulfilment).toMatchObject({ previousYear: 2022, done: plan.done.length });
    // the same on the report's card
    const card = (await request(t.http).get(`/reports/${plan.reportId}/assessment`).set('Authorization', t.admin).expect(200)).body.card;
    expect(card.planFulfilment).toMatchObject({ previousYear: 2022, planned: plan.planned });
    expect(card.planFulfilment.done.map((d: { item: string }) => d.item)).toEqual(plan.done.map((d: { item: string }) => d.item));
  });

  it('names an earlier year’s copied report by its file and issuer in results, as the export does (defect 2)', async () => {
    const issuer = '中山市测试区人民政府';
    const text = `${fixture(BASES[2])}\n（往年对照稿）`;
    const manifest = (file: string, year: number) => `file,issuer,year\n${file},${issuer},${year}\n`;
    const first = await upload(t, [{ name: 'zhongshan-2022.txt', bytes: Buffer.from(text) }]).attach('manifest', Buffer.from(manifest('zhongshan-2022.txt', 2022)), 'manifest.csv').expect(201);
    await finished(t, first.body.id, 60_000);
    const second = await upload(t, [{ name: 'zhongshan-2023.txt', bytes: Buffer.from(`${text}\n（本年度稿）`) }]).attach('manifest', Buffer.from(manifest('zhongshan-2023.txt', 2023)), 'manifest.csv').expect(201);
    await finished(t, second.body.id, 60_000);
    const results = (await request(t.http).get(`/batches/${second.body.id}/results`).set('Authorization', t.admin).expect(200)).body;
    expect(results.copies).toHaveLength(1);
    expect(results.copies[0]).toMatchObject({ earlier: true, a: { file: 'zhongshan-2023.txt', issuer }, b: { file: 'zhongshan-2022.txt', issuer, year: 2022 } });
    const [row] = results.ranking;
    expect(row.duplicates).toEqual([expect.objectContaining({ file: 'zhongshan-2022.txt', earlier: true })]);
    const exported = (await request(t.http).get(`/batches/${second.body.id}/export?format=json`).set('Authorization', t.admin).expect(200)).body;
    expect(exported[0].duplicates).toEqual([expect.stringMatching(/^zhongshan-2022\.txt \d+% \(往年\)$/)]);
  });
});

describe('a worker process killed in the middle of a batch', () => {
  let t: TestApp;
  const workers: ReturnType<typeof startProcess>[] = [];
  beforeAll(async () => (t = await startTestApp({ queueMode: 'bullmq', worker: false, env: { WORKER_LOCK_MS: '2000' } })));
  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    await t.close();
  });

  it('still finishes, every report with exactly one assessment', async () => {
    if (t.config.database.type !== 'sqlite') throw new Error('expects the SQLite test database');
    const env = {
      DATABASE_URL: `sqlite:${t.config.database.database}`,
      QUEUE_PREFIX: t.config.queuePrefix,
      QUEUE_MODE: 'bullmq',
      LOG_LEVEL: 'silent',
      WORKER_LOCK_MS: '2000',
      WORKER_CONCURRENCY: '4',
    };
    const files = generateReports(60, 'kill');
    const res = await upload(t, files).expect(201);
    const first = startProcess('worker.js', env);
    workers.push(first);
    // killed while it holds jobs: some items done, some active in its hands, others waiting
    const itemQueue = (t.app.get(JobQueue).driver as BullmqDriver).queueOf('item');
    await waitFor(async () => {
      const status = (await request(t.http).get(`/batches/${res.body.id}`).set('Authorization', t.admin).expect(200)).body;
      return status.done >= 5 && status.done < files.length - 10 && (await itemQueue.getActiveCount()) > 0;
    }, 60_000, 'first worker to be busy with jobs');
    first.kill('SIGKILL');
    expect(await exited(first)).toBe('SIGKILL');
    const progress = (await request(t.http).get(`/batches/${res.body.id}`).set('Authorization', t.admin).expect(200)).body;
    expect(progress.status).toBe('running');
    expect(progress.done).toBeLessThan(files.length);

    const second = startProcess('worker.js', env);
    workers.push(second);
    const status = await finished(t, res.body.id, 120_000);
    expect(status).toMatchObject({ total: files.length, done: files.length, failed: 0 });
    const items = await scoredOnce(t, res.body.id);
    expect(items).toHaveLength(files.length);
    second.kill('SIGTERM');
    expect([0, 'SIGTERM']).toContain(await exited(second));
  });
});

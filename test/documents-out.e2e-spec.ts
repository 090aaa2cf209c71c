import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { readDocx } from './support/docx';
import { REPORT_FIXTURES, ROOT, startTestApp, waitFor, type TestApp } from './support/test-app';

const YOY = path.join(ROOT, 'test/fixtures/year-over-year');
const qinghe = (year: number) => fs.readFileSync(path.join(YOY, `qinghe-${year}.txt`), 'utf8');
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** supertest buffers binary bodies only when told how */
const binary = (res: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('documents from the API: feedback letter, comparison, season report', () => {
  let t: TestApp;
  let reviewer: string;
  let agency: string;
  let otherAgency: string;
  let outsider: string;
  const ids: Record<number, string> = {};

  const assessment = async (id: string) => (await request(t.http).get(`/reports/${id}/assessment`).set('Authorization', t.admin).expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp({ queueMode: 'inline' });
    const key = async (role: string, org: string, parentOrg?: string) => `Bearer ${(await request(t.http).post('/api-keys').set('Authorization', t.admin).send({ role, org, parentOrg }).expect(201)).body.key}`;
    reviewer = await key('reviewer', '青禾市司法局');
    agency = await key('agency', '青禾县人民政府', '青禾市司法局');
    otherAgency = await key('agency', '白河县人民政府', '青禾市司法局');
    outsider = await key('reviewer', '中山市司法局');
    for (const year of [2023, 2024]) {
      ids[year] = (await request(t.http).post('/reports').set('Authorization', agency).send({ text: qinghe(year) }).expect(201)).body.id;
      await waitFor(async () => (await assessment(ids[year])).status === 'done', 30_000, `scoring ${year}`);
    }
  });
  afterAll(() => t.close());

  it('compares 2024 with 2023 of the same issuer: the deltas are those of the two cards', async () => {
    const [old, now] = [await assessment(ids[2023]), await assessment(ids[2024])];
    const res = await request(t.http).get(`/reports/${ids[2024]}/compare`).set('Authorization', agency).expect(200);
    expect(res.body).toMatchObject({ issuer: '青禾县人民政府', previous: { reportId: ids[2023], year: 2023, total: old.card.total }, current: { reportId: ids[2024], year: 2024, total: now.card.total } });
    expect(res.body.totalDelta).toBeCloseTo(now.card.total - old.card.total, 5);
    expect(res.body.newlyMet.map((c: { itemId: string }) => c.itemId)).toContain('4.2');
    expect(res.body.carriedOver.share).toBeGreaterThan(0.15);
    expect(res.body.planFulfilment).toMatchObject({ previousYear: 2023, planned: 5 });
  });

  it('answers 404 NO_PREVIOUS_REPORT in Chinese for the first year, and hides the report from others', async () => {
    const res = await request(t.http).get(`/reports/${ids[2023]}/compare`).set('Authorization', agency).expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'NO_PREVIOUS_REPORT' });
    expect(res.body.message).toContain('2022年度');
    const hidden = await request(t.http).get(`/reports/${ids[2024]}/compare`).set('Authorization', otherAgency).expect(404);
    expect(hidden.body.error).not.toBe('NO_PREVIOUS_REPORT');
    await request(t.http).get(`/reports/${ids[2024]}/feedback.docx`).set('Authorization', outsider).expect(404);
  });

  it('sends the feedback letter as a Word file with a Chinese file name, its numbers those of the card', async () => {
    const now = await assessment(ids[2024]);
    const res = await request(t.http).get(`/reports/${ids[2024]}/feedback.docx`).set('Authorization', agency).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe(DOCX);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="feedback-2024-${ids[2024].slice(0, 8)}.docx"; filename*=UTF-8''${encodeURIComponent('青禾县人民政府2024年度评估反馈意见.docx')}`);
    const doc = await readDocx(res.body as Buffer);
    expect(doc.paragraphs[0]).toBe('关于青禾县人民政府2024年度法治政府建设年度报告的评估反馈意见');
    expect(doc.text).toContain(`评估总分${now.card.total}分，等次为“${now.card.grade}”`);
    expect(doc.text).toContain('与上年度报告对比');
    for (const g of now.card.gaps) expect(doc.text).toContain(`建议补充：${g.message}`);
  });

  it('sends reviewers the season report of a finished batch, and agencies none', async () => {
    // last year's report in the supervising body's own records, as a batch finds it
    await request(t.http).post('/reports').set('Authorization', reviewer).send({ text: qinghe(2023) }).expect(201);
    const files: Array<[string, string]> = [
      ['青禾县2024.txt', qinghe(2024)],
      ...['000_461a89b47b0cee9b', '001_1c1d18808efcf126', '003_efdde5739ee958ba'].map((b): [string, string] => [`${b}.txt`, fs.readFileSync(path.join(REPORT_FIXTURES, `${b}.txt`), 'utf8')]),
    ];
    let upload = request(t.http).post('/batches').set('Authorization', reviewer).field('name', '2024年度青禾市');
    for (const [name, text] of files) upload = upload.attach('files', Buffer.from(text), name);
    const batchId = (await upload.expect(201)).body.id;
    await waitFor(async () => (await request(t.http).get(`/batches/${batchId}`).set('Authorization', reviewer).expect(200)).body.status === 'done', 120_000, 'batch');
    const results = (await request(t.http).get(`/batches/${batchId}/results`).set('Authorization', reviewer).expect(200)).body;

    const res = await request(t.http).get(`/batches/${batchId}/report.docx`).set('Authorization', reviewer).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe(DOCX);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="season-report-${batchId.slice(0, 8)}.docx"; filename*=UTF-8''${encodeURIComponent('2024年度青禾市法治政府建设年度报告评估情况.docx')}`);
    const doc = await readDocx(res.body as Buffer);
    expect(doc.text).toContain(`完成评估${results.ranking.length}份`);
    expect(doc.text).toContain(`平均分${results.distribution.mean}分，中位数${results.distribution.median}分`);
    for (const r of results.ranking) expect(doc.paragraphs).toContain(r.issuer ?? r.file);
    expect(doc.media).toHaveLength(2);
    // 青禾县's 2023 report was stored before the batch: its plan is checked against the 2024 report in the batch
    expect(doc.text).toContain('青禾县人民政府：1项未见落实');

    await request(t.http).get(`/batches/${batchId}/report.docx`).set('Authorization', agency).expect(403);
    await request(t.http).get(`/batches/${batchId}/report.docx`).set('Authorization', outsider).expect(404);
  });
});

describe('documents in the OpenAPI description', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ queueMode: 'inline' })));
  afterAll(() => t.close());

  it('describes the comparison and the two Word downloads', async () => {
    const doc = (await request(t.http).get('/docs-json').expect(200)).body;
    const ok = (route: string) => doc.paths[route].get.responses['200'];
    expect(ok('/reports/{id}/compare').content['application/json'].schema.$ref).toMatch(/YearOverYearDto$/);
    expect(Object.keys(doc.components.schemas.YearOverYearDto.properties)).toEqual(expect.arrayContaining(['totalDelta', 'parts', 'newlyMet', 'regressed', 'stillMissing', 'carriedOver', 'planFulfilment']));
    expect(Object.keys(ok('/reports/{id}/feedback.docx').content)).toEqual([DOCX]);
    expect(Object.keys(ok('/batches/{id}/report.docx').content)).toEqual([DOCX]);
  });
});

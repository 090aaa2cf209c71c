import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { Assessment } from '../src/scoring/assessment.entity';
import { Report } from '../src/reports/report.entity';
import { createPostgresDatabase, REPORT_FIXTURES, ROOT, startTestApp, waitFor, type TestApp } from './support/test-app';

const fixture = (name: string) => fs.readFileSync(path.join(REPORT_FIXTURES, name), 'utf8');
const ZHONGSHAN = '003_efdde5739ee958ba.txt';
const JIANGHAI = '001_1c1d18808efcf126.txt';
const BAD = path.join(ROOT, 'test/fixtures/bad');

async function doneAssessment(t: TestApp, reportId: string) {
  return waitFor(async () => {
    const res = await request(t.http).get(`/reports/${reportId}/assessment`).set('Authorization', t.admin).expect(200);
    return res.body.status === 'done' || res.body.status === 'failed' ? res.body : undefined;
  }, 30_000, `assessment of ${reportId}`);
}

function reportsAndAssessmentsFlow(label: string, start: () => Promise<TestApp>) {
  describe(label, () => {
    let t: TestApp;
    beforeAll(async () => (t = await start()));
    afterAll(() => t.close());

    it('stores a report with detected metadata and scores it through the queue', async () => {
      const res = await request(t.http).post('/reports').set('Authorization', t.admin).send({ text: fixture(ZHONGSHAN) }).expect(201);
      expect(res.body).toMatchObject({ year: 2023, level: 'department', publishedAt: '2024-01-19', format: 'txt', created: true });
      expect(res.body.issuer).toContain('中山市司法局');
      expect(res.body.chars).toBeGreaterThan(3000);
      expect(['queued', 'running', 'done']).toContain(res.body.assessment.status);

      const assessment = await doneAssessment(t, res.body.id);
      expect(assessment.status).toBe('done');
      expect(assessment.card.report.year).toBe(2023);
      expect(assessment.card.rubric.id).toBe('outline-2021-2025');
      // the queue scores it as the direct check scores the same text
      const checked = (await request(t.http).post('/check').set('Authorization', t.admin).send({ text: fixture(ZHONGSHAN) }).expect(200)).body;
      expect({ total: assessment.card.total, grade: assessment.card.grade }).toEqual({ total: checked.total, grade: checked.grade });
      const original = (await request(t.http).get(`/reports/${res.body.id}`).set('Authorization', t.admin).expect(200)).body.text as string;
      for (const item of assessment.card.items) for (const e of item.evidence) expect(original.slice(e.start, e.end)).toBe(e.quote);
    });

    it('returns the stored report with 200 for the same bytes and adds no second assessment', async () => {
      const first = await request(t.http).post('/reports').set('Authorization', t.admin).send({ text: fixture(JIANGHAI) }).expect(201);
      await doneAssessment(t, first.body.id);
      const again = await request(t.http).post('/reports').set('Authorization', t.admin).send({ text: fixture(JIANGHAI) }).expect(200);
      expect(again.body.id).toBe(first.body.id);
      expect(again.body.created).toBe(false);
      const history = await request(t.http).get(`/reports/${first.body.id}/assessments`).set('Authorization', t.admin).expect(200);
      expect(history.body).toHaveLength(1);
      expect(await t.dataSource.getRepository(Report).countBy({ sha256: first.body.sha256 })).toBe(1);
    });

    it('lists with a total, paginates, and deletes', async () => {
      const list = await request(t.http).get('/reports?page=1&limit=1').set('Authorization', t.admin).expect(200);
      expect(list.body.total).toBeGreaterThanOrEqual(2);
      expect(list.body.items).toHaveLength(1);
      const made = await request(t.http).post('/reports').set('Authorization', t.admin).send({ text: `${fixture(JIANGHAI)}\n附：删除测试` }).expect(201);
      await request(t.http).delete(`/reports/${made.body.id}`).set('Authorization', t.admin).expect(204);
      await request(t.http).get(`/reports/${made.body.id}`).set('Authorization', t.admin).expect(404);
      expect(await t.dataSource.getRepository(Assessment).countBy({ reportId: made.body.id })).toBe(0);
    });

    it('rescoring with a profile adds one assessment for that profile and leaves the first', async () => {
      const res = await request(t.http).post('/reports').set('Authorization', t.admin).send({ text: fixture(ZHONGSHAN) }).expect(200);
      const rescore = await request(t.http).post(`/reports/${res.body.id}/rescore`).set('Authorization', t.admin).send({ profile: 'county_government' }).expect(202);
      expect(rescore.body.profile).toBe('county_government');
      await waitFor(async () => (await t.dataSource.getRepository(Assessment).findOneBy({ id: rescore.body.id }))?.status === 'done', 30_000, 'rescore');
      const rows = await t.dataSource.getRepository(Assessment).findBy({ reportId: res.body.id });
      expect(rows.map((row) => row.profile).sort()).toEqual(['county_government', 'department']);
      // the list names the latest scoring, as GET /reports/:id/assessment does
      const latest = (await request(t.http).get(`/reports/${res.body.id}/assessment`).set('Authorization', t.admin).expect(200)).body;
      const listed = (await request(t.http).get('/reports?limit=200').set('Authorization', t.admin).expect(200)).body.items.find((r: { id: string }) => r.id === res.body.id);
      expect(listed.assessment).toEqual({ id: rescore.body.id, status: 'done', rubric: latest.rubric, profile: 'county_government', total: latest.total, grade: latest.grade });
      await request(t.http).post(`/reports/${res.body.id}/rescore`).set('Authorization', t.admin).send({ rubric: 'no-such-rubric@9.9.9' }).expect(400);
    });
  });
}

reportsAndAssessmentsFlow('reports on SQLite with BullMQ on Redis', () => startTestApp({ queueMode: 'bullmq' }));
reportsAndAssessmentsFlow('reports on SQLite in inline mode', () => startTestApp({ queueMode: 'inline' }));
describe('on PostgreSQL', () => {
  let pg: { url: string; drop(): Promise<void> };
  beforeAll(async () => (pg = await createPostgresDatabase()));
  afterAll(() => pg.drop());
  reportsAndAssessmentsFlow('reports on PostgreSQL with BullMQ on Redis', () => startTestApp({ queueMode: 'bullmq', env: { DATABASE_URL: pg.url } }));
});

describe('bad input is refused and nothing is stored', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ queueMode: 'inline', env: { MAX_UPLOAD_MB: '0.5' } })));
  afterAll(() => t.close());

  const cases: [string, string, number, string, RegExp][] = [
    ['empty.txt', 'empty file', 400, 'EMPTY_REPORT', /报告为空/],
    ['whitespace.txt', 'whitespace only', 400, 'EMPTY_REPORT', /只有空白字符/],
    ['garbage.bin', 'binary garbage', 415, 'UNSUPPORTED_FORMAT', /二进制数据/],
    ['corrupt.docx', 'a corrupt .docx', 422, 'UNREADABLE_REPORT', /无法读取 \.docx 文件/],
    ['corrupt.pdf', 'a corrupt .pdf', 422, 'UNREADABLE_REPORT', /无法读取 PDF 文件/],
    ['bomb.docx', 'a .docx that expands too far', 422, 'UNREADABLE_REPORT', /压缩炸弹/],
    ['english.txt', 'text with no Chinese', 422, 'NOT_CHINESE', /没有中文/],
    ['other.zip', 'a zip that is not a .docx', 415, 'UNSUPPORTED_FORMAT', /既不是 Word \.docx 文档/],
  ];

  it.each(cases)('%s (%s) → %i %s with a Chinese message', async (file, _what, status, code, message) => {
    const before = await t.dataSource.getRepository(Report).count();
    const res = await request(t.http).post('/reports').set('Authorization', t.admin).attach('file', path.join(BAD, file));
    expect(res.body).toEqual({ statusCode: status, error: code, message: expect.stringMatching(message) });
    expect(res.status).toBe(status);
    expect(await t.dataSource.getRepository(Report).count()).toBe(before);
  });

  it('an upload over MAX_UPLOAD_MB → 413, and the stored reports are untouched', async () => {
    const kept = await request(t.http).post('/reports').set('Authorization', t.admin).send({ text: fixture(JIANGHAI) }).expect(201);
    const big = Buffer.alloc(600 * 1024, '法');
    const res = await request(t.http).post('/reports').set('Authorization', t.admin).attach('file', big, 'big.txt');
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ statusCode: 413, error: 'FILE_TOO_LARGE', message: expect.stringMatching(/超过大小上限/) });
    const still = await request(t.http).get(`/reports/${kept.body.id}`).set('Authorization', t.admin).expect(200);
    expect(still.body.text).toBe(fixture(JIANGHAI));
  });

  it('neither file nor text → 400; unknown fields → 400; a malformed id → 404', async () => {
    const neither = await request(t.http).post('/reports').set('Authorization', t.admin).send({}).expect(400);
    expect(neither.body).toEqual({ statusCode: 400, error: 'INVALID_REPORT_INPUT', message: expect.stringMatching(/multipart 字段 file/) });
    const unknown = await request(t.http).post('/reports').set('Authorization', t.admin).send({ text: fixture(JIANGHAI), colour: 'red' }).expect(400);
    expect(unknown.body).toEqual({ statusCode: 400, error: 'VALIDATION_FAILED', message: '请求参数不符合要求：不接受字段 colour' });
    const malformed = await request(t.http).get('/reports/not-a-uuid').set('Authorization', t.admin).expect(404);
    expect(malformed.body).toEqual({ statusCode: 404, error: 'REPORT_NOT_FOUND', message: '未找到报告 not-a-uuid' });
    await request(t.http).get("/reports/1' or '1'='1").set('Authorization', t.admin).expect(404);
  });
});

describe('POST /check', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ queueMode: 'inline' })));
  afterAll(() => t.close());

  it('scores a draft at once and stores nothing', async () => {
    const reportsBefore = await t.dataSource.getRepository(Report).count();
    const res = await request(t.http).post('/check').set('Authorization', t.admin).send({ text: fixture(JIANGHAI) }).expect(200);
    expect(res.body.report).toMatchObject({ year: 2022, level: 'county_government' });
    // one result per item of the rubric it was scored with
    const rubric = (await request(t.http).get(`/rubrics/${res.body.rubric.id}?version=${res.body.rubric.version}`).set('Authorization', t.admin).expect(200)).body;
    expect(res.body.items.map((it: { id: string }) => it.id)).toEqual(rubric.items.map((it: { id: string }) => it.id));
    expect(await t.dataSource.getRepository(Report).count()).toBe(reportsBefore);
    expect(await t.dataSource.getRepository(Assessment).count()).toBe(0);
  });

  it('accepts a file upload and an explicit profile', async () => {
    const res = await request(t.http).post('/check').set('Authorization', t.admin).field('profile', 'township').attach('file', path.join(REPORT_FIXTURES, ZHONGSHAN)).expect(200);
    expect(res.body.profile).toBe('township');
  });
});

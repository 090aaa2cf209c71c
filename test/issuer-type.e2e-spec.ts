/**
 * The issuer's type a user gives (`level` on POST /check and POST /reports, the manifest's 层级 column in a batch):
 * a level of government, which the rubric maps to its profile, or a profile key some loaded rubric declares.
 * Nothing in code lists the profiles: a value no rubric knows is 400 UNKNOWN_PROFILE, and nothing is stored.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { parseManifest } from '../src/batches/upload';
import { Batch } from '../src/batches/batch.entity';
import { Report } from '../src/reports/report.entity';
import { REPORT_FIXTURES, startTestApp, waitFor, type TestApp } from './support/test-app';

// 中山市司法局's report: detected as a department
const DEPARTMENT = fs.readFileSync(path.join(REPORT_FIXTURES, '003_efdde5739ee958ba.txt'), 'utf8');

describe('the issuer type a user gives', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ queueMode: 'inline' })));
  afterAll(() => t.close());

  const check = (body: Record<string, unknown>) => request(t.http).post('/check').set('Authorization', t.admin).send({ text: DEPARTMENT, ...body });

  it('scores as detected when no type is given', async () => {
    const card = (await check({}).expect(200)).body;
    expect(card.profile).toBe('department');
    expect(card.report.sources.level).not.toBe('override');
  });

  it('takes a level of government and lets the rubric pick its profile', async () => {
    const card = (await check({ level: 'city' }).expect(200)).body;
    expect(card.profile).toBe('city');
    expect(card.report.sources.level).toBe('override');
    expect((await check({ level: 'county' }).expect(200)).body.profile).toBe('county_government');
  });

  it('takes a profile key the rubric declares', async () => {
    expect((await check({ level: 'township' }).expect(200)).body.profile).toBe('township');
  });

  it('refuses a type no rubric declares with UNKNOWN_PROFILE, in Chinese, and stores nothing', async () => {
    const before = await t.dataSource.getRepository(Report).count();
    for (const res of [await check({ level: 'martian_base' }).expect(400), await request(t.http).post('/reports').set('Authorization', t.admin).send({ text: DEPARTMENT, level: 'martian_base' }).expect(400)]) {
      expect(res.body.error).toBe('UNKNOWN_PROFILE');
      expect(res.body.message).toContain('martian_base');
      expect(res.body.message).toMatch(/单位类型/);
    }
    const malformed = (await check({ level: '乡镇' }).expect(400)).body;
    expect(malformed.message).toMatch(/单位类型/);
    expect(await t.dataSource.getRepository(Report).count()).toBe(before);
  });

  it('stores the level given with the report, and its assessment uses the profile the rubric maps it to', async () => {
    const res = await request(t.http).post('/reports').set('Authorization', t.admin).send({ text: DEPARTMENT, level: 'province' }).expect(201);
    expect(res.body.level).toBe('province');
    const assessment = await waitFor(async () => {
      const a = (await request(t.http).get(`/reports/${res.body.id}/assessment`).set('Authorization', t.admin).expect(200)).body;
      return a.status === 'done' ? a : undefined;
    });
    expect(assessment.card.profile).toBe('province');
  });

  it('reads the manifest column as Chinese level names or profile keys', () => {
    const rows = parseManifest('文件名,层级\na.txt,设区的市政府\nb.txt,乡镇（街道）\nc.txt,county_government\nd.txt,省级政府\ne.txt,政府部门\nf.txt,县级市\n');
    expect(rows.map((r) => r.level)).toEqual(['city', 'township', 'county_government', 'province', 'department', 'county']);
    expect(() => parseManifest('文件名,层级\na.txt,火星基地\n')).toThrow(/第 2 行.*火星基地/);
  });

  it('refuses a batch whose manifest names a type no rubric declares, naming the file, and stores nothing', async () => {
    const before = await t.dataSource.getRepository(Batch).count();
    const res = await request(t.http)
      .post('/batches')
      .set('Authorization', t.admin)
      .attach('files', Buffer.from(DEPARTMENT, 'utf8'), 'a.txt')
      .attach('manifest', Buffer.from('文件名,层级\na.txt,martian_base\n', 'utf8'), 'manifest.csv')
      .expect(400);
    expect(res.body.error).toBe('UNKNOWN_PROFILE');
    expect(res.body.message).toContain('a.txt');
    expect(await t.dataSource.getRepository(Batch).count()).toBe(before);
  });

  it('scores a batch item with the profile its manifest level maps to', async () => {
    const res = await request(t.http)
      .post('/batches')
      .set('Authorization', t.admin)
      // bytes not stored before: a stored report keeps the metadata it was stored with
      .attach('files', Buffer.from(`${DEPARTMENT}\n（本件为批量评估样本）\n`, 'utf8'), 'b.txt')
      .attach('manifest', Buffer.from('文件名,层级\nb.txt,地级市\n', 'utf8'), 'manifest.csv')
      .expect(201);
    const results = await waitFor(async () => {
      const r = await request(t.http).get(`/batches/${res.body.id}/results`).set('Authorization', t.admin);
      return r.status === 200 && r.body.ranking?.length === 1 ? r.body : undefined;
    }, 30_000);
    expect(results.ranking[0]).toMatchObject({ file: 'b.txt', profile: 'city' });
  });
});

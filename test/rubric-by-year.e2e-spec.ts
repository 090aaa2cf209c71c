/**
 * Which rubric scores a report is data, in every way of scoring: with a second outline loaded (2026—2030, the
 * test's twelve-part rubric), a batch scores each report with the rubric its year chooses, a stored assessment
 * of a year no rubric covers keeps the note saying so (also after a re-score), the batch exports the columns of
 * both outlines, and a profile is accepted when the chosen rubric declares it and refused, naming the valid
 * ones, when it does not — before anything is stored.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { Assessment } from '../src/scoring/assessment.entity';
import { Report } from '../src/reports/report.entity';
import { twelvePartRubric } from '../src/rubric/test-rubrics';
import { runCli } from './support/processes';
import { startTestApp, tempDir, waitFor, type TestApp } from './support/test-app';

const township = fs.readFileSync(path.join(__dirname, '..', 'src', 'scoring', 'engine', 'passages', 'township-concise.txt'), 'utf8');
const inYear = (year: number) => township.replace(/2024年/g, `${year}年`).replace(/2025年/g, `${year + 1}年`);

function rubricDir(): string {
  const dir = tempDir('fzs-rubrics-');
  fs.copyFileSync(path.join(__dirname, '..', 'rubrics', 'outline-2021-2025-1.1.0.yaml'), path.join(dir, 'outline-2021-2025-1.1.0.yaml'));
  fs.writeFileSync(path.join(dir, 'outline-2026-2030-test.yaml'), twelvePartRubric());
  return dir;
}

describe('the rubric chosen per report year, and profiles from the rubric', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => (t = await startTestApp({ queueMode: 'inline', env: { RUBRIC_DIR: (dir = rubricDir()) } })));
  afterAll(() => t.close());

  it('POST /check scores with the rubric whose period covers the report year; a named rubric wins; none covering: the latest, with a note', async () => {
    const check = async (body: Record<string, unknown>) => (await request(t.http).post('/check').set('Authorization', t.admin).send(body).expect(200)).body;
    const y2027 = await check({ text: inYear(2027) });
    expect(y2027.report.year).toBe(2027);
    expect(y2027.rubric).toMatchObject({ id: 'outline-2026-2030-test', version: '0.1.0' });
    expect(y2027.rubric.note).toBeUndefined();
    const y2024 = await check({ text: inYear(2024) });
    expect(y2024.rubric).toMatchObject({ id: 'outline-2021-2025', version: '1.1.0' });
    expect(y2024.rubric.note).toBeUndefined();
    expect((await check({ text: inYear(2027), rubric: 'outline-2021-2025' })).rubric.id).toBe('outline-2021-2025');
    const y2019 = await check({ text: inYear(2019) });
    expect(y2019.rubric.id).toBe('outline-2026-2030-test');
    expect(y2019.rubric.note).toMatch(/报告年度2019年不在已加载评分细则的适用期内/);
    // a file upload goes the same way as text
    const uploaded = await request(t.http).post('/check').set('Authorization', t.admin).attach('file', Buffer.from(inYear(2028)), '镇-2028.txt').expect(200);
    expect(uploaded.body.rubric.id).toBe('outline-2026-2030-test');
  });

  it('POST /check: a profile the year-chosen rubric does not declare is 400 UNKNOWN_PROFILE naming that rubric', async () => {
    expect((await request(t.http).post('/check').set('Authorization', t.admin).send({ text: inYear(2027), profile: 'grassroots' }).expect(200)).body.profile).toBe('grassroots');
    const refused = await request(t.http).post('/check').set('Authorization', t.admin).send({ text: inYear(2024), profile: 'grassroots' }).expect(400);
    expect(refused.body.error).toBe('UNKNOWN_PROFILE');
    expect(refused.body.message).toMatch(/outline-2021-2025@1\.1\.0/);
  });

  it('POST /reports: the first assessment uses the rubric the report year chooses, as POST /check does', async () => {
    const submitted = (await request(t.http).post('/reports').set('Authorization', t.admin).send({ text: inYear(2026) }).expect(201)).body;
    const card = await waitFor(async () => {
      const res = await request(t.http).get(`/reports/${submitted.id}/assessment`).set('Authorization', t.admin);
      return res.status === 200 && res.body.card ? res.body.card : undefined;
    }, 60_000, 'assessment');
    expect(card.rubric.id).toBe('outline-2026-2030-test');
    const checked = (await request(t.http).post('/check').set('Authorization', t.admin).send({ text: inYear(2026) }).expect(200)).body;
    expect(checked.total).toBe(card.total);
  });

  it('scorecard check: the report year chooses the rubric, --rubric wins, and the text card names it', () => {
    const files = tempDir('fzs-years-');
    for (const year of [2024, 2027, 2019]) fs.writeFileSync(path.join(files, `镇-${year}.txt`), inYear(year));
    const env = { RUBRIC_DIR: dir };
    const cardOf = (args: string[]) => {
      const { code, stdout, stderr } = runCli(['check', '--json', ...args], env);
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      return JSON.parse(stdout);
    };
    expect(cardOf([path.join(files, '镇-2027.txt')]).rubric.id).toBe('outline-2026-2030-test');
    expect(cardOf([path.join(files, '镇-2024.txt')]).rubric.id).toBe('outline-2021-2025');
    expect(cardOf(['--rubric', 'outline-2021-2025', path.join(files, '镇-2027.txt')]).rubric.id).toBe('outline-2021-2025');
    expect(cardOf([path.join(files, '镇-2019.txt')]).rubric.note).toMatch(/2019年/);
    const text = runCli(['check', path.join(files, '镇-2027.txt')], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('评分标准 outline-2026-2030-test@0.1.0');
  });

  it('a batch scores each report with the rubric its year chooses, and exports the columns of both', async () => {
    let req = request(t.http).post('/batches').set('Authorization', t.admin);
    for (const [name, year] of [['镇-2024.txt', 2024], ['镇-2027.txt', 2027]] as const) req = req.attach('files', Buffer.from(inYear(year)), name);
    const created = (await req.expect(201)).body;
    await waitFor(async () => ((await request(t.http).get(`/batches/${created.id}`).set('Authorization', t.admin)).body.status === 'done' ? true : undefined), 120_000, 'batch');
    const results = (await request(t.http).get(`/batches/${created.id}/results`).set('Authorization', t.admin).expect(200)).body;
    expect(results.failed).toEqual([]);
    const assessments = await t.dataSource.getRepository(Assessment).find();
    const reports = await t.dataSource.getRepository(Report).find({ select: { id: true, year: true } });
    const rubricOfYear = (year: number) => assessments.find((a) => a.reportId === reports.find((r) => r.year === year)?.id)?.rubricId;
    expect(rubricOfYear(2024)).toBe('outline-2021-2025');
    expect(rubricOfYear(2027)).toBe('outline-2026-2030-test');

    const csv = (await request(t.http).get(`/batches/${created.id}/export?format=csv`).set('Authorization', t.admin).expect(200)).text;
    const header = csv.replace(/^\ufeff/, '').split('\r\n')[0].split(',');
    expect(header).toEqual(expect.arrayContaining(['E1', 'E4', '要件·举措', '要件·问题', '十二 基层治理', '一 习近平法治思想']));
  });

  it('a stored report of a year no rubric covers keeps the note on its card, after a re-score too', async () => {
    const submitted = (await request(t.http).post('/reports').set('Authorization', t.admin).send({ text: inYear(2019) }).expect(201)).body;
    const cardOf = async () =>
      waitFor(async () => {
        const res = await request(t.http).get(`/reports/${submitted.id}/assessment`).set('Authorization', t.admin);
        return res.status === 200 && res.body.card ? res.body.card : undefined;
      }, 60_000, 'assessment');
    const card = await cardOf();
    expect(card.rubric.id).toBe('outline-2026-2030-test'); // the rubric whose period ends last
    expect(card.rubric.note).toMatch(/报告年度2019年不在已加载评分细则的适用期内/);
    await request(t.http).post(`/reports/${submitted.id}/rescore`).set('Authorization', t.admin).send({}).expect(202);
    const stored = await t.dataSource.getRepository(Assessment).findOneByOrFail({ reportId: submitted.id });
    await waitFor(async () => ((await t.dataSource.getRepository(Assessment).findOneBy({ id: stored.id }))?.status === 'done' ? true : undefined), 60_000, 'rescore');
    expect((await t.dataSource.getRepository(Assessment).findOneByOrFail({ id: stored.id })).card!.rubric.note).toMatch(/2019年/);
  });

  it("accepts a profile only the chosen rubric declares, and refuses one it does not, naming the valid ones", async () => {
    const checked = await request(t.http)
      .post('/check')
      .set('Authorization', t.admin)
      .send({ text: inYear(2027), rubric: 'outline-2026-2030-test', profile: 'grassroots' })
      .expect(200);
    expect(checked.body.profile).toBe('grassroots');

    const refused = await request(t.http).post('/check').set('Authorization', t.admin).send({ text: inYear(2024), rubric: 'outline-2021-2025', profile: 'grassroots' }).expect(400);
    expect(refused.body.error).toBe('UNKNOWN_PROFILE');
    expect(refused.body.message).toMatch(/评分类型“grassroots”.*township/);

    const before = await t.dataSource.getRepository(Report).count();
    const unknown = await request(t.http).post('/reports').set('Authorization', t.admin).send({ text: inYear(2024), profile: 'ministry' }).expect(400);
    expect(unknown.body).toMatchObject({ statusCode: 400, error: 'UNKNOWN_PROFILE' });
    expect(unknown.body.message).toMatch(/可选：.*grassroots.*township|可选：.*township.*grassroots/);
    expect(await t.dataSource.getRepository(Report).count()).toBe(before);
  });
});

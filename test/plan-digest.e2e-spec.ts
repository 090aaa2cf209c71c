import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { planFulfilment } from '../src/batches/plan-fulfilment';
import { Report } from '../src/reports/report.entity';
import { RubricRegistry } from '../src/rubric/rubric-loader';
import { Assessment } from '../src/scoring/assessment.entity';
import { ScoringService } from '../src/scoring/scoring.service';
import { createPostgresDatabase, REPORT_FIXTURES, startTestApp, waitFor, type TestApp } from './support/test-app';

const ISSUER = '江门市江海区人民政府';
/** The 2022 report of the district: its last part is the plan for 2023. */
const REPORT_2022 = fs.readFileSync(path.join(REPORT_FIXTURES, '001_1c1d18808efcf126.txt'), 'utf8');
/** Its 2023 report, saying three of those plan items were done, in its own (partly traditional) characters. */
const REPORT_2023 = [
  '江门市江海区2023年法治政府建设年度报告',
  '一、主要举措和成效',
  '（一）严格依法决策。严格執行《重大行政决策程序暂行条例》，全年公布重大行政决策目录事项5项，全部履行法定程序。',
  '（二）调解工作。坚持和发展新时代“枫桥经验”，全区人民调解组织调解矛盾纠纷1200余宗，调解成功率98%。',
  '（三）应诉工作。全区行政机关负责人出庭应诉率达100%，出庭应诉制度全面落实。',
  '二、存在的问题',
  '基层执法力量仍然薄弱，原因是编制不足。',
  '三、2024年工作计划',
  '2024年，我区将继续加强法治政府建设，推进依法行政。',
].join('\n');

async function submit(t: TestApp, text: string, year: number): Promise<string> {
  const res = await request(t.http).post('/reports').set('Authorization', t.admin).send({ text, issuer: ISSUER, year: String(year) }).expect(201);
  await waitFor(async () => (await t.dataSource.getRepository(Assessment).findOneBy({ reportId: res.body.id }))?.status === 'done', 60_000, `scoring of ${year}`);
  return res.body.id as string;
}

const storedDigest = async (t: TestApp, reportId: string) =>
  (await t.dataSource.getRepository(Assessment).findOne({ where: { reportId }, select: { id: true, planDigest: true } }))?.planDigest ?? null;

function planFromStoredDigests(label: string, start: () => Promise<TestApp>) {
  describe(label, () => {
    let t: TestApp;
    let previousId: string;
    let currentId: string;
    let prepare: jest.SpyInstance;
    /** last year's plan against this year's report as it was computed before digests: both reports prepared again */
    let expected: ReturnType<typeof planFulfilment>;

    beforeAll(async () => {
      t = await start();
      previousId = await submit(t, REPORT_2022, 2022);
      currentId = await submit(t, REPORT_2023, 2023);
      const scoring = t.app.get(ScoringService);
      const reports = t.dataSource.getRepository(Report);
      const assessment = await t.dataSource.getRepository(Assessment).findOneByOrFail({ reportId: currentId });
      const rubric = t.app.get(RubricRegistry).get(assessment.rubricId, assessment.rubricVersion);
      expected = planFulfilment(scoring.prepare(await reports.findOneByOrFail({ id: previousId })), scoring.prepare(await reports.findOneByOrFail({ id: currentId })), rubric);
      prepare = jest.spyOn(scoring, 'prepare');
    });
    afterAll(async () => {
      prepare?.mockRestore();
      await t?.close();
    });
    beforeEach(() => prepare.mockClear());

    const card = async () => (await request(t.http).get(`/reports/${currentId}/assessment`).set('Authorization', t.admin).expect(200)).body.card;

    it('stores each report’s plan digest with its assessment when it is scored', async () => {
      const before = await storedDigest(t, previousId);
      expect(before).toMatchObject({ year: 2022 });
      expect(before!.plan.length).toBe(expected.planned);
      const now = await storedDigest(t, currentId);
      expect(now!.done.length).toBeGreaterThanOrEqual(3);
      // the card's own query does not carry it
      expect((await t.dataSource.getRepository(Assessment).findOneByOrFail({ reportId: currentId })).planDigest).toBeUndefined();
    });

    it('GET /reports/:id/assessment gives last year’s plan fulfilment without running intake on either report', async () => {
      const plan = (await card()).planFulfilment;
      expect(prepare).not.toHaveBeenCalled();
      expect(plan).toEqual({ previousReportId: previousId, ...expected });
      expect(plan).toMatchObject({ previousYear: 2022 });
      expect(plan.done.length).toBeGreaterThanOrEqual(3);
      // the quotes are the report's own words: the traditional 執行 stays as it was written
      const text = (await t.dataSource.getRepository(Report).findOneByOrFail({ id: currentId })).extractedText;
      for (const d of plan.done) expect(text.slice(d.evidence.start, d.evidence.end)).toBe(d.evidence.quote);
      expect(plan.done.some((d: { evidence: { quote: string } }) => d.evidence.quote.includes('严格執行'))).toBe(true);
    });

    it('an assessment stored before digests gets the same answer from the stored text once, then keeps the digest', async () => {
      await t.dataSource.getRepository(Assessment).update({ reportId: previousId }, { planDigest: null });
      await t.dataSource.getRepository(Assessment).update({ reportId: currentId }, { planDigest: null });
      expect(await storedDigest(t, previousId)).toBeNull();
      expect((await card()).planFulfilment).toEqual({ previousReportId: previousId, ...expected });
      expect(prepare).toHaveBeenCalledTimes(2);
      expect(await storedDigest(t, previousId)).toMatchObject({ year: 2022 });
      expect(await storedDigest(t, currentId)).not.toBeNull();
      prepare.mockClear();
      expect((await card()).planFulfilment).toEqual({ previousReportId: previousId, ...expected });
      expect(prepare).not.toHaveBeenCalled();
    });
  });
}

describe('a batch’s plan fulfilment from the digests its items stored (SQLite, BullMQ on Redis)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ queueMode: 'bullmq' })));
  afterAll(() => t.close());

  it('items store their digests in the one-pass scoring, and the batch analysis prepares no report', async () => {
    const prepare = jest.spyOn(t.app.get(ScoringService), 'prepare');
    try {
      const manifest = `file,issuer,year\njianghai-2022.txt,${ISSUER},2022\njianghai-2023.txt,${ISSUER},2023\n`;
      const res = await request(t.http)
        .post('/batches')
        .set('Authorization', t.admin)
        .attach('files', Buffer.from(REPORT_2022), 'jianghai-2022.txt')
        .attach('files', Buffer.from(REPORT_2023), 'jianghai-2023.txt')
        .attach('manifest', Buffer.from(manifest), 'manifest.csv')
        .expect(201);
      await waitFor(async () => (await request(t.http).get(`/batches/${res.body.id}`).set('Authorization', t.admin).expect(200)).body.status === 'done', 120_000, 'batch');
      expect(prepare).not.toHaveBeenCalled();
      const results = (await request(t.http).get(`/batches/${res.body.id}/results`).set('Authorization', t.admin).expect(200)).body;
      expect(results.planFulfilment).toHaveLength(1);
      const plan = results.planFulfilment[0];
      const reports = t.dataSource.getRepository(Report);
      const previous = await reports.findOneByOrFail({ issuer: ISSUER, year: 2022 });
      const current = await reports.findOneByOrFail({ id: plan.reportId });
      for (const id of [previous.id, current.id]) expect(await storedDigest(t, id)).not.toBeNull();
      prepare.mockRestore();
      const assessment = await t.dataSource.getRepository(Assessment).findOneByOrFail({ reportId: current.id });
      const rubric = t.app.get(RubricRegistry).get(assessment.rubricId, assessment.rubricVersion);
      const scoring = t.app.get(ScoringService);
      const { previousReportId, ...expected } = { previousReportId: previous.id, ...planFulfilment(scoring.prepare(previous), scoring.prepare(current), rubric) };
      expect(plan).toMatchObject({ reportId: current.id, file: 'jianghai-2023.txt', previousReportId, ...expected });
      expect(plan.done.length).toBeGreaterThanOrEqual(3);
    } finally {
      prepare.mockRestore();
    }
  });
});

planFromStoredDigests('plan fulfilment from stored digests, on SQLite (inline queue)', () => startTestApp({ queueMode: 'inline' }));
describe('on PostgreSQL', () => {
  let pg: { url: string; drop(): Promise<void> };
  beforeAll(async () => (pg = await createPostgresDatabase()));
  afterAll(() => pg.drop());
  planFromStoredDigests('plan fulfilment from stored digests, on PostgreSQL (BullMQ on Redis)', () => startTestApp({ queueMode: 'bullmq', env: { DATABASE_URL: pg.url } }));
});

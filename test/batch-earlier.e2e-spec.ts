import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { BatchReportsRepository, EARLIER_PER_ISSUER } from '../src/batches/batch-reports.repository';
import { REPORT_FIXTURES, startTestApp, type TestApp } from './support/test-app';

/** What a batch's copy detection reads of its issuers' earlier reports: the latest few of each, with their normalised texts. */
describe('earlier reports a batch compares with', () => {
  let t: TestApp;
  const base = fs.readFileSync(path.join(REPORT_FIXTURES, '000_461a89b47b0cee9b.txt'), 'utf8');
  beforeAll(async () => (t = await startTestApp({ queueMode: 'inline' })));
  afterAll(() => t.close());

  const submit = async (issuer: string, year: number) =>
    (await request(t.http).post('/reports').set('Authorization', t.admin).send({ text: `${base}\n（${issuer}${year}年度报告。）`, issuer, year }).expect(201)).body.id as string;

  it(`are each issuer's ${EARLIER_PER_ISSUER} latest by year, read with their normalised texts`, async () => {
    const many: Record<number, string> = {};
    // stored out of year order: the latest years win, not the latest stored
    for (const year of [2019, 2023, 2016, 2021, 2018, 2022, 2017, 2020]) many[year] = await submit('甲县人民政府', year);
    const few = [await submit('乙镇人民政府', 2022), await submit('乙镇人民政府', 2023)];
    await submit('丙局', 2023);
    const organisationId = (await t.dataSource.query(`SELECT "organisationId" FROM reports LIMIT 1`))[0].organisationId as string;

    const rows = t.app.get(BatchReportsRepository);
    const earlier = await rows.matchingTextsBefore(organisationId, ['甲县人民政府', '乙镇人民政府'], new Date(Date.now() + 60_000));
    expect(earlier.map((r) => r.id).sort()).toEqual([...[2023, 2022, 2021, 2020, 2019].map((y) => many[y]), ...few].sort());
    // with the normalised text copy detection matches, not the extracted one: that is read apart, for the quotes
    for (const r of earlier) expect(r.normalisedText).toContain(`${r.issuer}${r.year}年度报告`);
    for (const r of earlier) expect(r.extractedText).toBeUndefined();
    const extracted = await rows.extractedTexts(earlier.map((r) => r.id));
    for (const r of earlier) expect(extracted.get(r.id)).toContain(`${r.issuer}${r.year}年度报告`);
    // and nothing stored after the batch
    expect(await rows.matchingTextsBefore(organisationId, ['甲县人民政府'], new Date(0))).toEqual([]);
    // the batch's own reports are not earlier ones, whenever they were stored: the next latest take their places
    const without2023 = await rows.matchingTextsBefore(organisationId, ['甲县人民政府'], new Date(Date.now() + 60_000), new Set([many[2023]]));
    expect(without2023.map((r) => r.id).sort()).toEqual([2022, 2021, 2020, 2019, 2018].map((y) => many[y]).sort());
  });
});

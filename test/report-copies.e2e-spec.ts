/** GET /reports/:id/copies: one report's passages found in its organisation's other reports, outside any batch. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { REPORT_FIXTURES, startTestApp, type TestApp } from './support/test-app';

const [ZENGCHENG, JIANGHAI, ZHONGSHAN] = ['000_461a89b47b0cee9b.txt', '001_1c1d18808efcf126.txt', '003_efdde5739ee958ba.txt'].map((f) => fs.readFileSync(path.join(REPORT_FIXTURES, f), 'utf8'));
const paragraphs = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => l.length > 60);

describe('copy passages of one report', () => {
  let t: TestApp;
  let jiangmen: string;
  let zhongshanKey: string;
  const ids: Record<string, string> = {};
  // half of 江海区's paragraphs under another name, and a paragraph of its own
  const borrowed = ['某区2023年法治政府建设情况报告', ...paragraphs(JIANGHAI).slice(0, Math.ceil(paragraphs(JIANGHAI).length / 2)), '本年度新建基层法律服务站点十二个，覆盖全部村居。'].join('\n');

  beforeAll(async () => {
    t = await startTestApp({ queueMode: 'inline' });
    const key = async (role: string, org: string) => `Bearer ${(await request(t.http).post('/api-keys').set('Authorization', t.admin).send({ role, org }).expect(201)).body.key}`;
    jiangmen = await key('reviewer', '江门市司法局');
    zhongshanKey = await key('agency', '中山市司法局');
    const submit = async (auth: string, text: string) => (await request(t.http).post('/reports').set('Authorization', auth).send({ text }).expect(201)).body.id as string;
    ids.jianghai = await submit(jiangmen, JIANGHAI);
    ids.zengcheng = await submit(jiangmen, ZENGCHENG);
    ids.borrowed = await submit(jiangmen, borrowed);
    // another organisation holds 江海区's text too: it must never show up in 江门's matches
    ids.elsewhere = await submit(zhongshanKey, JIANGHAI);
    ids.zhongshan = await submit(zhongshanKey, ZHONGSHAN);
  });
  afterAll(() => t.close());

  it('names the report the passages come from, with both wordings and the shares', async () => {
    const res = await request(t.http).get(`/reports/${ids.borrowed}/copies`).set('Authorization', jiangmen).expect(200);
    expect(res.body).toMatchObject({ reportId: ids.borrowed, compared: 2, limited: false });
    expect(res.body.matches.map((m: { report: { id: string } }) => m.report.id)).toEqual([ids.jianghai]);
    const [match] = res.body.matches;
    expect(match.share).toBeGreaterThan(0.5);
    expect(match.otherShare).toBeGreaterThan(0.2);
    expect(match.otherShare).toBeLessThan(match.share);
    expect(match.passages.length).toBeGreaterThan(0);
    for (const p of match.passages) {
      expect(borrowed).toContain(p.a);
      expect(JIANGHAI).toContain(p.b);
      expect(p.chars).toBeGreaterThanOrEqual(20);
    }
  });

  it('sees the copy from the other side too, and finds nothing for an unrelated report', async () => {
    const fromSource = await request(t.http).get(`/reports/${ids.jianghai}/copies`).set('Authorization', jiangmen).expect(200);
    expect(fromSource.body.matches.map((m: { report: { id: string } }) => m.report.id)).toEqual([ids.borrowed]);
    const unrelated = await request(t.http).get(`/reports/${ids.zengcheng}/copies`).set('Authorization', jiangmen).expect(200);
    expect(unrelated.body.matches).toEqual([]);
  });

  it("compares within the report's own organisation and hides other organisations' reports", async () => {
    const own = await request(t.http).get(`/reports/${ids.elsewhere}/copies`).set('Authorization', zhongshanKey).expect(200);
    expect(own.body.compared).toBe(1);
    expect(own.body.matches).toEqual([]);
    await request(t.http).get(`/reports/${ids.borrowed}/copies`).set('Authorization', zhongshanKey).expect(404);
  });
});

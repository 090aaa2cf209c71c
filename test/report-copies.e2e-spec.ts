/** GET /reports/:id/copies: one report's passages found in its organisation's other reports, outside any batch. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { prepareText } from '../src/intake';
import { REPORT_FIXTURES, startTestApp, type TestApp } from './support/test-app';

const [ZENGCHENG, JIANGHAI, ZHONGSHAN] = ['000_461a89b47b0cee9b.txt', '001_1c1d18808efcf126.txt', '003_efdde5739ee958ba.txt'].map((f) => fs.readFileSync(path.join(REPORT_FIXTURES, f), 'utf8'));
const paragraphs = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => l.length > 60);

describe('copy passages of one report', () => {
  let t: TestApp;
  let jiangmen: string;
  let zhongshanKey: string;
  const ids: Record<string, string> = {};
  let submit: (auth: string, text: string) => Promise<string>;
  // half of 江海区's paragraphs under another name, and a paragraph of its own
  const borrowed = ['某区2023年法治政府建设情况报告', ...paragraphs(JIANGHAI).slice(0, Math.ceil(paragraphs(JIANGHAI).length / 2)), '本年度新建基层法律服务站点十二个，覆盖全部村居。'].join('\n');

  beforeAll(async () => {
    t = await startTestApp({ queueMode: 'inline' });
    const key = async (role: string, org: string) => `Bearer ${(await request(t.http).post('/api-keys').set('Authorization', t.admin).send({ role, org }).expect(201)).body.key}`;
    jiangmen = await key('reviewer', '江门市司法局');
    zhongshanKey = await key('agency', '中山市司法局');
    submit = async (auth: string, text: string) => (await request(t.http).post('/reports').set('Authorization', auth).send({ text }).expect(201)).body.id as string;
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

  it("quotes a traditional-character report in its own words, as a substring of what it sent", async () => {
    const trad = [
      '某縣二〇二三年法治政府建設情況報告',
      '本縣二〇二三年度堅持依法行政，完善重大行政決策程序，全年審查規範性文件四十二件，組織執法人員培訓十二期，辦理行政複議案件一百零三件。',
      '推動行政執法三項制度全面落實，建成智慧執法平臺並接入全部執法單位，實現執法全過程記錄和重大執法決定法制審核全覆蓋，群眾滿意度明顯提升。',
      '深化「放管服」改革，編制權責清單並向社會公佈，政務服務事項網上可辦率達到百分之九十八，企業開辦時間壓縮至一個工作日以內。',
    ].join('\n');
    // the copier writes the same paragraphs in simplified characters, under its own title and with a line of its own
    const simplified = ['某镇2023年法治政府建设情况报告', prepareText(trad.split('\n').slice(1).join('\n')).normalised, '本镇还开展了普法宣传进村居活动二十场。'].join('\n');
    const tradId = await submit(jiangmen, trad);
    const copyId = await submit(jiangmen, simplified);
    const fromTrad = await request(t.http).get(`/reports/${tradId}/copies`).set('Authorization', jiangmen).expect(200);
    const fromCopy = await request(t.http).get(`/reports/${copyId}/copies`).set('Authorization', jiangmen).expect(200);
    const tradMatch = fromTrad.body.matches.find((m: { report: { id: string } }) => m.report.id === copyId);
    const copyMatch = fromCopy.body.matches.find((m: { report: { id: string } }) => m.report.id === tradId);
    expect(tradMatch.passages.length).toBeGreaterThan(0);
    expect(copyMatch.passages.length).toBeGreaterThan(0);
    for (const p of tradMatch.passages) expect(trad).toContain(p.a);
    for (const p of copyMatch.passages) expect(trad).toContain(p.b);
    expect(tradMatch.passages.map((p: { a: string }) => p.a).join('')).toContain('堅持依法行政');
  });
});

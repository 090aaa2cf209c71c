import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { AuditLogEntry } from '../src/auth/audit-log.entity';
import { Override } from '../src/batches/overrides/override.entity';
import { Assessment } from '../src/scoring/assessment.entity';
import { REPORT_FIXTURES, ROOT, startTestApp, tempDir, waitFor, type TestApp } from './support/test-app';

const JIANGHAI = fs.readFileSync(path.join(REPORT_FIXTURES, '001_1c1d18808efcf126.txt'), 'utf8');

/** Two versions of the rubric, so a rescore can change the version an override was made under. */
function rubricDir(): string {
  const dir = tempDir('fzs-rubrics-');
  const yaml = fs.readFileSync(path.join(ROOT, 'rubrics/outline-2021-2025.yaml'), 'utf8');
  fs.writeFileSync(path.join(dir, 'outline-1.0.0.yaml'), yaml);
  fs.writeFileSync(path.join(dir, 'outline-1.0.1.yaml'), yaml.replace(/^version: .*$/m, 'version: 1.0.1'));
  return dir;
}

describe('reviewer overrides and waivers', () => {
  let t: TestApp;
  let reviewer: string;
  let agency: string;
  let outsider: string;
  let reportId: string;

  const assessment = async (auth = t.admin) => (await request(t.http).get(`/reports/${reportId}/assessment`).set('Authorization', auth).expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp({ queueMode: 'inline', env: { RUBRIC_DIR: rubricDir() } });
    const key = async (role: string, org: string, parentOrg?: string) => `Bearer ${(await request(t.http).post('/api-keys').set('Authorization', t.admin).send({ role, org, parentOrg }).expect(201)).body.key}`;
    reviewer = await key('reviewer', '江门市司法局');
    agency = await key('agency', '江门市江海区人民政府', '江门市司法局');
    outsider = await key('reviewer', '中山市司法局');
    reportId = (await request(t.http).post('/reports').set('Authorization', agency).send({ text: JIANGHAI }).expect(201)).body.id;
    await waitFor(async () => (await assessment()).status === 'done', 30_000, 'scoring');
  });
  afterAll(() => t.close());

  it('changes one item with a reason, recomputes the total, and keeps who, when, before and after', async () => {
    const before = await assessment();
    expect(before.card.totalWithoutOverrides).toBeUndefined();
    const missing = before.card.items.find((it: { status: string; max: number }) => it.status === 'missing' && it.max > 0);
    const res = await request(t.http).post(`/reports/${reportId}/overrides`).set('Authorization', reviewer).send({ itemId: missing.id, status: 'met', reason: '附件材料证明已建立该项制度' }).expect(201);
    expect(res.body).toMatchObject({ itemId: missing.id, status: 'met', reason: '附件材料证明已建立该项制度', rubric: 'outline-2021-2025@1.0.1', needsReview: false });
    expect(res.body.before).toMatchObject({ status: 'missing', score: 0, total: before.card.total });
    expect(res.body.after.status).toBe('met');
    expect(res.body.after.total).toBeGreaterThan(before.card.total);

    const after = await assessment();
    expect(after.card.total).toBe(res.body.after.total);
    const listed = (await request(t.http).get('/reports').set('Authorization', reviewer).expect(200)).body.items.find((r: { id: string }) => r.id === reportId);
    expect(listed.assessment).toMatchObject({ status: 'done', total: res.body.after.total, grade: after.card.grade });
    expect(listed.assessment.total).not.toBe(before.card.total);
    expect(after.total).toBe(res.body.after.total);
    expect(after.card.totalWithoutOverrides).toBe(before.card.total);
    expect(after.totalWithoutOverrides).toBe(before.card.total);
    expect(after.card.items.find((it: { id: string }) => it.id === missing.id)).toMatchObject({ status: 'met', adjusted: { kind: 'override', from: 'missing' } });
    expect(after.card.gaps.some((g: { itemId: string }) => g.itemId === missing.id)).toBe(false);

    const trail = await request(t.http).get(`/reports/${reportId}/overrides`).set('Authorization', agency).expect(200);
    expect(trail.body).toHaveLength(1);
    expect(trail.body[0]).toMatchObject({ itemId: missing.id, actor: expect.any(String), createdAt: expect.any(String) });
    const audit = await t.dataSource.getRepository(AuditLogEntry).findBy({ action: 'override.create' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ subjectId: reportId, details: expect.objectContaining({ itemId: missing.id, reason: '附件材料证明已建立该项制度' }) });
  });

  it('survives a rescore with the same rubric version, and is flagged for review (not applied) after a rubric change', async () => {
    const overridden = (await assessment()).card.total;
    await request(t.http).post(`/reports/${reportId}/rescore`).set('Authorization', reviewer).send({}).expect(202);
    await waitFor(async () => (await t.dataSource.getRepository(Assessment).findOneBy({ reportId, rubricVersion: '1.0.1' }))?.status === 'done' && (await assessment()).status === 'done', 30_000, 'rescore');
    expect((await assessment()).card.total).toBe(overridden);

    const older = await request(t.http).post(`/reports/${reportId}/rescore`).set('Authorization', reviewer).send({ rubric: 'outline-2021-2025@1.0.0' }).expect(202);
    await waitFor(async () => (await t.dataSource.getRepository(Assessment).findOneBy({ id: older.body.id }))?.status === 'done', 30_000, 'scoring under 1.0.0');
    const now = await assessment();
    expect(now.rubric).toBe('outline-2021-2025@1.0.0');
    expect(now.card.totalWithoutOverrides).toBeUndefined();
    const trail = await request(t.http).get(`/reports/${reportId}/overrides`).set('Authorization', reviewer).expect(200);
    expect(trail.body[0].needsReview).toBe(true);
  });

  it('a waiver makes an item not applicable for an issuer until it expires', async () => {
    const current = await assessment();
    const item = current.card.items.find((it: { status: string; max: number; id: string }) => it.status !== 'met' && it.max > 0 && !it.id.startsWith('E'));
    const issuer = (await request(t.http).get(`/reports/${reportId}`).set('Authorization', reviewer).expect(200)).body.issuer;
    await request(t.http).post('/waivers').set('Authorization', reviewer).send({ org: '江门市江海区人民政府', issuer, itemId: item.id, reason: '本年度无此职能', expiresAt: '2000-01-01' }).expect(400);
    const waiver = await request(t.http)
      .post('/waivers')
      .set('Authorization', reviewer)
      .send({ org: '江门市江海区人民政府', issuer, itemId: item.id, reason: '本年度无此职能', expiresAt: new Date(Date.now() + 86_400_000).toISOString() })
      .expect(201);
    expect(waiver.body).toMatchObject({ itemId: item.id, issuer });
    const after = await assessment();
    expect(after.card.items.find((it: { id: string }) => it.id === item.id)).toMatchObject({ status: 'not_applicable', max: 0, adjusted: { kind: 'waiver', reason: '本年度无此职能' } });
    expect(after.card.total).not.toBe(current.card.total);
    expect(after.card.totalWithoutOverrides).toBe(current.card.total);
    // the reports list shows the same total in the same one request, for the agency too
    for (const auth of [reviewer, agency]) {
      const listed = (await request(t.http).get('/reports').set('Authorization', auth).expect(200)).body.items.find((r: { id: string }) => r.id === reportId);
      expect(listed.assessment).toEqual({ id: after.id, status: 'done', rubric: after.rubric, profile: after.profile, total: after.card.total, grade: after.card.grade });
    }
    const list = await request(t.http).get('/waivers').set('Authorization', reviewer).expect(200);
    expect(list.body.map((w: { id: string }) => w.id)).toContain(waiver.body.id);
    expect((await request(t.http).get('/waivers').set('Authorization', outsider).expect(200)).body).toEqual([]);
    await request(t.http).post('/waivers').set('Authorization', outsider).send({ org: '江门市江海区人民政府', itemId: item.id, reason: '越权', expiresAt: '2099-01-01' }).expect(404);
    // from the report page: the report names the organisation and the issuer, and an outsider cannot use it
    const other = after.card.items.find((it: { status: string; max: number; id: string }) => it.status !== 'met' && it.status !== 'not_applicable' && it.max > 0 && !it.id.startsWith('E') && it.id !== item.id);
    await request(t.http).post('/waivers').set('Authorization', outsider).send({ reportId, itemId: other.id, reason: '越权', expiresAt: '2099-01-01' }).expect(404);
    const byReport = await request(t.http).post('/waivers').set('Authorization', reviewer).send({ reportId, itemId: other.id, reason: '该项本年度不适用', expiresAt: '2099-01-01' }).expect(201);
    expect(byReport.body).toMatchObject({ issuer, itemId: other.id });
    expect((await assessment()).card.items.find((it: { id: string }) => it.id === other.id)).toMatchObject({ status: 'not_applicable', adjusted: { kind: 'waiver' } });
  });

  it('is for reviewers only, within what they can see; bad input → 400', async () => {
    await request(t.http).post(`/reports/${reportId}/overrides`).set('Authorization', agency).send({ itemId: 'E1', status: 'met', reason: '自评' }).expect(403);
    await request(t.http).post(`/reports/${reportId}/overrides`).set('Authorization', outsider).send({ itemId: 'E1', status: 'met', reason: '越权' }).expect(404);
    await request(t.http).get(`/reports/${reportId}/overrides`).set('Authorization', outsider).expect(404);
    await request(t.http).post('/waivers').set('Authorization', agency).send({ itemId: 'E1', reason: 'x', expiresAt: '2099-01-01' }).expect(403);
    await request(t.http).post(`/reports/${reportId}/overrides`).set('Authorization', reviewer).send({ itemId: '99.9', status: 'met', reason: '没有这一项' }).expect(400);
    await request(t.http).post(`/reports/${reportId}/overrides`).set('Authorization', reviewer).send({ itemId: 'E1', status: 'excellent', reason: '状态不对' }).expect(400);
    await request(t.http).post(`/reports/${reportId}/overrides`).set('Authorization', reviewer).send({ itemId: 'E1', status: 'met', reason: '多余字段', extra: 1 }).expect(400);
  });

  it('go with their report when it is deleted', async () => {
    const other = (await request(t.http).post('/reports').set('Authorization', agency).send({ text: `${JIANGHAI}\n删除测试。` }).expect(201)).body.id;
    await waitFor(async () => (await request(t.http).get(`/reports/${other}/assessment`).set('Authorization', t.admin)).body.status === 'done', 30_000, 'scoring');
    await request(t.http).post(`/reports/${other}/overrides`).set('Authorization', reviewer).send({ itemId: 'E1', status: 'partial', reason: '成效数据待核实' }).expect(201);
    expect(await t.dataSource.getRepository(Override).countBy({ reportId: other })).toBe(1);
    await request(t.http).delete(`/reports/${other}`).set('Authorization', agency).expect(204);
    expect(await t.dataSource.getRepository(Override).countBy({ reportId: other })).toBe(0);
    expect(await t.dataSource.getRepository(Assessment).countBy({ reportId: other })).toBe(0);
  });
});

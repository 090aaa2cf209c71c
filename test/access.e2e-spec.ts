import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { JobQueue } from '../src/queue';
import type { InlineDriver } from '../src/queue/inline.driver';
import { Report } from '../src/reports/report.entity';
import { registeredRoutes } from './support/routes';
import { REPORT_FIXTURES, startTestApp, type TestApp } from './support/test-app';

type Caller = 'none' | 'revoked' | 'admin' | 'reviewer' | 'agencyA' | 'agencyB' | 'outsideReviewer';
type Role = 'admin' | 'reviewer' | 'agency';
type Resource = 'report' | 'apiKey' | 'rubric' | 'batch';
interface Rule {
  roles: Role[] | 'public';
  /** the :id is a resource of agency A (404 for callers who may not see it) */
  resource?: Resource;
  /** callers without a key are let in while PUBLIC_CHECK is true (the default): the self-check page */
  anonymous?: boolean;
  /** a 404 with this machine code is an answer about the resource, not its hiding (no report last year) */
  notFoundCode?: string;
}

const ALL: Role[] = ['admin', 'reviewer', 'agency'];
/** The access rule of every route. A route the app registers without a line here fails the first test. */
const RULES: Record<string, Rule> = {
  'GET /health': { roles: 'public' },
  'GET /rubrics': { roles: ALL, anonymous: true },
  'GET /rubrics/:id': { roles: ALL, resource: 'rubric', anonymous: true },
  'POST /api-keys': { roles: ['admin'] },
  'GET /api-keys': { roles: ['admin'] },
  'DELETE /api-keys/:id': { roles: ['admin'], resource: 'apiKey' },
  'POST /check': { roles: ALL, anonymous: true },
  'POST /reports': { roles: ALL },
  'GET /reports': { roles: ALL },
  'GET /reports/:id': { roles: ALL, resource: 'report' },
  'DELETE /reports/:id': { roles: ALL, resource: 'report' },
  'GET /reports/:id/original': { roles: ALL, resource: 'report' },
  'GET /reports/:id/assessment': { roles: ALL, resource: 'report' },
  'GET /reports/:id/assessments': { roles: ALL, resource: 'report' },
  'POST /reports/:id/rescore': { roles: ALL, resource: 'report' },
  'GET /reports/:id/overrides': { roles: ALL, resource: 'report' },
  'GET /reports/:id/feedback.docx': { roles: ALL, resource: 'report' },
  'GET /reports/:id/compare': { roles: ALL, resource: 'report', notFoundCode: 'NO_PREVIOUS_REPORT' },
  'GET /reports/:id/copies': { roles: ALL, resource: 'report' },
  'POST /reports/:id/overrides': { roles: ['admin', 'reviewer'], resource: 'report' },
  'POST /waivers': { roles: ['admin', 'reviewer'] },
  'GET /waivers': { roles: ['admin', 'reviewer'] },
  'POST /batches': { roles: ['admin', 'reviewer'] },
  'GET /batches': { roles: ['admin', 'reviewer'] },
  'GET /batches/:id': { roles: ['admin', 'reviewer'], resource: 'batch' },
  'GET /batches/:id/results': { roles: ['admin', 'reviewer'], resource: 'batch' },
  'GET /batches/:id/export': { roles: ['admin', 'reviewer'], resource: 'batch' },
  'GET /batches/:id/report.docx': { roles: ['admin', 'reviewer'], resource: 'batch' },
};

type Call = request.Test;
/**
 * What an allowed caller gets: the success status openapi.json documents for the route, with a body that route
 * accepts (so a 400 from validation, or a 403/404 from a wrong check, fails the case instead of passing as "allowed").
 */
const SUCCESS: Record<string, { status: number; send?: (call: Call, caller: Caller) => Call }> = {
  'GET /health': { status: 200 },
  'GET /rubrics': { status: 200 },
  'GET /rubrics/:id': { status: 200 },
  'POST /api-keys': { status: 201, send: (call, caller) => call.send({ role: 'agency', org: '江海区人民政府', parentOrg: '江门市司法局', name: `access-${caller}` }) },
  'GET /api-keys': { status: 200 },
  'DELETE /api-keys/:id': { status: 204 },
  'POST /check': { status: 200, send: (call) => call.send({ text: report }) },
  // new bytes for every caller, so the answer is the 201 of a stored report, not the 200 of the same bytes again
  'POST /reports': { status: 201, send: (call, caller) => call.attach('file', Buffer.from(`${report}\nupload-${caller}`), 'report.txt') },
  'GET /reports': { status: 200 },
  'GET /reports/:id': { status: 200 },
  'DELETE /reports/:id': { status: 204 },
  'GET /reports/:id/original': { status: 200 },
  'GET /reports/:id/assessment': { status: 200 },
  'GET /reports/:id/assessments': { status: 200 },
  'POST /reports/:id/rescore': { status: 202, send: (call) => call.send({ rubric: 'outline-2021-2025' }) },
  'GET /reports/:id/overrides': { status: 200 },
  'GET /reports/:id/feedback.docx': { status: 200 },
  // agency A's report of the year before is stored in beforeAll
  'GET /reports/:id/compare': { status: 200 },
  'GET /reports/:id/copies': { status: 200 },
  'POST /reports/:id/overrides': { status: 201, send: (call) => call.send({ itemId: '4.2', status: 'met', reason: '复核：报告写明了该项工作的具体举措' }) },
  'POST /waivers': { status: 201, send: (call) => call.send({ issuer: '江海区人民政府', itemId: '3.1', reason: '该单位本年度不承担此项职责', expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() }) },
  'GET /waivers': { status: 200 },
  'POST /batches': { status: 201, send: (call, caller) => call.attach('files', Buffer.from(`${report}\nbatch-${caller}-1`), 'one.txt').attach('files', Buffer.from(`${report}\nbatch-${caller}-2`), 'two.txt') },
  'GET /batches': { status: 200 },
  'GET /batches/:id': { status: 200 },
  'GET /batches/:id/results': { status: 200 },
  'GET /batches/:id/export': { status: 200 },
  'GET /batches/:id/report.docx': { status: 200 },
};

const roleOf: Record<Caller, Role | null> = { none: null, revoked: null, admin: 'admin', reviewer: 'reviewer', agencyA: 'agency', agencyB: 'agency', outsideReviewer: 'reviewer' };
/** who may see agency A's things: A itself, the reviewer above it, admins */
const seesA: Record<Caller, boolean> = { none: false, revoked: false, admin: true, reviewer: true, agencyA: true, agencyB: false, outsideReviewer: false };
const report = fs.readFileSync(path.join(REPORT_FIXTURES, '001_1c1d18808efcf126.txt'), 'utf8');

describe('access control', () => {
  let t: TestApp;
  const keys = {} as Record<Caller, string>;
  let aReport: string;
  let bReport: string;
  let aBatch: string;

  const as = (caller: Caller) => (caller === 'none' ? {} : { Authorization: `Bearer ${keys[caller]}` });
  async function makeKey(role: Role, org?: string, parentOrg?: string) {
    const res = await request(t.http).post('/api-keys').set('Authorization', t.admin).send({ role, org, parentOrg }).expect(201);
    return res.body as { id: string; key: string };
  }
  async function submitAs(caller: Caller, suffix: string) {
    const res = await request(t.http).post('/reports').set(as(caller)).send({ text: `${report}\n${suffix}` }).expect(201);
    return res.body.id as string;
  }

  beforeAll(async () => {
    t = await startTestApp({ queueMode: 'inline' });
    keys.admin = (await makeKey('admin')).key;
    keys.reviewer = (await makeKey('reviewer', '江门市司法局')).key;
    keys.agencyA = (await makeKey('agency', '江海区人民政府', '江门市司法局')).key;
    keys.agencyB = (await makeKey('agency', '蓬江区人民政府', '江门市司法局')).key;
    keys.outsideReviewer = (await makeKey('reviewer', '中山市司法局')).key;
    const revoked = await makeKey('agency', '江海区人民政府');
    await request(t.http).delete(`/api-keys/${revoked.id}`).set('Authorization', t.admin).expect(204);
    keys.revoked = revoked.key;
    keys.none = '';
    aReport = await submitAs('agencyA', 'A');
    bReport = await submitAs('agencyB', 'B');
    // agency A's report on the year before, so GET /reports/:id/compare has something to compare with
    await request(t.http).post('/reports').set(as('agencyA')).send({ text: `${report}\nA previous year`, year: 2021 }).expect(201);
    // a batch of the supervising body above agency A
    aBatch = (await request(t.http).post('/batches').set(as('reviewer')).attach('files', Buffer.from(`${report}\nbatch`), 'a.txt').expect(201)).body.id;
  });
  afterAll(() => t.close());

  /** Inline jobs run after the response: let them end, so a route needing a finished assessment or batch can answer. */
  const settle = () => (t.app.get(JobQueue).driver as InlineDriver).drain();

  // before the cases below, whose allowed uploads add reports to agency B's and the outside reviewer's lists
  it('lists only what the caller may see', async () => {
    const idsFor = async (caller: Caller) => ((await request(t.http).get('/reports?limit=200').set(as(caller)).expect(200)).body.items as { id: string }[]).map((r) => r.id);
    expect(await idsFor('agencyA')).toContain(aReport);
    expect(await idsFor('agencyA')).not.toContain(bReport);
    expect(await idsFor('agencyB')).toEqual([bReport]);
    expect(await idsFor('reviewer')).toEqual(expect.arrayContaining([aReport, bReport]));
    expect(await idsFor('outsideReviewer')).toEqual([]);
  });

  it('has a rule for every registered route, matching the roles the route declares', () => {
    const routes = registeredRoutes(t.app);
    const registered = routes.map((route) => `${route.method} ${route.path}`);
    expect(registered.sort()).toEqual(Object.keys(RULES).sort());
    expect(Object.keys(SUCCESS).sort()).toEqual(Object.keys(RULES).sort());
    for (const route of routes) {
      const rule = RULES[`${route.method} ${route.path}`];
      if (rule.roles === 'public') expect(route.isPublic).toBe(true);
      else expect([...(route.roles ?? [])].sort()).toEqual([...rule.roles].sort());
    }
  });

  const callers: Caller[] = ['none', 'revoked', 'admin', 'reviewer', 'agencyA', 'agencyB', 'outsideReviewer'];
  const cases = Object.entries(RULES).flatMap(([route, rule]) => callers.map((caller) => [route, caller, rule] as const));

  it.each(cases)('%s as %s', async (route, caller, rule) => {
    const [method, pattern] = route.split(' ');
    let id = '';
    if (rule.resource === 'report') id = route.startsWith('DELETE') ? await submitAs('agencyA', `delete-${caller}`) : aReport;
    if (rule.resource === 'apiKey') id = (await makeKey('agency', '江海区人民政府')).id;
    if (rule.resource === 'rubric') id = 'outline-2021-2025';
    if (rule.resource === 'batch') id = aBatch;
    const url = pattern.replace(':id', id);
    const success = SUCCESS[route];
    await settle();
    const call = request(t.http)[method.toLowerCase() as 'get' | 'post' | 'delete'](url).set(as(caller));
    const res = await (success.send ? success.send(call, caller) : call);

    if (rule.roles === 'public') return expect(res.status).toBe(success.status);
    if (rule.anonymous && caller === 'none') return expect(res.status).toBe(success.status);
    const role = roleOf[caller];
    if (role === null) return expect(res.status).toBe(401);
    if (!rule.roles.includes(role)) return expect(res.status).toBe(403);
    if (rule.resource === 'report' && !seesA[caller]) {
      expect(res.status).toBe(404);
      if (rule.notFoundCode) expect(res.body.error).not.toBe(rule.notFoundCode);
      expect(await t.dataSource.getRepository(Report).countBy({ id })).toBe(1);
      return;
    }
    if (rule.resource === 'batch' && !seesA[caller]) return expect(res.status).toBe(404);
    // the allowed: the documented success, whatever else the route could answer
    expect({ status: res.status, error: res.body?.error }).toEqual({ status: success.status, error: undefined });
  });

  it('agency B can neither read, rescore nor delete agency A’s report', async () => {
    for (const [method, url] of [['get', `/reports/${aReport}`], ['get', `/reports/${aReport}/assessment`], ['post', `/reports/${aReport}/rescore`], ['delete', `/reports/${aReport}`], ['get', `/reports/${aReport}/original`]] as const) {
      const res = await request(t.http)[method](url).set(as('agencyB'));
      expect(res.status).toBe(404);
      expect(res.body.message).not.toContain('江海');
    }
    await request(t.http).get(`/reports/${aReport}`).set(as('agencyA')).expect(200);
  });

  it('never answers with a stack trace or SQL', async () => {
    // each with the answer a client can act on: no such report, or which parameter is wrong
    const probes: Array<[request.Test, number, string]> = [
      [request(t.http).get("/reports/'; drop table reports; --").set(as('admin')), 404, 'REPORT_NOT_FOUND'],
      [request(t.http).get('/reports?page=-1&limit=abc').set(as('admin')), 400, 'VALIDATION_FAILED'],
      [request(t.http).delete('/api-keys/not-a-uuid').set(as('admin')), 400, 'VALIDATION_FAILED'],
      [request(t.http).post('/reports').set(as('admin')).send({ text: 42 }), 400, 'VALIDATION_FAILED'],
      [request(t.http).post('/api-keys').set(as('admin')).send({ role: 'agency', org: 'x'.repeat(500) }), 400, 'VALIDATION_FAILED'],
    ];
    for (const [call, status, error] of probes) {
      const res = await call;
      expect({ status: res.status, error: res.body.error }).toEqual({ status, error });
      expect(JSON.stringify(res.body)).not.toMatch(/SELECT|INSERT|QueryFailed|SQLITE|\.ts:\d+|\.js:\d+/i);
    }
  });

  it('sends security headers', async () => {
    const res = await request(t.http).get('/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('rate limits per key', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ queueMode: 'inline', env: { RATE_LIMIT_PER_MINUTE: '5' } })));
  afterAll(() => t.close());

  it('answers 429 past the limit for that key only', async () => {
    const other = (await request(t.http).post('/api-keys').set('Authorization', t.admin).send({ role: 'reviewer' }).expect(201)).body.key;
    for (let i = 0; i < 4; i++) await request(t.http).get('/rubrics').set('Authorization', t.admin).expect(200);
    await request(t.http).get('/rubrics').set('Authorization', t.admin).expect(429);
    await request(t.http).get('/rubrics').set('Authorization', `Bearer ${other}`).expect(200);
    await request(t.http).get('/health').expect(200);
  });
});

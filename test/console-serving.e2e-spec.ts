import request from 'supertest';
import { ConfigError, loadAppConfig } from '../src/config/app-config';
import { startTestApp, type TestApp } from './support/test-app';

/** The console is served by the API's own port: pages fall back to index.html, unknown API paths stay 404 JSON. */
describe('console serving and PUBLIC_CHECK', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ queueMode: 'inline' });
  });
  afterAll(() => t.close());

  it.each(['/', '/console', '/console/', '/console/reports/0b9c', '/console/batches/x?y=1'])('GET %s is the console page', async (url) => {
    const res = await request(t.http).get(url).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('<div id="app">');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('serves the built assets with long caching, and nothing loaded from elsewhere', async () => {
    const html = (await request(t.http).get('/').expect(200)).text;
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((u) => !u.startsWith('data:'));
    // the built page loads its script and its stylesheet
    expect(assets.filter((u) => u.endsWith('.js'))).toHaveLength(1);
    expect(assets.filter((u) => u.endsWith('.css'))).toHaveLength(1);
    for (const asset of assets) {
      expect(asset).toMatch(/^\/assets\//);
      const res = await request(t.http).get(asset).expect(200);
      expect(res.headers['cache-control']).toContain('immutable');
    }
  });

  it.each(['/nope', '/consolex', '/assets/missing.js', '/api/reports', '/reports/x/nope', '/docs-nope'])('GET %s is a 404 JSON', async (url) => {
    const res = await request(t.http).get(url).set('Authorization', t.admin).expect(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body.statusCode).toBe(404);
  });

  it('keeps the API routes as they were', async () => {
    await request(t.http).get('/health').expect(200);
    await request(t.http).get('/reports').expect(401);
    await request(t.http).get('/reports').set('Authorization', t.admin).expect(200);
  });

  it('lets POST /check and the rubric in without a key by default, but still checks a key that is sent', async () => {
    const res = await request(t.http).post('/check').send({ text: '某市人民政府2024年法治政府建设年度报告\n一、主要举措\n推进严格规范公正文明执法。', includeText: true }).expect(200);
    // the anonymous self-check scores as a keyed check does
    const keyed = (await request(t.http).post('/check').set('Authorization', t.admin).send({ text: '某市人民政府2024年法治政府建设年度报告\n一、主要举措\n推进严格规范公正文明执法。', includeText: true }).expect(200)).body;
    expect(res.body).toEqual(keyed);
    expect(res.body.text).toContain('严格规范公正文明执法');
    const card = (await request(t.http).post('/check').send({ text: '某市人民政府2024年法治政府建设年度报告' }).expect(200)).body;
    expect(card.text).toBeUndefined();
    await request(t.http).get('/rubrics').expect(200);
    await request(t.http).post('/check').set('Authorization', 'Bearer not-a-key-0123456789').send({ text: '报告' }).expect(401);
    await request(t.http).get('/reports').expect(401);
  });

  it('PUBLIC_CHECK=false requires a key for POST /check', async () => {
    const closed = await startTestApp({ queueMode: 'inline', env: { PUBLIC_CHECK: 'false' } });
    try {
      await request(closed.http).post('/check').send({ text: '某市人民政府2024年法治政府建设年度报告' }).expect(401);
      await request(closed.http).get('/rubrics').expect(401);
      await request(closed.http).post('/check').set('Authorization', closed.admin).send({ text: '某市人民政府2024年法治政府建设年度报告' }).expect(200);
    } finally {
      await closed.close();
    }
  });

  it('PUBLIC_CHECK accepts true/false only', () => {
    expect(loadAppConfig({}).publicCheck).toBe(true);
    expect(loadAppConfig({ PUBLIC_CHECK: 'false' }).publicCheck).toBe(false);
    expect(loadAppConfig({ PUBLIC_CHECK: '0' }).publicCheck).toBe(false);
    expect(() => loadAppConfig({ PUBLIC_CHECK: 'maybe' })).toThrow(ConfigError);
  });
});

import request from 'supertest';
import { startTestApp, type TestApp } from './support/test-app';

const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const manyKeys = (count: number) => `{${Array.from({ length: count }, (_, i) => `"k${i}":1`).join(',')}}`;

describe('bounded request bodies and query parameters', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ queueMode: 'inline' })));
  afterAll(() => t.close());

  const postJson = (path: string, body: string) =>
    request(t.http).post(path).set('Authorization', t.admin).set('Content-Type', 'application/json').send(body);

  it.each(['/check', '/reports', '/api-keys'])('refuses JSON nested 10,000 deep on %s with 400 JSON_TOO_DEEP', async (path) => {
    const res = await postJson(path, nested(10_000));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ statusCode: 400, error: 'JSON_TOO_DEEP', message: expect.stringMatching(/嵌套过深/) });
  });

  it('refuses 50,000 keys with 400 JSON_TOO_MANY_KEYS', async () => {
    const res = await postJson('/api-keys', manyKeys(50_000));
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('JSON_TOO_MANY_KEYS');
    expect(res.body.message).toMatch(/字段过多/);
  });

  it('refuses an array of 200,000 elements with 400 JSON_TOO_MANY_ITEMS before validation, and validates one of 500', async () => {
    const res = await postJson('/reports', `{"text":"法治","data":[${Array.from({ length: 200_000 }, (_, i) => i).join(',')}]}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ statusCode: 400, error: 'JSON_TOO_MANY_ITEMS', message: expect.stringMatching(/数组元素过多/) });
    // commas inside strings and between keys are not array elements
    const ordinary = await postJson('/api-keys', JSON.stringify({ role: 'nobody', name: ',,,'.repeat(5000), tags: Array.from({ length: 500 }, (_, i) => i) }));
    expect(ordinary.status).toBe(400);
    expect(ordinary.body.error).not.toMatch(/json_too/);
  });

  it('answers a URL longer than Node accepts with 431 in the one error body, not a bare status line', async () => {
    const res = await request(t.http).get(`/reports?q=${'a'.repeat(30_000)}`).set('Authorization', t.admin);
    expect(res.status).toBe(431);
    expect(JSON.parse(res.text)).toEqual({ statusCode: 431, error: 'HEADERS_TOO_LARGE', message: expect.stringMatching(/过长/) });
    await request(t.http).get('/health').expect(200);
  });

  it('still validates a body of ordinary depth (brackets inside strings are not counted)', async () => {
    const res = await postJson('/api-keys', JSON.stringify({ role: 'reviewer', name: '{['.repeat(100) }));
    expect(res.status).toBe(201);
    const shallowButWrong = await postJson('/api-keys', nested(30));
    expect(shallowButWrong.status).toBe(400);
    expect(shallowButWrong.body.error).not.toMatch(/JSON_TOO/);
  });

  it.each(['/reports', '/batches'])('answers 400 (not SQLITE_MISMATCH 500) to a huge page on %s', async (path) => {
    for (const page of ['1000000000000000000', '100001', '1e30', '-1', 'abc']) {
      const res = await request(t.http).get(`${path}?page=${page}`).set('Authorization', t.admin);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).not.toMatch(/SQLITE|SELECT/);
    }
    await request(t.http).get(`${path}?page=100000&limit=200`).set('Authorization', t.admin).expect(200);
  });

  it('validates every query parameter: repeated, unknown and malformed ones answer 400', async () => {
    await request(t.http).get('/reports?page=1&page=2').set('Authorization', t.admin).expect(400);
    await request(t.http).get('/reports?sort=1').set('Authorization', t.admin).expect(400);
    await request(t.http).get('/rubrics/fazhi-annual-report?version=1&version=2').set('Authorization', t.admin).expect(400);
    await request(t.http).get('/rubrics/fazhi-annual-report?version=../../etc').set('Authorization', t.admin).expect(400);
  });
});

describe('rate limits after authentication', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ queueMode: 'inline', env: { RATE_LIMIT_PER_MINUTE: '8', RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '4' } })));
  afterAll(() => t.close());

  it('counts fresh random keys against the address: they are limited, and then 429 with Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await request(t.http).get('/reports').set('Authorization', `Bearer random-${i}-${Math.random()}`);
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.body).toEqual({ statusCode: 429, error: 'TOO_MANY_AUTH_FAILURES', message: expect.stringMatching(/稍后再试/) });
        // whole seconds until the minute's window frees a place
        expect(res.headers['retry-after']).toMatch(/^[1-9]\d*$/);
        expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
      }
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
  });

  it('a valid key keeps its own budget while its address is refused for bad keys', async () => {
    // the failures above came from this same address; the admin key is still served
    for (let i = 0; i < 8; i++) await request(t.http).get('/rubrics').set('Authorization', t.admin).expect(200);
    const over = await request(t.http).get('/rubrics').set('Authorization', t.admin).expect(429);
    expect(over.body.error).toBe('RATE_LIMITED');
    await request(t.http).get('/health').expect(200);
  });
});

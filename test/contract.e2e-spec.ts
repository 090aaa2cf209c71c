// The API contract: the committed openapi.json is valid OpenAPI 3, is what the server serves (contract drift
// fails here, so it shows in review), and the client generated from it talks to the real app.
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { createScorecardClient } from '../client';
import { ADMIN_KEY, ROOT, startTestApp, type TestApp } from './support/test-app';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { sortKeys } = require('../scripts/openapi.js') as { sortKeys<T>(value: T): T };
const COMMITTED = path.join(ROOT, 'openapi.json');
// the validator is an ES module: a real dynamic import, not the require ts-jest would make of `import()`
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<any>;

describe('API contract', () => {
  let t: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    t = await startTestApp({ queueMode: 'inline' });
    await new Promise<void>((resolve) => t.http.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${t.http.address().port}`;
  });
  afterAll(() => t?.close());

  it('openapi.json is a valid OpenAPI 3 document', async () => {
    const { Validator } = await importEsm('@seriousme/openapi-schema-validator');
    const result = await new Validator().validate(JSON.parse(fs.readFileSync(COMMITTED, 'utf8')));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    // and the validator is not one that accepts anything
    const broken = await new Validator().validate({ openapi: '3.0.0', info: { title: 'x' }, paths: { '/a': { get: { responses: 'none' } } } });
    expect(broken.valid).toBe(false);
  });

  it('the served /docs-json is the committed openapi.json (run `npm run openapi` after changing a route or DTO)', async () => {
    const served = (await request(t.http).get('/docs-json').expect(200)).body;
    expect(sortKeys(served)).toEqual(JSON.parse(fs.readFileSync(COMMITTED, 'utf8')));
  });

  it('the committed file is exactly what `npm run openapi` writes (sorted keys, two-space indent)', () => {
    const text = fs.readFileSync(COMMITTED, 'utf8');
    expect(text).toBe(`${JSON.stringify(sortKeys(JSON.parse(text)), null, 2)}\n`);
  });

  it('the generated client lists rubrics and checks a draft', async () => {
    const api = createScorecardClient(baseUrl, { apiKey: ADMIN_KEY });
    const rubrics = await api.GET('/rubrics');
    expect(rubrics.response.status).toBe(200);
    expect(rubrics.data).toEqual(expect.arrayContaining([expect.objectContaining({ id: expect.any(String), version: expect.stringMatching(/^\d+\.\d+\.\d+$/) })]));

    const text = '某市人民政府2024年法治政府建设年度报告\n一、主要举措\n推进严格规范公正文明执法，全面推行行政执法公示制度。';
    const checked = await api.POST('/check', { body: { text } });
    expect(checked.response.status).toBe(200);
    expect(checked.error).toBeUndefined();
  });

  it('the generated client receives the error body on a bad request', async () => {
    const api = createScorecardClient(baseUrl, { apiKey: 'not-a-key-0123456789' });
    const denied = await api.GET('/reports');
    expect(denied.response.status).toBe(401);
    expect(denied.error).toEqual(expect.objectContaining({ statusCode: 401, error: expect.any(String), message: expect.any(String) }));
  });
});

describe('typed client', () => {
  it('type-checks with the specs that use it (a path, body or field the contract lacks is a compile error)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
    expect(() => execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'client/tsconfig.json')], { cwd: ROOT, stdio: 'pipe' })).not.toThrow();
  });
});

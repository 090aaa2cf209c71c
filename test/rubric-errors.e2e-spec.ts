// Defect 3: an unknown rubric is the client's 4xx with a code; a real fault is a 500, never dressed as a 404.
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { Batch } from '../src/batches/batch.entity';
import { RubricRegistry } from '../src/rubric/rubric-loader';
import { REPORT_FIXTURES, startTestApp, waitFor, type TestApp } from './support/test-app';

describe('rubric errors', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ queueMode: 'inline' })));
  afterAll(() => t?.close());
  afterEach(() => jest.restoreAllMocks());

  it('GET /rubrics/:id answers 404 RUBRIC_NOT_FOUND for an unknown id or version only', async () => {
    const [known] = (await request(t.http).get('/rubrics').set('Authorization', t.admin).expect(200)).body as Array<{ id: string }>;
    const unknownId = await request(t.http).get('/rubrics/no-such-rubric').set('Authorization', t.admin).expect(404);
    expect(unknownId.body).toEqual({ statusCode: 404, error: 'RUBRIC_NOT_FOUND', message: expect.stringContaining('no-such-rubric') });
    const unknownVersion = await request(t.http).get(`/rubrics/${known.id}?version=9.9.9`).set('Authorization', t.admin).expect(404);
    expect(unknownVersion.body.error).toBe('RUBRIC_NOT_FOUND');
  });

  it('GET /rubrics/:id answers 500 when the registry itself fails', async () => {
    const [known] = (await request(t.http).get('/rubrics').set('Authorization', t.admin).expect(200)).body as Array<{ id: string }>;
    jest.spyOn(t.app.get(RubricRegistry), 'get').mockImplementation(() => {
      throw new TypeError('registry is broken');
    });
    const res = await request(t.http).get(`/rubrics/${known.id}`).set('Authorization', t.admin).expect(500);
    expect(res.body).toEqual({ statusCode: 500, error: 'INTERNAL_ERROR', message: '服务器内部错误（详情见日志）' });
  });

  it('a batch scored with a rubric that is no longer loaded: results answer 409 RUBRIC_NOT_LOADED, the export is made from the stored cards', async () => {
    const text = fs.readFileSync(path.join(REPORT_FIXTURES, '000_461a89b47b0cee9b.txt'));
    const created = await request(t.http).post('/batches').set('Authorization', t.admin).attach('files', text, 'a.txt').expect(201);
    const id = created.body.id as string;
    await waitFor(async () => (await request(t.http).get(`/batches/${id}`).set('Authorization', t.admin)).body.status === 'done', 60_000, 'batch');
    await t.dataSource.getRepository(Batch).update({ id }, { rubricVersion: '9.9.9' });
    const results = await request(t.http).get(`/batches/${id}/results`).set('Authorization', t.admin);
    expect({ status: results.status, error: results.body.error }).toEqual({ status: 409, error: 'RUBRIC_NOT_LOADED' });
    expect(results.body.message).toMatch(/9\.9\.9/);
    // since exports take their columns from the cards (parts, check kinds), they need no loaded rubric
    const exported = await request(t.http).get(`/batches/${id}/export?format=json`).set('Authorization', t.admin).expect(200);
    expect(JSON.stringify(exported.body)).toContain('a.txt');
  });
});

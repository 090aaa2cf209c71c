// What the server answers is what the contract says: real responses of every JSON route, validated against the
// committed openapi.json with nothing undocumented allowed (additionalProperties: false on every object), so a
// field added to an entity or a card that is not in its DTO and mapper fails here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import request from 'supertest';
import { BAD, generateReports } from './support/batch-fixtures';
import { REPORT_FIXTURES, ROOT, startTestApp, waitFor, type TestApp } from './support/test-app';

type Json = Record<string, unknown>;
const DOC = JSON.parse(fs.readFileSync(path.join(ROOT, 'openapi.json'), 'utf8')) as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Json }> }> }>>; components: { schemas: Json } };

/** OpenAPI 3.0 to JSON Schema for the validator: `nullable` as a null type, and no property a schema does not name. */
function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (schema === null || typeof schema !== 'object') return schema;
  const { nullable, ...rest } = schema as Json;
  const out: Json = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, k === 'properties' ? Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, strict(s)])) : strict(v)]));
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  if (nullable !== true) return out;
  // `{nullable, allOf: [$ref]}` (a nullable DTO-typed field): null, or the referenced schema
  if (typeof out.type === 'string' && !out.allOf && !out.$ref && !out.oneOf) return { ...out, type: [out.type, 'null'], ...(Array.isArray(out.enum) ? { enum: [...out.enum, null] } : {}) };
  return { anyOf: [out, { type: 'null' }] };
}

const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema({ $id: 'api', components: { schemas: strict(DOC.components.schemas) } });

function validatorFor(method: string, route: string, status: number): ValidateFunction {
  const response = DOC.paths[route]?.[method]?.responses[String(status)];
  const schema = response?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${method.toUpperCase()} ${route} documents no JSON schema for ${status}`);
  const refd = JSON.parse(JSON.stringify(strict(schema)).replace(/"#\/components/g, '"api#/components'));
  return ajv.compile(refd);
}

describe('responses conform to the contract', () => {
  let t: TestApp;
  const checked = new Set<string>();
  /** The response, after asserting its status and that its body matches the documented schema exactly. */
  async function conforms(method: 'get' | 'post', route: string, url: string, status: number, send?: (r: request.Test) => request.Test): Promise<request.Response> {
    let req = request(t.http)[method](url).set('Authorization', t.admin);
    if (send) req = send(req);
    const res = await req;
    expect({ url, status: res.status }).toEqual({ url, status });
    const validate = validatorFor(method, route, status);
    expect({ url, errors: validate(res.body) ? [] : validate.errors }).toEqual({ url, errors: [] });
    checked.add(`${method.toUpperCase()} ${route}`);
    return res;
  }

  beforeAll(async () => (t = await startTestApp({ queueMode: 'inline' })));
  afterAll(() => t?.close());

  it('the validator refuses a field the schema does not name (else the checks below prove nothing)', () => {
    const validate = validatorFor('get', '/reports/{id}/assessments', 200);
    const row = { id: 'a', status: 'done', rubric: 'x@1.0.0', profile: 'p', total: 1, grade: 'g', createdAt: 'now', finishedAt: null };
    expect(validate([row])).toBe(true);
    expect(validate([{ ...row, card: {} }])).toBe(false);
    expect(validate([{ ...row, total: 'high' }])).toBe(false);
  });

  it('reports, assessments, overrides, waivers, the check and the rubrics', async () => {
    const text = fs.readFileSync(path.join(REPORT_FIXTURES, '001_1c1d18808efcf126.txt'), 'utf8');
    await conforms('post', '/check', '/check', 200, (r) => r.send({ text, includeText: true }));
    const submitted = (await conforms('post', '/reports', '/reports', 201, (r) => r.send({ text }))).body;
    await conforms('post', '/reports', '/reports', 200, (r) => r.send({ text }));
    const id = submitted.id as string;
    await waitFor(async () => ((await request(t.http).get(`/reports/${id}/assessment`).set('Authorization', t.admin)).body.status === 'done' ? true : undefined), 30_000, 'assessment');
    await conforms('get', '/reports', '/reports', 200);
    await conforms('get', '/reports/{id}', `/reports/${id}`, 200);
    const card = (await conforms('get', '/reports/{id}/assessment', `/reports/${id}/assessment`, 200)).body.card;
    const item = card.items.find((it: { status: string }) => it.status !== 'met');
    await conforms('post', '/reports/{id}/overrides', `/reports/${id}/overrides`, 201, (r) => r.send({ itemId: item.id, status: 'met', reason: '复核：年度报告附件中已有记载' }));
    await conforms('get', '/reports/{id}/overrides', `/reports/${id}/overrides`, 200);
    const adjusted = (await conforms('get', '/reports/{id}/assessment', `/reports/${id}/assessment`, 200)).body;
    expect(adjusted.card.adjustments).toHaveLength(1);
    await conforms('post', '/waivers', '/waivers', 201, (r) => r.send({ issuer: submitted.issuer ?? '某单位', itemId: card.items[0].id, reason: '该单位不承担此项职责', expiresAt: new Date(Date.now() + 86_400_000).toISOString() }));
    await conforms('get', '/waivers', '/waivers', 200);
    await conforms('post', '/reports/{id}/rescore', `/reports/${id}/rescore`, 202, (r) => r.send({}));
    await conforms('get', '/reports/{id}/assessments', `/reports/${id}/assessments`, 200);
    const rubrics = (await conforms('get', '/rubrics', '/rubrics', 200)).body;
    await conforms('get', '/rubrics/{id}', `/rubrics/${rubrics[0].id}`, 200);
    await conforms('post', '/api-keys', '/api-keys', 201, (r) => r.send({ role: 'agency', org: '某区司法局', name: '测试' }));
    await conforms('get', '/api-keys', '/api-keys', 200);
  });

  it('a batch: progress, results with copies and a failed file, the JSON export', async () => {
    let req = request(t.http).post('/batches').set('Authorization', t.admin);
    const files = generateReports(3, 'conformance');
    // one report twice more, a line apart (with its four formats, too common in this batch to be a copy: see below)
    const text = fs.readFileSync(path.join(REPORT_FIXTURES, '001_1c1d18808efcf126.txt'), 'utf8');
    files.push({ name: 'a.txt', bytes: Buffer.from(`${text}\n附件：一`, 'utf8') }, { name: 'b.txt', bytes: Buffer.from(`${text}\n附件：二`, 'utf8') });
    for (const f of files) req = req.attach('files', f.bytes, f.name);
    req = req.attach('files', path.join(BAD, 'corrupt.docx'));
    const created = await req;
    expect(created.status).toBe(201);
    expect(validatorFor('post', '/batches', 201)(created.body)).toBe(true);
    checked.add('POST /batches');
    const id = created.body.id as string;
    await waitFor(async () => ((await request(t.http).get(`/batches/${id}`).set('Authorization', t.admin)).body.status === 'done' ? true : undefined), 120_000, 'batch');
    await conforms('get', '/batches', '/batches', 200);
    await conforms('get', '/batches/{id}', `/batches/${id}`, 200);
    const results = (await conforms('get', '/batches/{id}/results', `/batches/${id}/results`, 200)).body;
    expect(results.failed).toHaveLength(1);
    // the same report in four formats is a copy in each pair of them; 001 is in six of the 14 files (its four formats,
    // a.txt and b.txt): near copies count once for boilerplate, so its six are copies of one another too
    type Party = { file: string | null };
    const copies = results.copies as Array<{ a: Party; b: Party; earlier: boolean }>;
    const pairs = copies.filter((c) => !c.earlier).map((c) => [c.a.file, c.b.file].sort().join(' ~ ')).sort();
    const formats = ['docx', 'gbk.txt', 'html', 'pdf'];
    const allPairs = (names: string[]) => names.flatMap((x, i) => names.slice(i + 1).map((y) => [x, y].sort().join(' ~ ')));
    const within = (base: string) => allPairs(formats.map((f) => `${base}.${f}`));
    const the001 = [...formats.map((f) => `001_1c1d18808efcf126.${f}`), 'a.txt', 'b.txt'];
    expect(pairs).toEqual([...within('000_461a89b47b0cee9b'), ...within('003_efdde5739ee958ba'), ...allPairs(the001)].sort());
    // the suite stored 001 before (POST /reports): each of its six copies that earlier report of the same issuer
    expect(copies.filter((c) => c.earlier).map((c) => c.a.file).sort()).toEqual([...the001].sort());
    const exported = await request(t.http).get(`/batches/${id}/export?format=json`).set('Authorization', t.admin).buffer(true).expect(200);
    const schema = DOC.paths['/batches/{id}/export'].get.responses['200'].content!['application/json; charset=utf-8'].schema;
    const validate = ajv.compile(JSON.parse(JSON.stringify(strict(schema)).replace(/"#\/components/g, '"api#/components')));
    expect(validate(JSON.parse(exported.text)) ? [] : validate.errors).toEqual([]);
    checked.add('GET /batches/{id}/export');
  });

  it('covered every JSON route but those the documents specs check (compare), report-copies.e2e-spec checks (copies) and health', () => {
    const json = Object.entries(DOC.paths).flatMap(([route, methods]) =>
      Object.entries(methods)
        .filter(([, op]) => Object.entries(op.responses).some(([status, r]) => /^2/.test(status) && r.content?.['application/json']))
        .map(([method]) => `${method.toUpperCase()} ${route}`),
    );
    expect(json.filter((name) => !checked.has(name))).toEqual(['GET /health', 'GET /reports/{id}/compare', 'GET /reports/{id}/copies']);
  });
});

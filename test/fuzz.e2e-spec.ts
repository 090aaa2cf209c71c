/**
 * The project's own fuzz suite: over a thousand seeded hostile requests spread over every route the app
 * registers (read from Nest's metadata, as the access matrix is), with hostile files of every accepted type,
 * bodies, query strings, ids and tokens. Every answer is a clean 4xx (or a 2xx where the input happens to be
 * acceptable) in the one error shape {statusCode, error, message} with a catalogue code and a Chinese message, no answer leaks a stack trace, SQL or a file
 * path, the server is alive afterwards, and what was stored before is unchanged, byte for byte.
 *
 * Repeat a run with FUZZ_SEED=<the seed it printed>; FUZZ_REQUESTS changes the count.
 */
import request from 'supertest';
import { isErrorCode } from '../src/common/error-codes';
import { DataSource } from 'typeorm';
import { craftedFiles, HOSTILE_IDS, HOSTILE_QUERIES, hostileFile, hostileJson, hostileToken, Rng, type HostileFile } from './support/hostile';
import { registeredRoutes, type RegisteredRoute } from './support/routes';
import { REPORT_FIXTURES, startTestApp, waitFor, type TestApp } from './support/test-app';
import * as fs from 'node:fs';
import * as path from 'node:path';

const CJK = /[\u4e00-\u9fff]/;
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_202);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 1_000);
const report = fs.readFileSync(path.join(REPORT_FIXTURES, '003_efdde5739ee958ba.txt'), 'utf8');

/** Text no answer may contain: stack frames, SQL and driver errors, paths of this machine. */
const LEAKS = /\bat [\w.<>]+ \(|\.(?:ts|js):\d+|node_modules|\/work\/|\/tmp\/|\/home\/|\/usr\/|\bSELECT\b|\bINSERT INTO\b|\bUPDATE\b.+\bSET\b|\bDELETE FROM\b|SQLITE_|QueryFailedError|TypeError|RangeError|ReferenceError|syntax error/i;

/** Every row of every table, as JSON text; lastUsedAt is bookkeeping that authenticating may touch. */
async function dump(dataSource: DataSource): Promise<Record<string, string[]>> {
  const tables = (await dataSource.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)) as { name: string }[];
  const out: Record<string, string[]> = {};
  for (const { name } of tables) {
    const rows = (await dataSource.query(`SELECT * FROM "${name}"`)) as Record<string, unknown>[];
    out[name] = rows
      .map((row) => {
        const { last_used_at: _a, lastUsedAt: _b, ...kept } = row;
        return JSON.stringify(kept, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v));
      })
      .sort();
  }
  return out;
}

interface Sent {
  /** the registered route, e.g. GET /reports/:id */
  route: string;
  what: string;
  ms: number;
  status: number;
  body: unknown;
  text: string;
  created?: string;
}

describe(`fuzz: ${REQUESTS} hostile requests over every route (FUZZ_SEED=${SEED})`, () => {
  let t: TestApp;
  let routes: RegisteredRoute[];
  let crafted: HostileFile[];
  const real: Record<string, string> = {};
  const keys: string[] = [];

  beforeAll(async () => {
    process.stdout.write(`fuzz seed ${SEED} (repeat with FUZZ_SEED=${SEED})\n`);
    t = await startTestApp({ queueMode: 'inline' });
    routes = registeredRoutes(t.app);
    crafted = await craftedFiles();
    const agency = (await request(t.http).post('/api-keys').set('Authorization', t.admin).send({ role: 'agency', org: '江海区人民政府' }).expect(201)).body;
    const reviewer = (await request(t.http).post('/api-keys').set('Authorization', t.admin).send({ role: 'reviewer', org: '江门市司法局' }).expect(201)).body;
    keys.push(t.admin.replace('Bearer ', ''), agency.key, reviewer.key);
    real.apiKey = agency.id;
    real.report = (await request(t.http).post('/reports').set('Authorization', t.admin).send({ text: report }).expect(201)).body.id;
    real.batch = (await request(t.http).post('/batches').set('Authorization', t.admin).attach('files', Buffer.from(`${report}\n批次`), 'a.txt').expect(201)).body.id;
    real.rubric = 'outline-2021-2025';
    // the snapshot is taken once the batch has finished, so that only the fuzz could change what is stored
    await waitFor(async () => (await request(t.http).get(`/batches/${real.batch}`).set('Authorization', t.admin)).body.status === 'done', 120_000, 'the batch to finish');
    await waitFor(async () => (await request(t.http).get(`/reports/${real.report}/assessment`).set('Authorization', t.admin)).body.status === 'done', 120_000, 'the report to be scored');
  });
  afterAll(() => t?.close());

  /** The :id of a route: usually hostile; the real resource only where the request cannot change it. */
  function idFor(rng: Rng, route: RegisteredRoute, token: string | undefined): string {
    const mutating = route.method !== 'GET';
    const validToken = token !== undefined && keys.some((k) => token === `Bearer ${k}`);
    if (rng.chance(0.35) && (!mutating || !validToken)) {
      const kind = route.path.startsWith('/batches') ? 'batch' : route.path.startsWith('/api-keys') ? 'apiKey' : route.path.startsWith('/rubrics') ? 'rubric' : 'report';
      return real[kind];
    }
    return rng.pick(HOSTILE_IDS);
  }

  async function send(rng: Rng, route: RegisteredRoute): Promise<Sent> {
    const token = hostileToken(rng, keys);
    let url = route.path.replace(/:\w+/g, () => idFor(rng, route, token));
    if (rng.chance(0.5)) url += `?${rng.pick(HOSTILE_QUERIES)}${rng.chance(0.3) ? `&${rng.pick(HOSTILE_QUERIES)}` : ''}`;
    const method = route.method.toLowerCase() as 'get' | 'post' | 'delete' | 'put' | 'patch';
    let call = request(t.http)[method](url).timeout(60_000);
    if (token !== undefined) call = call.set('Authorization', token);
    let what = `${route.method} ${url.slice(0, 120)} token=${token?.slice(0, 20) ?? 'none'}`;
    if (method !== 'get' && method !== 'delete') {
      if (rng.chance(0.5)) {
        const field = rng.pick(['file', 'files', 'files', 'upload']);
        const files = Array.from({ length: field === 'files' ? 1 + rng.int(3) : 1 }, () => hostileFile(rng, crafted));
        for (const f of files) call = call.attach(field, f.bytes, { filename: f.name, contentType: 'application/octet-stream' });
        if (rng.chance(0.4)) call = call.field(rng.pick(['title', 'year', 'profile', 'rubric', 'level', '__proto__', 'constructor[prototype][x]']), rng.pick(['\u0000', '1e309', '../../etc', '__proto__', '-1', '法治']));
        what += ` files=${files.map((f) => `${f.kind}:${f.name.slice(0, 30)}`).join(',')}`;
      } else {
        const json = hostileJson(rng);
        call = call.set('Content-Type', rng.chance(0.9) ? 'application/json' : rng.pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])).serialize((raw: unknown) => raw as string).send(json.body);
        what += ` json=${json.kind}`;
      }
    }
    const started = Date.now();
    const sentTo = { route: `${route.method} ${route.path}`, what };
    try {
      const res = await call;
      const created = res.status === 201 && typeof res.body?.id === 'string' ? res.body.id : undefined;
      return { ...sentTo, ms: Date.now() - started, status: res.status, body: res.body, text: res.text ?? '', created };
    } catch (error) {
      const e = error as { response?: { status: number; body: unknown; text: string }; code?: string; message: string };
      if (e.response) return { ...sentTo, ms: Date.now() - started, status: e.response.status, body: e.response.body, text: e.response.text ?? '' };
      // the server may answer a refused upload (413) and close before the client finished sending it
      return { ...sentTo, ms: Date.now() - started, status: 0, body: null, text: `${e.code ?? ''} ${e.message}` };
    }
  }

  it('answers every hostile request with a clean 4xx, leaks nothing, stays alive and changes nothing stored', async () => {
    const before = await dump(t.dataSource);
    const rng = new Rng(SEED);
    const sent: Sent[] = [];
    // every route gets its share, in a seeded order; a few at a time, as clients do
    const plan = Array.from({ length: REQUESTS }, (_, i) => routes[i % routes.length]).sort(() => rng.next() - 0.5);
    for (let i = 0; i < plan.length; i += 4) sent.push(...(await Promise.all(plan.slice(i, i + 4).map((route) => send(rng, route)))));

    const slowest = [...sent].sort((a, b) => b.ms - a.ms).slice(0, 15);
    process.stdout.write(`slowest:\n${slowest.map((s) => `${s.ms} ms ${s.status} ${s.what}`).join('\n')}\n`);
    const problems: string[] = [];
    for (const s of sent) {
      if (s.status >= 500) problems.push(`${s.status} for ${s.what}: ${s.text.slice(0, 200)}`);
      if (s.status === 0 && !/EPIPE|ECONNRESET/.test(s.text)) problems.push(`no answer for ${s.what}: ${s.text.slice(0, 200)}`);
      if (LEAKS.test(s.text)) problems.push(`leak in ${s.status} for ${s.what}: ${s.text.slice(0, 300)}`);
      if (s.status >= 400) {
        const body = s.body as { statusCode?: unknown; error?: unknown; message?: unknown } | null;
        const message = Array.isArray(body?.message) ? body.message.join(' ') : body?.message;
        if (!body || body.statusCode !== s.status || typeof body.error !== 'string' || typeof message !== 'string')
          problems.push(`error body not {statusCode, error, message} for ${s.what}: ${s.text.slice(0, 200)}`);
        // officials read these: a code from the one catalogue, and a message in Chinese
        else if (!isErrorCode(body.error)) problems.push(`error code ${String(body.error)} not in the catalogue for ${s.what}`);
        else if (!CJK.test(message)) problems.push(`message not in Chinese (${body.error}) for ${s.what}: ${message.slice(0, 200)}`);
      }
    }
    expect(problems.slice(0, 40)).toEqual([]);
    // only an upload may go unanswered (refused while still being sent); every other request got its answer
    expect(sent.filter((s) => s.status === 0 && !s.what.includes(' files=')).map((s) => s.what)).toEqual([]);
    // every route had its share
    expect(new Set(sent.map((s) => s.route)).size).toBe(routes.length);

    // alive, and still serving real work
    await request(t.http).get('/health').expect(200);
    await request(t.http).get(`/reports/${real.report}`).set('Authorization', t.admin).expect(200);

    // what was stored before is unchanged; rows added belong to what a 2xx created
    const after = await dump(t.dataSource);
    for (const [table, rows] of Object.entries(before)) {
      const now = new Set(after[table]);
      expect({ table, missingOrChanged: rows.filter((r) => !now.has(r)) }).toEqual({ table, missingOrChanged: [] });
    }
    const createdReports = new Set(sent.filter((s) => s.created && s.what.startsWith('POST /reports')).map((s) => s.created));
    expect(after.reports.length - before.reports.length).toBeLessThanOrEqual(createdReports.size + sent.filter((s) => s.status === 201 && s.what.startsWith('POST /batches')).length * 3);
  }, 600_000);
});

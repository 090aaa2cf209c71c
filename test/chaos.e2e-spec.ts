import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { Report } from '../src/reports/report.entity';
import { Assessment } from '../src/scoring/assessment.entity';
import { openDatabase } from '../src/schema';
import { OwnRedis } from './support/redis-server';
import { exited, freePort, startProcess } from './support/processes';
import { ADMIN_KEY, REPORT_FIXTURES, tempDir, testEnv, waitFor } from './support/test-app';

const base = fs.readFileSync(path.join(REPORT_FIXTURES, '003_efdde5739ee958ba.txt'), 'utf8');
const REPORTS = 300;

/** Runs `work` over `items`, `width` at a time. */
async function inParallel<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i]);
  }));
  return results;
}

/**
 * A multipart upload in flight for sure: its headers ask `Expect: 100-continue`, so the server has taken the
 * request when it answers 100 (`started`); then half the body; `finish()` sends the rest.
 */
function trickledUpload(url: string, text: string, filename: string) {
  const boundary = `chaos${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/plain\r\n\r\n`),
    Buffer.from(text, 'utf8'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const half = Math.floor(body.length / 2);
  const req = http.request(`${url}/reports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': body.length, expect: '100-continue' },
  });
  req.flushHeaders();
  const answer = new Promise<{ status: number | string; id?: string }>((resolve) => {
    req.on('response', (res) => {
      let raw = '';
      res.on('data', (chunk) => (raw += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, id: (JSON.parse(raw || '{}') as { id?: string }).id }));
    });
    req.on('error', (error) => resolve({ status: error.message }));
  });
  const started = new Promise<void>((resolve) => req.once('continue', () => req.write(body.subarray(0, half), () => resolve())));
  return { started, answer, finish: () => req.end(body.subarray(half)) };
}

/**
 * Real processes: an API, two workers and a Redis this test starts itself. Workers are SIGKILLed, Redis is
 * SIGKILLed and comes back empty, the API is SIGTERMed mid-upload; the database must stay the record.
 */
describe('chaos: killed workers, a Redis that forgets, an API stopped mid-upload', () => {
  let dir: string;
  let redis: OwnRedis;
  let db: DataSource;
  let env: Record<string, string>;
  const children: ReturnType<typeof startProcess>[] = [];

  const start = (entry: string, extra: Record<string, string> = {}) => {
    const child = startProcess(entry, { ...env, ...extra });
    children.push(child);
    return child;
  };

  async function startApi(): Promise<{ url: string; api: ReturnType<typeof startProcess> }> {
    const port = await freePort();
    const api = start('main.js', { PORT: String(port), RUN_WORKER: 'false' });
    const url = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${url}/health`).catch(() => null))?.ok, 60_000, 'the API to answer /health');
    return { url, api };
  }

  const submit = (url: string, text: string) =>
    fetch(`${url}/reports`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ text }) });

  beforeAll(async () => {
    dir = tempDir('fzs-chaos-');
    redis = new OwnRedis(await freePort());
    await redis.start();
    env = {
      ...testEnv(dir),
      QUEUE_MODE: 'bullmq',
      REDIS_URL: redis.url,
      // a killed worker's jobs come back within seconds; the reconciler looks every second
      WORKER_LOCK_MS: '3000',
      WORKER_CONCURRENCY: '2',
      RECONCILE_INTERVAL_MS: '1000',
    };
    db = await openDatabase({ type: 'sqlite', database: path.join(dir, 'scorecard.sqlite') });
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await redis.kill();
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`${REPORTS} reports through a SIGKILLed worker and a Redis restarted without persistence: each has exactly one done assessment`, async () => {
    const { url, api } = await startApi();
    const texts = Array.from({ length: REPORTS }, (_, i) => `${base}\n附注:第${i}号混沌测试副本。`);
    const reportIds = await inParallel(texts, 6, async (text) => {
      const res = await submit(url, text);
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    });
    const assessments = db.getRepository(Assessment);
    const done = () => assessments.countBy({ reportId: In(reportIds), status: 'done' });
    const began = Date.now();
    const phase = async (what: string) => process.stdout.write(`chaos ${((Date.now() - began) / 1000).toFixed(1)} s: ${what}, ${await done()} done\n`);
    await phase('submitted');
    // the workers start on a full queue, so both kills land while most reports are still to be scored
    const workers = [start('worker.js'), start('worker.js')];

    await waitFor(async () => (await done()) >= 20 && (await assessments.countBy({ status: 'running' })) > 0, 120_000, 'a worker busy mid-run');
    workers[0].kill('SIGKILL');
    expect(await exited(workers[0])).toBe('SIGKILL');
    const atWorkerKill = await done();
    await phase('worker killed');

    await waitFor(async () => (await done()) >= atWorkerKill + 30, 120_000, 'the other worker to go on');
    await redis.kill('SIGKILL');
    await redis.start();
    const atRedisKill = await done();
    await phase('redis restarted');
    expect(atRedisKill).toBeLessThan(REPORTS - 100);
    process.stdout.write(`chaos: ${atWorkerKill} done at the worker's SIGKILL, ${atRedisKill} at Redis's\n`);

    await waitFor(async () => (await done()) === REPORTS, 180_000, 'every report scored after the queue was lost');
    await phase('all done');
    const rows = await assessments.findBy({ reportId: In(reportIds) });
    expect(rows).toHaveLength(REPORTS);
    expect(new Set(rows.map((row) => row.reportId)).size).toBe(REPORTS);
    expect(rows.every((row) => row.status === 'done' && row.card !== null)).toBe(true);

    workers[1].kill('SIGTERM');
    api.kill('SIGTERM');
    await Promise.all([exited(workers[1], 60_000), exited(api, 60_000)]);
  }, 600_000);

  it('an API SIGTERMed while drafts are on the intake threads answers every check it had accepted', async () => {
    const { url, api } = await startApi();
    // a long draft, so that the checks are still being read and scored when the signal comes
    const draft = Array.from({ length: 12 }, (_, i) => `${base}\n附注:第${i}节。`).join('\n');
    const check = () =>
      new Promise<number | string>((resolve) => {
        const body = JSON.stringify({ text: draft });
        const req = http.request(`${url}/check`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
        req.on('response', (res) => res.resume().on('end', () => resolve(res.statusCode ?? 0)));
        req.on('error', (error) => resolve(error.message));
        req.end(body);
      });
    const first = check();
    const rest = Array.from({ length: 7 }, check);
    expect(await first).toBe(200);
    api.kill('SIGTERM');
    const answers = await Promise.all(rest);
    expect([0, 'SIGTERM']).toContain(await exited(api, 60_000));
    // each was sent before the signal: the API finishes them all, none fails on a thread stopped under it
    expect(answers).toEqual(rest.map(() => 200));
  });

  it('an API SIGTERMed during uploads leaves no half-stored report: each stored one has its text and an assessment', async () => {
    const { url, api } = await startApi();
    const before = await db.getRepository(Report).count();
    // uploads in flight for sure: each sends half its body, the rest only after the SIGTERM
    const uploads = Array.from({ length: 12 }, (_, i) => trickledUpload(url, `${base}\n附注:第${i}号停机测试上传。`, `report-${i}.txt`));
    await Promise.all(uploads.map((u) => u.started));
    api.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const upload of uploads) upload.finish();
    const answers = await Promise.all(uploads.map((u) => u.answer));
    expect([0, 'SIGTERM']).toContain(await exited(api, 60_000));
    // the API finishes what it had accepted before it stops
    expect(answers.map((a) => a.status)).toEqual(uploads.map(() => 201));

    const reports = await db.getRepository(Report).find({ select: { id: true, extractedText: true } });
    expect(reports.length).toBe(before + uploads.length);
    const assessed = new Set((await db.getRepository(Assessment).find({ where: { status: In(['queued', 'running', 'done']) }, select: { reportId: true } })).map((a) => a.reportId));
    const halfStored = reports.filter((r) => !r.extractedText || !assessed.has(r.id));
    expect(halfStored).toEqual([]);
    expect(answers.every((a) => reports.some((r) => r.id === a.id))).toBe(true);
  });
});

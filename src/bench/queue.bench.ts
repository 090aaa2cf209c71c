/**
 * Part 3: the service end to end. An API process (`dist/main.js`, RUN_WORKER=false) and 1 or 2 worker processes
 * (`dist/worker.js`) on a fresh SQLite file and a fresh queue prefix on the Redis at REDIS_URL; the bench POSTs
 * N corpus files to /reports (multipart, the mix of formats) and polls the database until every assessment is
 * `done`. The ceiling: BullMQ alone on the same Redis — worker processes with the same concurrency and lock
 * options running an empty processor, fed with the same job options by a producer with the same in-flight
 * limit as the HTTP client.
 *
 * Every service process is preloaded with probe.js, which reports its RSS and the longest event-loop block
 * while the reports are processed.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { JOBS, workerOptions } from '../queue';

const SCORING_QUEUE = JOBS.score.queue;
import type { CorpusFile } from './corpus';
import type { ProbeReport } from './probe';
import { createPostgresDatabase, PostgresDb, SqliteDb, type Db } from './bench-db';
import { DIST, distribution, now, pidsNamed, pool, processCpuMs, QUEUE_INTAKE_THREADS, ROOT, sleep, startProcess, stopProcess, type Dist } from './util';

export interface QueueSettings {
  redisUrl: string;
  concurrency: number; // WORKER_CONCURRENCY of each worker process
  inFlight: number; // requests (or job adds) the client keeps open at once
  workDir: string;
  profileDir?: string;
}

/** Where the service keeps its rows, and how the reports reach it: one POST /reports each, or one POST /batches. */
export type QueueDatabase = 'sqlite' | 'postgres';
export type QueueIngest = 'reports' | 'batch';

export interface QueueRunResult {
  workers: number;
  database: QueueDatabase;
  via: QueueIngest;
  reports: number;
  done: number;
  failed: number;
  rejected: number;
  ingestMs: number;
  totalMs: number;
  perSecond: number;
  ingestPerSecond: number;
  /** per assessment: finishedAt − startedAt as the worker recorded them (read, prepare, score, write) */
  jobMs: Dist | null;
  /** per request, as the client saw it */
  requestMs: Dist;
  workerProbes: ProbeReport[];
  apiProbe: ProbeReport | null;
  lockDurationMs: number;
  /**
   * POST /batches: ms from the last assessment done until the batch itself is done (its finalisation: copy
   * detection and plan fulfilment on a worker). The worker probes run until then, so their peaks include it.
   */
  finaliseMs?: number;
  /** distinct client-side errors, if any request failed */
  errors: string[];
  /**
   * CPU time (user + system) per report while the reports went through, by process: the API, the worker
   * processes together, Redis, PostgreSQL's server processes (0 on SQLite: it runs inside the others) and the
   * bench client. Their sum bounds the rate the machine's cores allow.
   */
  cpuMsPerReport: CpuShare | null;
}

export interface CpuShare {
  api: number;
  workers: number;
  redis: number;
  postgres: number;
  client: number;
  total: number;
}

/** CPU ms so far of each group of processes, for the difference over a run. */
function cpuSnapshot(api: ChildProcess, workers: ChildProcess[]): Omit<CpuShare, 'total'> | null {
  const sum = (pids: Array<number | undefined>) => {
    let total = 0;
    for (const pid of pids) {
      const ms = processCpuMs(pid);
      if (ms === null) return null;
      total += ms;
    }
    return total;
  };
  const own = process.cpuUsage();
  const parts = { api: sum([api.pid]), workers: sum(workers.map((w) => w.pid)), redis: sum(pidsNamed('redis-server')), postgres: sum(pidsNamed('postgres')) };
  if (Object.values(parts).some((v) => v === null)) return null;
  return { ...(parts as Omit<CpuShare, 'total' | 'client'>), client: (own.user + own.system) / 1000 };
}

function cpuPerReport(before: Omit<CpuShare, 'total'> | null, after: Omit<CpuShare, 'total'> | null, reports: number): CpuShare | null {
  if (!before || !after || reports <= 0) return null;
  const per = (k: keyof typeof before) => Math.max(0, after[k] - before[k]) / reports;
  const share = { api: per('api'), workers: per('workers'), redis: per('redis'), postgres: per('postgres'), client: per('client') };
  return { ...share, total: share.api + share.workers + share.redis + share.postgres + share.client };
}

export interface CeilingResult {
  workers: number;
  jobs: number;
  totalMs: number;
  perSecond: number;
}

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });

const prefixFor = (tag: string) => `bench-${process.pid}-${Date.now().toString(36)}-${tag}`;

function readProbe(file: string): ProbeReport | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as ProbeReport;
  } catch {
    return null;
  }
}

export function tail(file: string, chars = 1500): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.slice(-chars);
  } catch {
    return '';
  }
}

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, failFast?: () => string | null): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    const failure = failFast?.();
    if (failure) throw new Error(`${what}: ${failure}`);
    if (await check().catch(() => false)) return;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

async function waitForWorkers(queue: Queue, n: number, exited: () => string | null): Promise<void> {
  await waitFor(`${n} BullMQ worker(s) to connect`, async () => (await queue.getWorkersCount()) >= n, 90_000, exited);
}

/** Removes the run's queue and every key left under its prefix (obliterate keeps a couple). */
async function cleanQueue(queue: Queue, redisUrl: string): Promise<void> {
  await queue.obliterate({ force: true }).catch(() => undefined);
  const client = new IORedis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${queue.opts.prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await client.del(...keys);
    } while (cursor !== '0');
  } catch {
    // best effort: the prefix is unique to this run
  } finally {
    client.disconnect();
  }
  await queue.close().catch(() => undefined);
}

const parseDbTime = (s: string | Date | null): number =>
  s instanceof Date ? s.getTime() : s ? Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s.replace(' ', 'T') : `${s.replace(' ', 'T')}Z`) : NaN;

let runCount = 0;

export async function runQueueE2E(files: CorpusFile[], workers: number, s: QueueSettings, store: QueueDatabase = 'sqlite', via: QueueIngest = 'reports'): Promise<QueueRunResult> {
  const tag = `w${workers}-${store}-${via}-${++runCount}`;
  const port = await freePort();
  const dbFile = path.join(s.workDir, `queue-${tag}.sqlite`);
  const pg = store === 'postgres' ? await createPostgresDatabase(tag) : null;
  const prefix = prefixFor(tag);
  const adminKey = randomBytes(24).toString('hex');
  const lockDurationMs = Number(process.env.WORKER_LOCK_MS) || 30_000;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    DATABASE_URL: pg ? pg.url : `sqlite:${dbFile}`,
    REDIS_URL: s.redisUrl,
    QUEUE_MODE: 'bullmq',
    QUEUE_PREFIX: prefix,
    ADMIN_API_KEY: adminKey,
    WORKER_CONCURRENCY: String(s.concurrency),
    // one intake thread a process: the API and the workers share this machine's cores (README, Scaling out)
    INTAKE_THREADS: process.env.INTAKE_THREADS ?? String(QUEUE_INTAKE_THREADS),
    WORKER_LOCK_MS: String(lockDurationMs),
    // one key sends the whole season here; the default per-key limit (600/min) would measure the throttle
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOG_LEVEL: 'warn',
    ...(s.profileDir ? { BENCH_CPU_PROF: s.profileDir } : {}),
  };
  const probe = path.join(__dirname, 'probe.js');
  const apiLog = path.join(s.workDir, `api-${tag}.log`);
  const apiProbeFile = path.join(s.workDir, `probe-api-${tag}.json`);
  const api = startProcess(process.execPath, ['-r', probe, path.join(DIST, 'main.js')], {
    cwd: ROOT,
    env: { ...env, RUN_WORKER: 'false', BENCH_PROBE_FILE: apiProbeFile },
    logFile: apiLog,
  });
  const procs = [api];
  const queue = new Queue(SCORING_QUEUE, { connection: { url: s.redisUrl, maxRetriesPerRequest: null }, prefix });
  const db = (): Db => (pg ? new PostgresDb(pg.url) : new SqliteDb(dbFile));
  let database: Db | null = null;
  try {
    const apiExited = () => (api.exitCode !== null ? `the API exited (${api.exitCode}): ${tail(apiLog)}` : null);
    await waitFor('the API to answer /health', async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, 120_000, apiExited);

    const workerProbeFiles: string[] = [];
    const workerProcs: ChildProcess[] = [];
    for (let i = 0; i < workers; i++) {
      const probeFile = path.join(s.workDir, `probe-worker-${tag}-${i}.json`);
      const log = path.join(s.workDir, `worker-${tag}-${i}.log`);
      workerProbeFiles.push(probeFile);
      const w = startProcess(process.execPath, ['-r', probe, path.join(DIST, 'worker.js')], { cwd: ROOT, env: { ...env, BENCH_PROBE_FILE: probeFile }, logFile: log });
      workerProcs.push(w);
      procs.push(w);
    }
    const anyExited = () => {
      const dead = procs.find((p) => p.exitCode !== null);
      return dead ? `a service process exited (${dead.exitCode}); logs in ${s.workDir}: ${tail(dead === api ? apiLog : path.join(s.workDir, `worker-${tag}-${workerProcs.indexOf(dead)}.log`))}` : null;
    };
    await waitForWorkers(queue, workers, anyExited);

    database = db();

    const auth = { Authorization: `Bearer ${adminKey}` };
    const post = async (bytes: Buffer, name: string): Promise<number> => {
      const form = new FormData();
      form.append('file', new Blob([bytes]), name);
      const res = await fetch(`http://127.0.0.1:${port}/reports`, { method: 'POST', headers: auth, body: form });
      await res.arrayBuffer();
      return res.status;
    };
    // One report first, not timed: it creates the admin key's default organisation and warms the API and a worker.
    const warm = files[files.length - 1];
    const warmStatus = await post(Buffer.concat([fs.readFileSync(warm.file), Buffer.from('\n预热。\n')]), `warm-${path.basename(warm.file)}`);
    if (warmStatus !== 201) throw new Error(`the warm-up POST /reports answered ${warmStatus}`);
    await waitFor('the warm-up report to be scored', async () => {
      const rows = await database!.all<{ n: number }>(`SELECT COUNT(*) AS n FROM assessments WHERE status = 'done'`);
      return Number(rows[0].n) >= 1;
    }, 60_000, anyExited);
    const baseline = 1;

    for (const p of procs) p.kill('SIGWINCH'); // probes: start measuring now
    const cpuBefore = cpuSnapshot(api, workerProcs);
    const requestTimes = new Float64Array(files.length);
    let rejected = 0;
    const errors: string[] = [];
    const t0 = now();
    let ingestEnd = 0;
    const clientError = (error: Error) => {
      errors.push(`${error.message}: ${String((error as { cause?: unknown }).cause ?? '')}`);
      return 0;
    };
    const ingest = (
      via === 'batch'
        ? (async () => {
            // the whole season in one multipart request, as a supervising body uploads it
            const form = new FormData();
            for (const f of files) form.append('files', new Blob([fs.readFileSync(f.file)]), path.basename(f.file));
            const res = await fetch(`http://127.0.0.1:${port}/batches`, { method: 'POST', headers: auth, body: form }).catch((error: Error) => (clientError(error), null));
            if (res) await res.arrayBuffer();
            requestTimes.fill(now() - t0);
            if (!res || res.status !== 201) {
              rejected = files.length;
              if (res) errors.push(`HTTP ${res.status}`);
            }
          })()
        : pool(files, s.inFlight, async (f, i) => {
            const t = now();
            const status = await post(fs.readFileSync(f.file), path.basename(f.file)).catch(clientError);
            requestTimes[i] = now() - t;
            if (status !== 201) {
              rejected++;
              if (status) errors.push(`HTTP ${status}`);
            }
          })
    ).then(() => (ingestEnd = now()));

    let done = 0;
    let failed = 0;
    let ingestFinished = false;
    void ingest.then(() => (ingestFinished = true));
    const deadline = Date.now() + 15 * 60_000;
    for (;;) {
      await sleep(50);
      const dead = anyExited();
      if (dead) throw new Error(dead);
      const rows = await database.all<{ status: string; n: number }>(`SELECT status, COUNT(*) AS n FROM assessments GROUP BY status`).catch(() => []);
      done = Number(rows.find((r) => r.status === 'done')?.n ?? 0) - baseline;
      failed = Number(rows.find((r) => r.status === 'failed')?.n ?? 0);
      if (ingestFinished && done + failed >= files.length - rejected) break;
      if (Date.now() > deadline) throw new Error(`queue run timed out with ${done} of ${files.length} done`);
    }
    const t1 = now();
    await ingest;
    const cpuAfter = cpuSnapshot(api, workerProcs);
    const finaliseMs = via === 'batch' ? await batchFinalised(database, deadline, anyExited) : undefined;

    for (const p of procs) p.kill('SIGWINCH'); // probes: stop (and write profiles)
    await sleep(500);
    const times = await database.all<{ startedAt: string | Date | null; finishedAt: string | Date | null }>(`SELECT "startedAt", "finishedAt" FROM assessments WHERE status = 'done' ORDER BY "finishedAt"`);
    const jobTimes = times.slice(baseline).map((r) => parseDbTime(r.finishedAt) - parseDbTime(r.startedAt)).filter((x) => Number.isFinite(x));
    const workerProbes = workerProbeFiles.map(readProbe).filter((p): p is ProbeReport => p !== null);
    return {
      workers,
      database: store,
      via,
      reports: files.length,
      done,
      failed,
      rejected,
      ingestMs: ingestEnd - t0,
      totalMs: t1 - t0,
      perSecond: (done * 1000) / (t1 - t0),
      ingestPerSecond: (files.length * 1000) / (ingestEnd - t0),
      jobMs: jobTimes.length ? distribution(jobTimes) : null,
      requestMs: distribution(requestTimes),
      workerProbes,
      apiProbe: readProbe(apiProbeFile),
      lockDurationMs,
      finaliseMs,
      errors: [...new Set(errors)].slice(0, 5),
      cpuMsPerReport: cpuPerReport(cpuBefore, cpuAfter, done),
    };
  } finally {
    await database?.close();
    await Promise.all(procs.map((p) => stopProcess(p)));
    await cleanQueue(queue, s.redisUrl);
    await pg?.drop();
  }
}

/** `--child empty-worker`: a BullMQ worker with the scoring worker's options and an empty processor, until SIGTERM. */
export async function runEmptyWorker(args: { redisUrl: string; prefix: string; concurrency: number }): Promise<void> {
  const options = workerOptions({ ...process.env, WORKER_CONCURRENCY: String(args.concurrency) });
  const worker = new Worker(SCORING_QUEUE, async () => 'done', { connection: { url: args.redisUrl, maxRetriesPerRequest: null }, prefix: args.prefix, ...options });
  await worker.waitUntilReady();
  await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
  await worker.close();
}

export async function runCeiling(jobs: number, workers: number, s: QueueSettings): Promise<CeilingResult> {
  const prefix = prefixFor(`empty-w${workers}`);
  const queue = new Queue(SCORING_QUEUE, { connection: { url: s.redisUrl, maxRetriesPerRequest: null }, prefix });
  const procs = Array.from({ length: workers }, (_, i) =>
    startProcess(process.execPath, [path.join(__dirname, 'main.js'), '--child', 'empty-worker', JSON.stringify({ redisUrl: s.redisUrl, prefix, concurrency: s.concurrency })], {
      cwd: ROOT,
      logFile: path.join(s.workDir, `empty-worker-${workers}-${i}.log`),
    }),
  );
  try {
    await waitForWorkers(queue, workers, () => (procs.some((p) => p.exitCode !== null) ? 'an empty worker exited' : null));
    const ids = Array.from({ length: jobs }, (_, i) => i);
    const t0 = now();
    // the same job options as BullmqDriver, one add per report as the API does
    const adding = pool(ids, s.inFlight, async (i) => {
      await queue.add(
        'score',
        { assessmentId: `empty-${i}` },
        { jobId: `score.empty.${i}`, attempts: JOBS.score.attempts, backoff: { type: 'exponential', delay: JOBS.score.backoffMs }, removeOnComplete: { age: 24 * 3600, count: 10_000 }, removeOnFail: { age: 7 * 24 * 3600 } },
      );
    });
    let added = false;
    void adding.then(() => (added = true));
    for (;;) {
      await sleep(20);
      const counts = await queue.getJobCounts('completed', 'failed');
      if (added && counts.completed + counts.failed >= jobs) break;
    }
    const totalMs = now() - t0;
    await adding;
    return { workers, jobs, totalMs, perSecond: (jobs * 1000) / totalMs };
  } finally {
    await Promise.all(procs.map((p) => stopProcess(p)));
    await cleanQueue(queue, s.redisUrl);
  }
}

/** ms until every batch in the database is done (the one of a POST /batches run: its finalisation on a worker). */
async function batchFinalised(database: { all<T>(sql: string): Promise<T[]> }, deadline: number, anyExited: () => string | null): Promise<number> {
  const t0 = now();
  for (;;) {
    const rows = await database.all<{ n: number }>(`SELECT COUNT(*) AS n FROM batches WHERE status <> 'done'`).catch(() => [{ n: 1 }]);
    if (Number(rows[0]?.n ?? 1) === 0) return now() - t0;
    const dead = anyExited();
    if (dead) throw new Error(dead);
    if (Date.now() > deadline) throw new Error('the batch was not finalised before the deadline');
    await sleep(50);
  }
}

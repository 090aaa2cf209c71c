/**
 * POST /check latency: an agency's draft scored over HTTP while others do the same. The API (`dist/main.js`, a
 * fresh SQLite file, the inline queue: /check stores nothing and queues nothing) gets a 12 KB .txt from 20
 * concurrent autocannon clients, while one more client asks /health the whole time. The floor is GET /health
 * alone on the same process before the load: what a request costs with no work in it.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort, tail, waitFor } from './queue.bench';
import { DIST, processCpuMs, ROOT, startProcess, stopProcess } from './util';

export interface Latency {
  requests: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
}

export interface HttpCheckResult {
  fileBytes: number;
  connections: number;
  seconds: number;
  check: Latency;
  healthDuring: Latency;
  healthAlone: Latency;
  /**
   * CPU time (user + system, all threads) per request during the loaded run: the API process (multipart,
   * the intake threads' intake and scoring, the card's JSON) and the bench process's autocannon clients.
   */
  cpuMsPerRequest: { api: number; client: number } | null;
  /** size of one real /check answer, which the floor server answers with */
  answerBytes: number;
  /** the same POSTs, connections and duration against a bare node:http server (check-floor-server.ts) */
  floor: Latency & { cpuMsPerRequest: { server: number; client: number } | null };
}


type AutocannonResult = {
  requests: { total: number; average: number };
  latency: { p50: number; p90: number; p99: number; max: number };
  errors: number;
  non2xx: number;
};

function latency(r: AutocannonResult, seconds: number): Latency {
  return { requests: r.requests.total, perSecond: r.requests.total / seconds, p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max, errors: r.errors, non2xx: r.non2xx };
}

/** The corpus file nearest 12 KB among plain UTF-8 reports (the fixtures are 10–13 KB). */
export function twelveKbFile(files: string[]): string {
  return files.reduce((best, f) => (Math.abs(fs.statSync(f).size - 12_288) < Math.abs(fs.statSync(best).size - 12_288) ? f : best));
}

export async function runHttpCheck(args: { file: string; workDir: string; seconds: number; connections: number }): Promise<HttpCheckResult> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<AutocannonResult>;
  const port = await freePort();
  const adminKey = randomBytes(24).toString('hex');
  const log = path.join(args.workDir, 'api-check.log');
  const api = startProcess(process.execPath, [path.join(DIST, 'main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: `sqlite:${path.join(args.workDir, 'check.sqlite')}`,
      QUEUE_MODE: 'inline',
      ADMIN_API_KEY: adminKey,
      RATE_LIMIT_PER_MINUTE: '1000000',
      LOG_LEVEL: 'warn',
    },
    logFile: log,
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor('the API to answer /health', async () => (await fetch(`${base}/health`)).ok, 120_000, () => (api.exitCode !== null ? `the API exited: ${tail(log)}` : null));
    const bytes = fs.readFileSync(args.file);
    const boundary = `----fzs${randomBytes(8).toString('hex')}`;
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="draft.txt"\r\nContent-Type: text/plain\r\n\r\n`),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const headers = { authorization: `Bearer ${adminKey}`, 'content-type': `multipart/form-data; boundary=${boundary}` };
    const check = { url: `${base}/check`, method: 'POST', headers, body };
    // warm-up: JIT, the rubric's compiled matcher, connection pools
    await autocannon({ ...check, connections: 4, amount: 200 });
    await autocannon({ url: `${base}/health`, connections: 1, amount: 200 });
    const alone = await autocannon({ url: `${base}/health`, connections: 1, duration: Math.max(2, args.seconds / 3) });
    const answerBytes = Buffer.byteLength(await (await fetch(check.url, { method: 'POST', headers, body })).text());
    const measured = await withCpu(api.pid, () =>
      Promise.all([autocannon({ ...check, connections: args.connections, duration: args.seconds }), autocannon({ url: `${base}/health`, connections: 1, duration: args.seconds })]),
    );
    const [loaded, during] = measured.value;
    await stopProcess(api);
    const floor = await runFloor(args, { body, headers: check.headers, answerBytes }, autocannon);
    return {
      fileBytes: bytes.length,
      connections: args.connections,
      seconds: args.seconds,
      check: latency(loaded, args.seconds),
      healthDuring: latency(during, args.seconds),
      healthAlone: latency(alone, Math.max(2, args.seconds / 3)),
      cpuMsPerRequest: perRequest(measured, loaded.requests.total + during.requests.total, (server, client) => ({ api: server, client })),
      answerBytes,
      floor,
    };
  } finally {
    await stopProcess(api);
  }
}

/** CPU time (ms, user + system) of process `pid` and of this process while `load` runs. */
async function withCpu<T>(pid: number | undefined, load: () => Promise<T>): Promise<{ value: T; serverMs: number | null; clientMs: number }> {
  const before = processCpuMs(pid);
  const clientBefore = process.cpuUsage();
  const value = await load();
  const after = processCpuMs(pid);
  const client = process.cpuUsage(clientBefore);
  return { value, serverMs: before !== null && after !== null ? after - before : null, clientMs: (client.user + client.system) / 1000 };
}

function perRequest<R>(m: { serverMs: number | null; clientMs: number }, served: number, shape: (server: number, client: number) => R): R | null {
  return m.serverMs !== null && served > 0 ? shape(m.serverMs / served, m.clientMs / served) : null;
}

/** The same POSTs against the bare node:http floor server, after the API has stopped (the cores are the floor's alone). */
async function runFloor(
  args: { workDir: string; seconds: number; connections: number },
  request: { body: Buffer; headers: Record<string, string>; answerBytes: number },
  autocannon: (opts: Record<string, unknown>) => Promise<AutocannonResult>,
): Promise<HttpCheckResult['floor']> {
  const port = await freePort();
  const log = path.join(args.workDir, 'check-floor.log');
  const server = startProcess(process.execPath, [path.join(DIST, 'bench', 'check-floor-server.js')], { cwd: ROOT, env: { ...process.env, PORT: String(port), ANSWER_BYTES: String(request.answerBytes) }, logFile: log });
  try {
    const post = { url: `http://127.0.0.1:${port}/check`, method: 'POST', headers: request.headers, body: request.body };
    await waitFor('the floor server to answer', async () => (await fetch(post.url, { method: 'POST', headers: request.headers, body: request.body })).ok, 30_000, () => (server.exitCode !== null ? `the floor server exited: ${tail(log)}` : null));
    await autocannon({ ...post, connections: 4, amount: 200 });
    const measured = await withCpu(server.pid, () => autocannon({ ...post, connections: args.connections, duration: args.seconds }));
    return { ...latency(measured.value, args.seconds), cpuMsPerRequest: perRequest(measured, measured.value.requests.total, (server, client) => ({ server, client })) };
  } finally {
    await stopProcess(server);
  }
}

#!/usr/bin/env node
// Ten batches of 1,000 reports in a row through POST /batches on SQLite, as a deployment runs them: an API
// process (RUN_WORKER=false) and worker processes sharing one SQLite file and one Redis (own queue prefix).
// Each batch must finish (done + failed = total); one that makes no progress for STALL_SECONDS is reported
// with its queue's job counts and the run fails. Needs `npm run build` and a Redis at REDIS_URL.
//
//   node scripts/sqlite-batch-soak.js [--batches 10] [--size 1000] [--workers 2]
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const IORedis = require('ioredis');
const JSZip = require('jszip');

const ROOT = path.resolve(__dirname, '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const BATCHES = arg('batches', 10);
const SIZE = arg('size', 1000);
const WORKERS = arg('workers', 2);
const STALL_SECONDS = arg('stall', 180);
const ADMIN_KEY = 'soak-admin-key-0123456789abcdef';
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

const freePort = () =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function start(entry, env) {
  const child = spawn(process.execPath, [path.join(ROOT, process.env.SOAK_DIST || 'dist', entry)], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr.on('data', (chunk) => process.stderr.write(`[${entry}] ${chunk}`));
  children.push(child);
  return child;
}

/** `SIZE` distinct reports: the fixtures in turn, each with its own closing line (its own hash). */
async function batchZip(tag) {
  const dir = path.join(ROOT, 'test/fixtures/reports');
  const bases = fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
  const zip = new JSZip();
  for (let i = 0; i < SIZE; i++) zip.file(`${tag}/${i}.txt`, `${bases[i % bases.length]}\n（本件为${tag}批次第${i}号报送件。）\n`);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** A stopped run stops its processes too (they would otherwise go on, orphaned). */
const children = [];
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => {
  for (const child of children) child.kill('SIGKILL');
  process.exit(130);
});

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzs-soak-'));
  const prefix = `fzs-soak-${process.pid}`;
  const port = await freePort();
  const env = {
    DATABASE_URL: `sqlite:${path.join(dir, 'scorecard.sqlite')}`,
    QUEUE_MODE: 'bullmq',
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    ADMIN_API_KEY: ADMIN_KEY,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '1000000',
  };
  const api = start('main.js', { ...env, PORT: String(port), RUN_WORKER: 'false' });
  const workers = Array.from({ length: WORKERS }, () => start('worker.js', env));
  const url = `http://127.0.0.1:${port}`;
  const auth = { authorization: `Bearer ${ADMIN_KEY}` };
  const redis = new IORedis(REDIS_URL);
  const results = [];
  let ok = true;
  try {
    for (let waited = 0; !(await fetch(`${url}/health`).catch(() => null))?.ok; waited++) {
      if (waited > 600) throw new Error('the API did not answer /health');
      await sleep(100);
    }
    for (let n = 1; n <= BATCHES && ok; n++) {
      const form = new FormData();
      form.append('files', new Blob([await batchZip(`soak${n}`)]), `soak${n}.zip`);
      const began = Date.now();
      const created = await fetch(`${url}/batches`, { method: 'POST', headers: auth, body: form });
      if (created.status !== 201) throw new Error(`POST /batches answered ${created.status}: ${await created.text()}`);
      const { id } = await created.json();
      let last = -1;
      let lastChange = Date.now();
      for (;;) {
        await sleep(2000);
        const batch = await (await fetch(`${url}/batches/${id}`, { headers: auth })).json();
        const ended = batch.done + batch.failed;
        if (batch.status === 'done') {
          const seconds = (Date.now() - began) / 1000;
          results.push({ batch: n, total: batch.total, done: batch.done, failed: batch.failed, seconds, reportsPerSecond: batch.total / seconds });
          console.log(`batch ${n}: ${batch.done}/${batch.total} done, ${batch.failed} failed in ${seconds.toFixed(1)} s (${(batch.total / seconds).toFixed(1)} reports/s)`);
          if (batch.failed > 0) ok = false;
          break;
        }
        if (ended !== last) [last, lastChange] = [ended, Date.now()];
        if (Date.now() - lastChange > STALL_SECONDS * 1000) {
          const counts = {};
          for (const queue of ['batch-items', 'batches', 'scoring']) {
            counts[queue] = {};
            for (const state of ['wait', 'active', 'delayed', 'failed', 'waiting-children']) {
              const key = `${prefix}:${queue}:${state}`;
              const type = await redis.type(key);
              counts[queue][state] = type === 'list' ? await redis.llen(key) : type === 'zset' ? await redis.zcard(key) : 0;
            }
          }
          console.log(`batch ${n}: STALLED at ${ended}/${batch.total} for ${STALL_SECONDS} s; jobs: ${JSON.stringify(counts)}`);
          // the parent's own record: where it is, how often it ran or stalled, and which children it still counts
          const parentKey = `${prefix}:batches:batch.${id}`;
          const parent = await redis.hgetall(parentKey);
          delete parent.data;
          const unprocessed = await redis.scard(`${parentKey}:dependencies`);
          console.log(`batch ${n}: parent ${JSON.stringify(parent)}; unprocessed children ${unprocessed}; markers ${await redis.zcard(`${prefix}:batches:marker`)}`);
          ok = false;
          break;
        }
      }
    }
  } finally {
    for (const child of [api, ...workers]) child.kill('SIGTERM');
    await sleep(2000);
    for (const child of [api, ...workers]) if (child.exitCode === null) child.kill('SIGKILL');
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ batches: BATCHES, size: SIZE, workers: WORKERS, allFinished: ok && results.length === BATCHES, results }));
  process.exit(ok && results.length === BATCHES ? 0 : 1);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(2);
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { In } from 'typeorm';
import { Assessment } from '../src/scoring/assessment.entity';
import { exited, startProcess } from './support/processes';
import { REPORT_FIXTURES, startTestApp, waitFor, type TestApp } from './support/test-app';

const base = fs.readFileSync(path.join(REPORT_FIXTURES, '001_1c1d18808efcf126.txt'), 'utf8');

describe('scoring queue with separate worker processes', () => {
  let t: TestApp;
  // the API enqueues only; workers are real processes sharing its SQLite file and queue prefix
  beforeAll(async () => (t = await startTestApp({ queueMode: 'bullmq', worker: false })));
  afterAll(() => t.close());

  it('a worker killed mid-run loses nothing: every report ends with exactly one done assessment', async () => {
    const env = { DATABASE_URL: `sqlite:${t.config.database.type === 'sqlite' ? t.config.database.database : ''}`, QUEUE_PREFIX: t.config.queuePrefix, LOG_LEVEL: 'silent', WORKER_LOCK_MS: '2000', WORKER_CONCURRENCY: '4' };
    const reportIds: string[] = [];
    for (let i = 0; i < 300; i++) {
      const res = await request(t.http).post('/reports').set('Authorization', t.admin).send({ text: `${base}\n附注:第${i}号测试副本。` }).expect(201);
      reportIds.push(res.body.id);
    }
    const assessments = t.dataSource.getRepository(Assessment);
    const done = () => assessments.countBy({ reportId: In(reportIds), status: 'done' });
    expect(await done()).toBe(0);

    const first = startProcess('worker.js', env);
    await waitFor(async () => (await done()) >= 10, 60_000, 'the first worker to score some reports');
    first.kill('SIGKILL');
    expect(await exited(first)).toBe('SIGKILL');
    const afterKill = await done();
    expect(afterKill).toBeLessThan(reportIds.length);
    // rows the killed worker had started: their jobs come back as stalled once the lock expires
    const interrupted = await assessments.countBy({ reportId: In(reportIds), status: 'running' });
    process.stdout.write(`killed worker: ${afterKill} done, ${interrupted} mid-job\n`);

    const second = startProcess('worker.js', env);
    try {
      await waitFor(async () => (await done()) === reportIds.length, 120_000, 'the second worker to finish every report');
    } finally {
      second.kill('SIGTERM');
      await exited(second);
    }
    const rows = await assessments.findBy({ reportId: In(reportIds) });
    expect(rows).toHaveLength(reportIds.length);
    expect(new Set(rows.map((row) => row.reportId)).size).toBe(reportIds.length);
    expect(rows.every((row) => row.status === 'done' && row.card !== null)).toBe(true);
  });

  it('a worker stops gracefully on SIGTERM', async () => {
    const env = { DATABASE_URL: `sqlite:${t.config.database.type === 'sqlite' ? t.config.database.database : ''}`, QUEUE_PREFIX: t.config.queuePrefix, LOG_LEVEL: 'info' };
    const worker = startProcess('worker.js', env);
    await waitFor(async () => worker.output().length > 0 || undefined, 20_000, 'worker to start');
    worker.kill('SIGTERM');
    expect([0, 'SIGTERM']).toContain(await exited(worker));
    expect(worker.output()).not.toMatch(/"level":50|Error:/);
  });
});

import { Queue, UnrecoverableError, Worker } from 'bullmq';
import IORedis from 'ioredis';
import request from 'supertest';
import { In } from 'typeorm';
import { BatchRunner } from '../src/batches/batch-runner';
import { Batch, BatchItem } from '../src/batches/batch.entity';
import { createHttpApp } from '../src/bootstrap';
import { JobQueue, type QueueReconciler } from '../src/queue';
import { Assessment } from '../src/scoring/assessment.entity';
import { STALLED_OUT } from '../src/scoring/assessment-queue.service';
import { generateReports } from './support/batch-fixtures';
import { exited, startProcess } from './support/processes';
import { startTestApp, waitFor, type TestApp } from './support/test-app';

/** Deletes every key of this test's queues (its own prefix only: the shared Redis holds other runs' queues). */
async function wipeQueue(redisUrl: string, prefix: string): Promise<number> {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: null });
  let deleted = 0;
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length) deleted += await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
  return deleted;
}

describe('the database is the record: a lost queue is rebuilt from it', () => {
  let t: TestApp;
  // the API only enqueues; the worker is a real process on the same SQLite file and queue prefix
  beforeAll(async () => (t = await startTestApp({ queueMode: 'bullmq', worker: false })));
  afterAll(() => t.close());

  const workerEnv = () => ({
    DATABASE_URL: `sqlite:${t.config.database.type === 'sqlite' ? t.config.database.database : ''}`,
    QUEUE_PREFIX: t.config.queuePrefix,
    LOG_LEVEL: 'silent',
    RECONCILE_INTERVAL_MS: '1000',
    WORKER_LOCK_MS: '5000',
  });

  async function submitReports(count: number, tag: string): Promise<string[]> {
    const ids: string[] = [];
    for (const file of generateReports(count + 12, tag).slice(12)) {
      const res = await request(t.http).post('/reports').set('Authorization', t.admin).send({ text: file.bytes.toString('utf8') }).expect(201);
      ids.push(res.body.id);
    }
    return ids;
  }

  async function submitBatch(count: number, tag: string): Promise<string> {
    let req = request(t.http).post('/batches').set('Authorization', t.admin);
    for (const file of generateReports(count + 12, tag).slice(12)) req = req.attach('files', file.bytes, file.name);
    return (await req.expect(201)).body.id;
  }

  /**
   * Every report has exactly one assessment and it is done; every item of the batch is done. `scoredOnce`: each
   * was scored in one attempt (not so when the queue vanished under a running job: that job may run again).
   */
  async function everythingDoneOnce(reportIds: string[], batchId: string, scoredOnce: boolean, timeoutMs = 240_000): Promise<void> {
    const assessments = t.dataSource.getRepository(Assessment);
    await waitFor(async () => (await assessments.countBy({ reportId: In(reportIds), status: 'done' })) === reportIds.length, timeoutMs, 'every report scored').catch(async (error) => {
      const byStatus = await assessments.createQueryBuilder('a').select('a.status', 'status').addSelect('COUNT(*)', 'n').where({ reportId: In(reportIds) }).groupBy('a.status').getRawMany();
      throw new Error(`${(error as Error).message}: ${JSON.stringify(byStatus)}`);
    });
    await waitFor(async () => (await t.dataSource.getRepository(Batch).findOneBy({ id: batchId }))?.status === 'done', timeoutMs, 'the batch to finish');
    const rows = await assessments.findBy({ reportId: In(reportIds) });
    expect(rows).toHaveLength(reportIds.length);
    expect(rows.every((row) => row.status === 'done' && row.card !== null && (!scoredOnce || row.attempts === 1))).toBe(true);
    const batch = await t.dataSource.getRepository(Batch).findOneByOrFail({ id: batchId });
    expect(batch).toMatchObject({ done: batch.total, failed: 0 });
    const items = await t.dataSource.getRepository(BatchItem).findBy({ batchId });
    expect(items.every((item) => item.status === 'done' && (!scoredOnce || item.attempts === 1))).toBe(true);
    const batchAssessments = await assessments.findBy({ reportId: In(items.map((item) => item.reportId!)) });
    expect(batchAssessments).toHaveLength(items.length);
  }

  it('queued work whose queue was wiped before any worker ran is re-queued at worker start and done exactly once', async () => {
    const reportIds = await submitReports(12, 'wiped-before');
    const batchId = await submitBatch(8, 'wiped-before-batch');
    expect(await wipeQueue(t.config.redisUrl, t.config.queuePrefix)).toBeGreaterThan(0);

    const worker = startProcess('worker.js', workerEnv());
    try {
      await everythingDoneOnce(reportIds, batchId, true);
    } finally {
      worker.kill('SIGTERM');
      await exited(worker);
    }
  });

  it('a queue wiped while a worker is busy: the reconciler brings every report and the batch to one done assessment each', async () => {
    const reportIds = await submitReports(30, 'wiped-during');
    const batchId = await submitBatch(20, 'wiped-during-batch');
    const assessments = t.dataSource.getRepository(Assessment);
    const worker = startProcess('worker.js', workerEnv());
    try {
      await waitFor(async () => (await assessments.countBy({ reportId: In(reportIds), status: 'done' })) >= 3, 60_000, 'some reports scored');
      expect(await wipeQueue(t.config.redisUrl, t.config.queuePrefix)).toBeGreaterThan(0);
      expect(await assessments.countBy({ reportId: In(reportIds), status: 'done' })).toBeLessThan(reportIds.length);
      await everythingDoneOnce(reportIds, batchId, false);
    } finally {
      worker.kill('SIGTERM');
      await exited(worker);
    }
  });

  it('a score job that ended without its row (failed by the stall limit, no handler ran) is run again and its assessment is done', async () => {
    const [reportId] = await submitReports(1, 'stalled-out');
    const connection = new IORedis(t.config.redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue('scoring', { connection, prefix: t.config.queuePrefix });
    // what BullMQ does to a job that stalled more often than maxStalledCount: failed for good, the handler never ran
    const taker = new Worker('scoring', null, { connection, prefix: t.config.queuePrefix, autorun: false });
    try {
      const assessments = t.dataSource.getRepository(Assessment);
      const { id: assessmentId } = await assessments.findOneByOrFail({ reportId });
      const job = await waitFor(async () => (await queue.getJobs(['waiting'])).find((j) => j.data.assessmentId === assessmentId), 10_000, 'the score job');
      const taken = await taker.getNextJob('test-token');
      expect(taken?.id).toBe(job.id);
      // no retry left, as after maxStalledCount
      await taken!.moveToFailed(new UnrecoverableError('job stalled more than allowable limit'), 'test-token', false);
      expect(await queue.getJobState(job.id!)).toBe('failed');
      await assessments.update({ reportId }, { status: 'running', startedAt: new Date(Date.now() - 3_600_000) });

      const worker = startProcess('worker.js', workerEnv());
      try {
        await waitFor(async () => (await assessments.findOneBy({ reportId }))?.status === 'done', 60_000, 'the stalled-out assessment to be done');
        expect(await assessments.countBy({ reportId })).toBe(1);
        // the card of that report's text, as the direct check scores it
        const { card } = await assessments.findOneByOrFail({ reportId });
        const text = generateReports(13, 'stalled-out')[12].bytes.toString('utf8');
        const checked = (await request(t.http).post('/check').set('Authorization', t.admin).send({ text }).expect(200)).body;
        expect({ total: card?.total, grade: card?.grade }).toEqual({ total: checked.total, grade: checked.grade });
      } finally {
        worker.kill('SIGTERM');
        await exited(worker);
      }
    } finally {
      await taker.close();
      await queue.close();
      connection.disconnect();
    }
  });
});

describe('the database is the record: work the queue ended or left waiting is finished from it', () => {
  let t: TestApp;
  let connection: IORedis;
  let batches: Queue;
  let reconciler: QueueReconciler;
  // API only: nothing takes a job the reconciler re-adds, so only what the reconciler does itself finishes a row
  beforeAll(async () => {
    t = await startTestApp({ queueMode: 'bullmq', worker: false });
    connection = new IORedis(t.config.redisUrl, { maxRetriesPerRequest: null });
    batches = new Queue('batches', { connection, prefix: t.config.queuePrefix });
    reconciler = t.app.get(JobQueue).queueReconciler!;
  });
  afterAll(async () => {
    await batches.close();
    connection.disconnect();
    await t.close();
  });

  /**
   * A batch whose items are all done (run here by a worker on `batch-items` only) and whose parent job waits in
   * `batches` with nobody to take it, as the parent seen stuck under load did. Its items ended an hour ago: a
   * parent job that was going to run has had its chance.
   */
  async function itemsDoneParentWaiting(count: number, tag: string): Promise<{ batchId: string; parentId: string }> {
    let req = request(t.http).post('/batches').set('Authorization', t.admin);
    for (const file of generateReports(count + 12, tag).slice(12)) req = req.attach('files', file.bytes, file.name);
    const batchId: string = (await req.expect(201)).body.id;
    const parentId = `batch.${batchId}`;
    const runner = t.app.get(BatchRunner);
    const items = new Worker('batch-items', (job) => runner.runItem(job.data.itemId, job.attemptsMade + 1, 3), { connection, prefix: t.config.queuePrefix });
    try {
      await waitFor(async () => (await batches.getJobState(parentId)) === 'waiting', 120_000, 'the parent to wait after its items');
    } finally {
      await items.close();
    }
    expect(await t.dataSource.getRepository(BatchItem).countBy({ batchId, status: 'done' })).toBe(count);
    const anHourAgo = new Date(Date.now() - 3_600_000);
    await t.dataSource.getRepository(BatchItem).update({ batchId }, { finishedAt: anHourAgo });
    await t.dataSource.getRepository(Batch).update({ id: batchId }, { createdAt: anHourAgo });
    expect((await t.dataSource.getRepository(Batch).findOneByOrFail({ id: batchId })).status).toBe('running');
    return { batchId, parentId };
  }

  /** Done with every item counted, its analysis stored, and its results served with one row per report. */
  async function finishedWithResults(batchId: string, count: number): Promise<void> {
    const batch = await t.dataSource.getRepository(Batch).findOneByOrFail({ id: batchId });
    expect(batch).toMatchObject({ status: 'done', total: count, done: count, failed: 0 });
    expect(batch.analysis).toMatchObject({ copies: expect.any(Array) });
    const results = (await request(t.http).get(`/batches/${batchId}/results`).set('Authorization', t.admin).expect(200)).body;
    expect(results.ranking).toHaveLength(count);
  }

  it('a batch whose parent job was removed after its items were done is finished by the reconciler itself', async () => {
    const { batchId, parentId } = await itemsDoneParentWaiting(4, 'parent-removed');
    await batches.remove(parentId);
    expect(await batches.getJob(parentId)).toBeUndefined();
    expect(await reconciler.pass()).toBe(1);
    await finishedWithResults(batchId, 4);
    // finished here, not handed to a job that may never be taken
    expect(await batches.getJob(parentId)).toBeUndefined();
  });

  it('a batch whose parent job failed for good is finished by the reconciler', async () => {
    const { batchId, parentId } = await itemsDoneParentWaiting(3, 'parent-failed');
    const taker = new Worker('batches', null, { connection, prefix: t.config.queuePrefix, autorun: false });
    try {
      const taken = await taker.getNextJob('test-token');
      expect(taken?.id).toBe(parentId);
      await taken!.moveToFailed(new UnrecoverableError('database is locked'), 'test-token', false);
      expect(await batches.getJobState(parentId)).toBe('failed');
    } finally {
      await taker.close();
    }
    expect(await reconciler.pass()).toBe(1);
    await finishedWithResults(batchId, 3);
  });

  it('two reconcilers and two late runs of the parent job at once finish the batch of a waiting parent once', async () => {
    const { batchId } = await itemsDoneParentWaiting(3, 'parent-waiting');
    // a second process on the same database and queue
    const other = await createHttpApp({ config: t.config, queueMode: 'bullmq', worker: false });
    await other.init();
    try {
      const runner = t.app.get(BatchRunner);
      const outcomes = await Promise.all([reconciler.pass(), other.get(JobQueue).queueReconciler!.pass(), runner.finalise(batchId), runner.finalise(batchId)]);
      const finishers = [outcomes[0] === 1, outcomes[1] === 1, outcomes[2] === 'done', outcomes[3] === 'done'].filter(Boolean);
      expect({ outcomes, finishers: finishers.length }).toMatchObject({ finishers: 1 });
      // one pass ran, the other found the lock taken
      expect(outcomes.slice(0, 2).filter((passed) => passed === null)).toHaveLength(1);
    } finally {
      await other.close();
    }
    await finishedWithResults(batchId, 3);
    expect(await reconciler.pass()).toBe(0);
  });

  it('a score job that keeps ending without its row is re-run a few times, then its assessment is failed with a reason', async () => {
    const res = await request(t.http).post('/reports').set('Authorization', t.admin).send({ text: generateReports(13, 'keeps-stalling')[12].bytes.toString('utf8') }).expect(201);
    const assessments = t.dataSource.getRepository(Assessment);
    const { id: assessmentId } = await assessments.findOneByOrFail({ reportId: res.body.id });
    await assessments.update({ id: assessmentId }, { status: 'running', startedAt: new Date(Date.now() - 3_600_000) });
    const scoring = new Queue('scoring', { connection, prefix: t.config.queuePrefix });
    const taker = new Worker('scoring', null, { connection, prefix: t.config.queuePrefix, autorun: false });
    try {
      // each round ends the way a job that kills its worker does: failed for good by the stall limit
      for (let round = 1; round <= 4; round++) {
        const taken = await waitFor(() => taker.getNextJob('test-token'), 10_000, 'the score job');
        expect(taken.data.assessmentId).toBe(assessmentId);
        await taken.moveToFailed(new UnrecoverableError('job stalled more than allowable limit'), 'test-token', false);
        expect(await reconciler.pass()).toBe(1);
        expect((await assessments.findOneByOrFail({ id: assessmentId })).status).toBe(round <= 3 ? 'running' : 'failed');
      }
      expect(await assessments.findOneByOrFail({ id: assessmentId })).toMatchObject({ status: 'failed', error: STALLED_OUT });
      // not added again: nothing waits to run it a fifth time
      expect(await scoring.getJobCounts('waiting', 'failed')).toEqual({ waiting: 0, failed: 1 });
      expect(await reconciler.pass()).toBe(0);
    } finally {
      await taker.close();
      await scoring.close();
    }
  });
});

import { randomUUID } from 'node:crypto';
import IORedis from 'ioredis';
import { FlowProducer, Queue, UnrecoverableError, Worker, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { JOBS, PermanentJobError, workerOptions, type JobHandler, type JobName, type JobRef, type JobSpec, type QueueDriver } from './jobs';

const KEEP = { removeOnComplete: { age: 86_400, count: 10_000 }, removeOnFail: { age: 7 * 86_400 } };

const RERUNS_KEPT_MS = 7 * 86_400_000;

const RELEASE_IF_HOLDER = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

function jobOptions(ref: JobRef): JobsOptions {
  const spec = JOBS[ref.name];
  return { jobId: ref.jobId, attempts: spec.attempts, backoff: { type: 'exponential', delay: spec.backoffMs }, ...KEEP };
}

/** BullMQ: jobs in Redis, consumed by workers in this process (when started) and in any other on the same Redis. */
export class BullmqDriver implements QueueDriver {
  private readonly connection: ConnectionOptions;
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private flows?: FlowProducer;
  /** for what BullMQ has no call for: whether a job id is known, the reconciler's lock */
  private redis?: IORedis;

  constructor(
    private readonly redisUrl: string,
    private readonly prefix: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.connection = { url: redisUrl, maxRetriesPerRequest: null };
  }

  /** The BullMQ queue a job name lives on (tests and the health check look into it). */
  queueOf(name: JobName): Queue {
    const queueName = JOBS[name].queue;
    let queue = this.queues.get(queueName);
    if (!queue) {
      queue = new Queue(queueName, { connection: this.connection, prefix: this.prefix });
      this.queues.set(queueName, queue);
    }
    return queue;
  }

  async add(ref: JobRef): Promise<void> {
    await this.queueOf(ref.name).add(ref.name, ref.data, jobOptions(ref));
  }

  async addFlow(parent: JobRef, children: JobRef[]): Promise<void> {
    this.flows ??= new FlowProducer({ connection: this.connection, prefix: this.prefix });
    await this.flows.add({
      name: parent.name,
      queueName: JOBS[parent.name].queue,
      data: parent.data,
      opts: jobOptions(parent),
      // a child that fails for good moves to the parent's failed dependencies: one bad report never fails the batch
      children: children.map((c) => ({ name: c.name, queueName: JOBS[c.name].queue, data: c.data, opts: { ...jobOptions(c), ignoreDependencyOnFailure: true, failParentOnFailure: false } })),
    });
  }

  async start(handlers: ReadonlyMap<JobName, JobHandler>): Promise<void> {
    const byQueue = new Map<string, JobName[]>();
    for (const name of handlers.keys()) byQueue.set(JOBS[name].queue, [...(byQueue.get(JOBS[name].queue) ?? []), name]);
    for (const [queueName, names] of byQueue) {
      const specs: JobSpec[] = names.map((n) => JOBS[n]);
      const base = workerOptions(this.env, Math.max(0, ...specs.map((spec) => spec.lockMs ?? 0)));
      const concurrency = Math.min(...specs.map((spec) => spec.concurrency ?? base.concurrency));
      const worker = new Worker(
        queueName,
        async (job) => {
          const handler = handlers.get(job.name as JobName);
          if (!handler) throw new UnrecoverableError(`no handler for job ${job.name}`);
          try {
            return await handler(job.data, job.attemptsMade + 1, job.opts.attempts ?? 1, (progress) => job.updateProgress(progress));
          } catch (error) {
            if (error instanceof PermanentJobError) throw new UnrecoverableError(error.message);
            throw error;
          }
        },
        { connection: this.connection, prefix: this.prefix, ...base, concurrency },
      );
      worker.on('error', () => undefined);
      this.workers.push(worker);
    }
  }

  async counts(): Promise<Record<string, number>> {
    const total: Record<string, number> = { waiting: 0, active: 0, delayed: 0, failed: 0 };
    for (const name of Object.keys(JOBS) as JobName[]) {
      const counts = await this.queueOf(name).getJobCounts('waiting', 'active', 'delayed', 'failed');
      for (const key of Object.keys(total)) total[key] += counts[key] ?? 0;
    }
    return total;
  }

  /** A job's hash key exists from its add until its removal, whatever its state: absent means adding adds it. */
  async unknown(jobs: JobRef[]): Promise<JobRef[]> {
    if (!jobs.length) return [];
    const pipeline = this.client().pipeline();
    for (const job of jobs) pipeline.exists(this.queueOf(job.name).toKey(job.jobId));
    const replies = (await pipeline.exec()) ?? [];
    return jobs.filter((_, i) => {
      const [error, count] = replies[i] ?? [null, 0];
      if (error) throw error;
      return count === 0;
    });
  }

  /** BullMQ sets `finishedOn` when a job completes or fails for good (also when it stalled too often: no handler ran). */
  async ended(jobs: JobRef[]): Promise<JobRef[]> {
    if (!jobs.length) return [];
    const pipeline = this.client().pipeline();
    for (const job of jobs) pipeline.hget(this.queueOf(job.name).toKey(job.jobId), 'finishedOn');
    const replies = (await pipeline.exec()) ?? [];
    return jobs.filter((_, i) => {
      const [error, finishedOn] = replies[i] ?? [null, null];
      if (error) throw error;
      return finishedOn !== null;
    });
  }

  async replace(job: JobRef): Promise<void> {
    await this.queueOf(job.name).remove(job.jobId);
    await this.add(job);
  }

  /** A worker holds a job's lock (`<job key>:lock`, renewed while it runs) from taking it until it ends. */
  async running(jobs: JobRef[]): Promise<JobRef[]> {
    if (!jobs.length) return [];
    const pipeline = this.client().pipeline();
    for (const job of jobs) pipeline.exists(`${this.queueOf(job.name).toKey(job.jobId)}:lock`);
    const replies = (await pipeline.exec()) ?? [];
    return jobs.filter((_, i) => {
      const [error, count] = replies[i] ?? [null, 0];
      if (error) throw error;
      return count === 1;
    });
  }

  /** Outside the job's own keys: removing the job to add it again (replace) must not reset the count. */
  async reruns(job: JobRef): Promise<number> {
    const key = `${this.prefix}:reconciler:reruns:${JOBS[job.name].queue}:${job.jobId}`;
    const [[error, count] = [null, 0]] = (await this.client().multi().incr(key).pexpire(key, RERUNS_KEPT_MS).exec()) ?? [];
    if (error) throw error;
    return Number(count);
  }

  /** A lock in Redis (SET NX with an expiry, so a killed holder frees it), released only by its holder. */
  async exclusively(name: string, ttlMs: number, work: () => Promise<void>): Promise<boolean> {
    const client = this.client();
    const key = `${this.prefix}:lock:${name}`;
    const token = randomUUID();
    if ((await client.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') return false;
    try {
      await work();
    } finally {
      await client.eval(RELEASE_IF_HOLDER, 1, key, token).catch(() => undefined);
    }
    return true;
  }

  /** Workers first (they finish their active jobs), then the producers. */
  async close(): Promise<void> {
    await Promise.allSettled(this.workers.map((w) => w.close()));
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
    await this.flows?.close();
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }

  private client(): IORedis {
    if (!this.redis) {
      this.redis = new IORedis(this.redisUrl, { maxRetriesPerRequest: null });
      this.redis.on('error', () => undefined);
    }
    return this.redis;
  }
}

import { Logger } from '@nestjs/common';
import { JOBS, PermanentJobError, type JobHandler, type JobName, type JobRef, type QueueDriver } from './jobs';

const CHILDREN_AT_ONCE = 4;

/**
 * QUEUE_MODE=inline: the same handlers in this process, after the response is sent, retried as BullMQ would.
 * A job id already pending is not queued again, as with BullMQ's job ids.
 */
export class InlineDriver implements QueueDriver {
  private readonly logger = new Logger('InlineQueue');
  private readonly pending = new Map<string, Promise<void>>();
  private handlers: ReadonlyMap<JobName, JobHandler> = new Map();

  async start(handlers: ReadonlyMap<JobName, JobHandler>): Promise<void> {
    this.handlers = handlers;
  }

  async add(ref: JobRef): Promise<void> {
    this.track(ref.jobId, () => this.run(ref));
  }

  async addFlow(parent: JobRef, children: JobRef[]): Promise<void> {
    this.track(parent.jobId, async () => {
      const queue = [...children];
      const worker = async () => {
        for (let child = queue.shift(); child; child = queue.shift()) await this.run(child);
      };
      await Promise.all(Array.from({ length: Math.min(CHILDREN_AT_ONCE, queue.length) }, worker));
      await this.run(parent);
    });
  }

  async counts(): Promise<null> {
    return null;
  }

  /** Only this process runs inline jobs, so a job is known while it is pending here. */
  async unknown(jobs: JobRef[]): Promise<JobRef[]> {
    return jobs.filter((job) => !this.pending.has(job.jobId));
  }

  /** An inline job that has ended is no longer pending here: `unknown` reports it, so none is ever only ended. */
  async ended(): Promise<JobRef[]> {
    return [];
  }

  async replace(job: JobRef): Promise<void> {
    await this.add(job);
  }

  /** One process, nobody to exclude. */
  async exclusively(_name: string, _ttlMs: number, work: () => Promise<void>): Promise<boolean> {
    await work();
    return true;
  }

  /** Resolves when every inline job has finished (graceful shutdown, tests). */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending.values()]);
  }

  close(): Promise<void> {
    return this.drain();
  }

  private track(jobId: string, work: () => Promise<void>): void {
    if (this.pending.has(jobId)) return;
    const job = new Promise((resolve) => setImmediate(resolve)).then(work).finally(() => this.pending.delete(jobId));
    this.pending.set(jobId, job);
  }

  private async run(ref: JobRef): Promise<void> {
    const handler = this.handlers.get(ref.name);
    const { attempts, backoffMs } = JOBS[ref.name];
    if (!handler) {
      this.logger.warn(`inline job ${ref.name} has no handler`);
      return;
    }
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await handler(ref.data, attempt, attempts, async () => undefined);
        return;
      } catch (error) {
        if (error instanceof PermanentJobError || attempt === attempts) {
          this.logger.warn(`inline ${ref.name} ${ref.jobId} failed: ${(error as Error).message}`);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
      }
    }
  }
}

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
  private readonly rerun = new Map<string, number>();
  private handlers: ReadonlyMap<JobName, JobHandler> = new Map();

  async start(handlers: ReadonlyMap<JobName, JobHandler>): Promise<void> {
    this.handlers = handlers;
  }

  async add(ref: JobRef): Promise<void> {
    this.track(ref.jobId, () => this.run(ref));
  }

  async addFlow(parent: JobRef, children: JobRef[]): Promise<void> {
    if (this.pending.has(parent.jobId)) return;
    // the children are the flow's while it is pending: the reconciler must not add them again on their own
    const childIds = children.map((child) => child.jobId).filter((id) => !this.pending.has(id));
    this.track(parent.jobId, async () => {
      const queue = [...children];
      const worker = async () => {
        for (let child = queue.shift(); child; child = queue.shift()) await this.run(child);
      };
      await Promise.all(Array.from({ length: Math.min(CHILDREN_AT_ONCE, queue.length) }, worker));
      await this.run(parent);
    }, childIds);
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

  /** A pending job runs here (or waits its turn to): nothing else would run it. */
  async running(jobs: JobRef[]): Promise<JobRef[]> {
    return jobs.filter((job) => this.pending.has(job.jobId));
  }

  async reruns(job: JobRef): Promise<number> {
    const count = (this.rerun.get(job.jobId) ?? 0) + 1;
    this.rerun.set(job.jobId, count);
    return count;
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

  /** `jobId` and `alsoPending` (a flow's children) are known until `work` ends. */
  private track(jobId: string, work: () => Promise<void>, alsoPending: string[] = []): void {
    if (this.pending.has(jobId)) return;
    const ids = [jobId, ...alsoPending];
    const job = new Promise((resolve) => setImmediate(resolve)).then(work).finally(() => ids.forEach((id) => this.pending.delete(id)));
    for (const id of ids) this.pending.set(id, job);
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

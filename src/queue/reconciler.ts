import { Logger } from '@nestjs/common';
import type { JobRef, QueueDriver } from './jobs';

/** Work the database says is still to do: one job, or a flow (its parent and the children still to run). */
export interface PendingWork {
  job: JobRef;
  children?: JobRef[];
}

/**
 * A feature's unfinished rows as the jobs that would finish them (the ids they were queued with). A row marked
 * running counts only when it started before `abandonedBefore`: a worker may still be on it (its job record
 * gone with the queue), and one that stopped renewing its lock that long ago is gone.
 */
export type PendingWorkSource = (abandonedBefore: Date) => Promise<PendingWork[]>;

const CHECKED_AT_ONCE = 500;

/**
 * The database is the record, the queue can be lost (Redis restarted without persistence, keys flushed): every
 * pass re-adds the jobs of unfinished rows that the queue does not know. The ids are the ones the rows were
 * queued with, so a job the queue still has is never added twice, and handlers skip rows already done.
 * One pass at a time across processes (a lock in Redis); a pass that finds the lock taken does nothing.
 */
export class QueueReconciler {
  private readonly logger = new Logger('QueueReconciler');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number | null>;

  constructor(
    private readonly driver: QueueDriver,
    private readonly sources: readonly PendingWorkSource[],
    private readonly timing: { lockTtlMs: number; runningGraceMs: number },
  ) {}

  /** One pass now, then one every `intervalMs`; errors are logged and the next pass tries again. */
  start(intervalMs: number): void {
    void this.passLogged();
    this.timer = setInterval(() => void this.passLogged(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Jobs re-added by this pass, or null when another process held the lock (or a pass here is still running). */
  pass(): Promise<number | null> {
    if (this.running) return Promise.resolve(null);
    this.running = this.lockedPass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async lockedPass(): Promise<number | null> {
    let requeued = 0;
    const ran = await this.driver.exclusively('reconciler', this.timing.lockTtlMs, async () => {
      const abandonedBefore = new Date(Date.now() - this.timing.runningGraceMs);
      for (const source of this.sources) requeued += await this.requeue(await source(abandonedBefore));
    });
    return ran ? requeued : null;
  }

  private async requeue(pending: PendingWork[]): Promise<number> {
    let requeued = 0;
    for (let start = 0; start < pending.length; start += CHECKED_AT_ONCE) {
      const part = pending.slice(start, start + CHECKED_AT_ONCE);
      const lost = new Set((await this.driver.unknown(part.map((work) => work.job))).map((job) => job.jobId));
      // a single job the queue still holds as ended while its row is unfinished (it stalled past BullMQ's limit,
      // or its worker died between the job and the row): run it again under its id; the handler skips done rows
      const single = part.filter((work) => !work.children && !lost.has(work.job.jobId)).map((work) => work.job);
      const ended = new Set((await this.driver.ended(single)).map((job) => job.jobId));
      for (const work of part) {
        if (lost.has(work.job.jobId)) {
          if (work.children) await this.driver.addFlow(work.job, work.children);
          else await this.driver.add(work.job);
        } else if (ended.has(work.job.jobId)) await this.driver.replace(work.job);
        else continue;
        requeued++;
      }
    }
    return requeued;
  }

  private async passLogged(): Promise<void> {
    try {
      const requeued = await this.pass();
      if (requeued) this.logger.warn(`re-queued ${requeued} job(s) the queue had lost`);
    } catch (error) {
      this.logger.error(`reconciling the queue failed: ${(error as Error).message}`);
    }
  }
}

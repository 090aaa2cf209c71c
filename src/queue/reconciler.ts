import { Logger } from '@nestjs/common';
import type { JobRef, QueueDriver } from './jobs';

/** Work the database says is still to do: one job, or a flow (its parent and the children still to run). */
export interface PendingWork {
  job: JobRef;
  children?: JobRef[];
  /**
   * A flow's parent work (a batch's finalisation), run by the reconciler itself once no child is left to run
   * and the parent's job is not running: the queue lost it, ended it (failed), or left it waiting after its
   * children (seen under load). Given only when no child ended within the grace period, so a parent job on
   * its way has had its chance; resolves true when this call finished the work (a guarded update: a late
   * parent job, or another process, finds it done and does nothing).
   */
  finish?: () => Promise<boolean>;
  /** Marks the row failed for good: its job kept ending without finishing it (see MAX_RERUNS). */
  giveUp?: () => Promise<void>;
}

/**
 * A feature's unfinished rows as the jobs that would finish them (the ids they were queued with). A row marked
 * running counts only when it started before `abandonedBefore`: a worker may still be on it (its job record
 * gone with the queue), and one that stopped renewing its lock that long ago is gone.
 */
export type PendingWorkSource = (abandonedBefore: Date) => Promise<PendingWork[]>;

const CHECKED_AT_ONCE = 500;

/**
 * Runs of an ended job the reconciler starts again before giving up on its row: a job that kills its worker
 * (or stalls) every time ends failed by BullMQ's stall limit each round, and would otherwise be re-run every
 * pass for ever.
 */
export const MAX_RERUNS = 3;

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

  /**
   * Jobs re-added, flows finished and rows given up by this pass, or null when another process held the lock
   * (or a pass here is still running).
   */
  pass(): Promise<number | null> {
    if (this.running) return Promise.resolve(null);
    this.running = this.lockedPass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async lockedPass(): Promise<number | null> {
    let recovered = 0;
    const ran = await this.driver.exclusively('reconciler', this.timing.lockTtlMs, async () => {
      const abandonedBefore = new Date(Date.now() - this.timing.runningGraceMs);
      for (const source of this.sources) recovered += await this.recover(await source(abandonedBefore));
    });
    return ran ? recovered : null;
  }

  private async recover(pending: PendingWork[]): Promise<number> {
    let recovered = 0;
    for (let start = 0; start < pending.length; start += CHECKED_AT_ONCE) {
      const part = pending.slice(start, start + CHECKED_AT_ONCE);
      const lost = new Set((await this.driver.unknown(part.map((work) => work.job))).map((job) => job.jobId));
      // a single job the queue still holds as ended while its row is unfinished (it stalled past BullMQ's limit,
      // or its worker died between the job and the row): run it again under its id; the handler skips done rows
      const single = part.filter((work) => !work.children && !lost.has(work.job.jobId)).map((work) => work.job);
      const ended = new Set((await this.driver.ended(single)).map((job) => job.jobId));
      for (const work of part) {
        if (work.children) recovered += await this.recoverFlow(work, work.children, lost.has(work.job.jobId));
        else if (lost.has(work.job.jobId)) {
          await this.driver.add(work.job);
          recovered++;
        } else if (ended.has(work.job.jobId)) {
          if (work.giveUp && (await this.driver.reruns(work.job)) > MAX_RERUNS) await work.giveUp();
          else await this.driver.replace(work.job);
          recovered++;
        }
      }
    }
    return recovered;
  }

  /**
   * A flow whose parent the queue lost while children remain is added again whole (children it still holds
   * are not added twice). Otherwise children it lost are added on their own, and when none is left to run and
   * the parent's job is not running, the parent's work is done here: a parent that ended, was lost after its
   * children, or waits without being taken would otherwise leave its row unfinished for ever.
   */
  private async recoverFlow(work: PendingWork, children: JobRef[], parentLost: boolean): Promise<number> {
    if (parentLost && children.length) {
      await this.driver.addFlow(work.job, children);
      return 1;
    }
    const lostChildren = await this.driver.unknown(children);
    for (const child of lostChildren) await this.driver.add(child);
    if (lostChildren.length || !work.finish) return lostChildren.length;
    // children the queue holds as ended but whose rows are unfinished never run again: the parent's work fails them
    if ((await this.driver.ended(children)).length < children.length) return 0;
    if ((await this.driver.running([work.job])).length) return 0;
    return (await work.finish()) ? 1 : 0;
  }

  private async passLogged(): Promise<void> {
    try {
      const recovered = await this.pass();
      if (recovered) this.logger.warn(`recovered ${recovered} job(s) the queue had lost or left unfinished`);
    } catch (error) {
      this.logger.error(`reconciling the queue failed: ${(error as Error).message}`);
    }
  }
}

import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { SCORING_JOB_ATTEMPTS, SCORING_JOB_BACKOFF, SCORING_QUEUE, type ScoringDispatcher, type ScoringJobData } from './scoring.constants';
import { ScoringJobRunner } from './scoring-job-runner';

@Injectable()
export class BullScoringDispatcher implements ScoringDispatcher {
  constructor(@InjectQueue(SCORING_QUEUE) private readonly queue: Queue<ScoringJobData>) {}

  async dispatch(jobId: string, data: ScoringJobData): Promise<void> {
    await this.queue.add('score', data, {
      jobId,
      attempts: SCORING_JOB_ATTEMPTS,
      backoff: SCORING_JOB_BACKOFF,
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
  }
}

/**
 * QUEUE_MODE=inline: the same runner, in this process, after the response is sent. Retries as BullMQ would;
 * jobs already queued for an id are not queued again, as with BullMQ's job ids.
 */
@Injectable()
export class InlineScoringDispatcher implements ScoringDispatcher {
  private readonly logger = new Logger(InlineScoringDispatcher.name);
  private readonly pending = new Map<string, Promise<void>>();

  constructor(private readonly runner: ScoringJobRunner) {}

  async dispatch(jobId: string, data: ScoringJobData): Promise<void> {
    if (this.pending.has(jobId)) return;
    const job = this.execute(data).finally(() => this.pending.delete(jobId));
    this.pending.set(jobId, job);
  }

  /** Resolves when every inline job has finished (graceful shutdown, tests). */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending.values()]);
  }

  private async execute(data: ScoringJobData): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    for (let attempt = 1; attempt <= SCORING_JOB_ATTEMPTS; attempt++) {
      try {
        await this.runner.run(data.assessmentId, attempt);
        return;
      } catch (error) {
        if ((error as Error).name === 'UnrecoverableError' || attempt === SCORING_JOB_ATTEMPTS) {
          this.logger.warn(`inline scoring of ${data.assessmentId} failed: ${(error as Error).message}`);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, SCORING_JOB_BACKOFF.delay * 2 ** (attempt - 1)));
      }
    }
  }

  onApplicationShutdown(): Promise<void> {
    return this.drain();
  }
}

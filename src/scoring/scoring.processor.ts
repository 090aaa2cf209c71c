import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { SCORING_QUEUE, scoringWorkerOptions, type ScoringJobData } from './scoring.constants';
import { ScoringJobRunner } from './scoring-job-runner';

/**
 * Scoring a report takes milliseconds (see BENCHMARKS.md), far below the lock renewal interval, so the
 * processor runs in the worker's own thread without starving lock renewal.
 */
@Processor(SCORING_QUEUE, scoringWorkerOptions())
export class ScoringProcessor extends WorkerHost {
  constructor(private readonly runner: ScoringJobRunner) {
    super();
  }

  async process(job: Job<ScoringJobData>): Promise<string> {
    return this.runner.run(job.data.assessmentId, job.attemptsMade + 1, job.opts.attempts ?? 1);
  }
}

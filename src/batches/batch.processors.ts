import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { scoringWorkerOptions } from '../scoring/scoring.constants';
import { BatchRunner } from './batch-runner';
import { BATCH_ITEMS_QUEUE, BATCHES_QUEUE, type BatchItemJobData, type BatchJobData } from './batches.constants';

/** One file of a batch: intake and scoring take milliseconds to a second, well inside the lock renewal. */
@Processor(BATCH_ITEMS_QUEUE, scoringWorkerOptions())
export class BatchItemProcessor extends WorkerHost {
  constructor(private readonly runner: BatchRunner) {
    super();
  }

  process(job: Job<BatchItemJobData>): Promise<string> {
    return this.runner.runItem(job.data.itemId, job.attemptsMade + 1, job.opts.attempts ?? 1);
  }
}

/** The flow's parent: runs once every child has completed or failed. */
@Processor(BATCHES_QUEUE, { ...scoringWorkerOptions(), concurrency: 1 })
export class BatchProcessor extends WorkerHost {
  constructor(private readonly runner: BatchRunner) {
    super();
  }

  process(job: Job<BatchJobData>): Promise<string> {
    return this.runner.finalise(job.data.batchId);
  }
}

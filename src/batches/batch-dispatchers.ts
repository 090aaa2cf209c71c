import { InjectFlowProducer } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { FlowProducer } from 'bullmq';
import { BatchRunner } from './batch-runner';
import {
  BATCH_FLOW_PRODUCER,
  BATCH_ITEM_ATTEMPTS,
  BATCH_ITEM_BACKOFF,
  BATCH_ITEMS_QUEUE,
  BATCHES_QUEUE,
  batchItemJobId,
  batchJobId,
  type BatchDispatcher,
} from './batches.constants';

/**
 * A BullMQ flow: the batch's parent job waits for one child per file. A child that fails for good is moved to
 * the parent's failed dependencies (`ignoreDependencyOnFailure`) so one bad report never fails the batch.
 */
@Injectable()
export class BullBatchDispatcher implements BatchDispatcher {
  constructor(@InjectFlowProducer(BATCH_FLOW_PRODUCER) private readonly flows: FlowProducer) {}

  async dispatch(batchId: string, itemIds: string[]): Promise<void> {
    await this.flows.add({
      name: 'batch',
      queueName: BATCHES_QUEUE,
      data: { batchId },
      opts: { jobId: batchJobId(batchId), attempts: BATCH_ITEM_ATTEMPTS, backoff: BATCH_ITEM_BACKOFF, removeOnComplete: { age: 86_400 }, removeOnFail: { age: 7 * 86_400 } },
      children: itemIds.map((itemId) => ({
        name: 'item',
        queueName: BATCH_ITEMS_QUEUE,
        data: { itemId },
        opts: {
          jobId: batchItemJobId(itemId),
          attempts: BATCH_ITEM_ATTEMPTS,
          backoff: BATCH_ITEM_BACKOFF,
          ignoreDependencyOnFailure: true,
          failParentOnFailure: false,
          removeOnComplete: { age: 86_400 },
          removeOnFail: { age: 7 * 86_400 },
        },
      })),
    });
  }
}

/** QUEUE_MODE=inline: the same runner in this process, a few items at a time, then the parent's work. */
@Injectable()
export class InlineBatchDispatcher implements BatchDispatcher {
  private readonly logger = new Logger(InlineBatchDispatcher.name);
  private readonly pending = new Map<string, Promise<void>>();

  constructor(private readonly runner: BatchRunner) {}

  async dispatch(batchId: string, itemIds: string[]): Promise<void> {
    if (this.pending.has(batchId)) return;
    const run = this.execute(batchId, itemIds).finally(() => this.pending.delete(batchId));
    this.pending.set(batchId, run);
  }

  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending.values()]);
  }

  onApplicationShutdown(): Promise<void> {
    return this.drain();
  }

  private async execute(batchId: string, itemIds: string[]): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    const queue = [...itemIds];
    const worker = async () => {
      for (let itemId = queue.shift(); itemId !== undefined; itemId = queue.shift()) await this.withRetries((attempt) => this.runner.runItem(itemId!, attempt, BATCH_ITEM_ATTEMPTS), `item ${itemId}`);
    };
    await Promise.all(Array.from({ length: Math.min(4, queue.length) }, worker));
    await this.withRetries(() => this.runner.finalise(batchId), `batch ${batchId}`);
  }

  private async withRetries(work: (attempt: number) => Promise<string>, what: string): Promise<void> {
    for (let attempt = 1; attempt <= BATCH_ITEM_ATTEMPTS; attempt++) {
      try {
        await work(attempt);
        return;
      } catch (error) {
        if ((error as Error).name === 'UnrecoverableError' || attempt === BATCH_ITEM_ATTEMPTS) {
          this.logger.warn(`inline ${what} failed: ${(error as Error).message}`);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, BATCH_ITEM_BACKOFF.delay * 2 ** (attempt - 1)));
      }
    }
  }
}

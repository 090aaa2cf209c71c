import { SCORING_JOB_ATTEMPTS, SCORING_JOB_BACKOFF } from '../scoring/scoring.constants';

/** Children: one job per uploaded file. Parent: one job per batch, run when every child has ended. */
export const BATCH_ITEMS_QUEUE = 'batch-items';
export const BATCHES_QUEUE = 'batches';
export const BATCH_FLOW_PRODUCER = 'batches';
export const BATCH_DISPATCHER = Symbol('BATCH_DISPATCHER');

export const BATCH_ITEM_ATTEMPTS = SCORING_JOB_ATTEMPTS;
export const BATCH_ITEM_BACKOFF = SCORING_JOB_BACKOFF;

export interface BatchItemJobData {
  itemId: string;
}

export interface BatchJobData {
  batchId: string;
}

/** Ids from the database rows, so adding the same flow again (a retried request) adds no second job. */
export const batchJobId = (batchId: string) => `batch.${batchId}`;
export const batchItemJobId = (itemId: string) => `batch-item.${itemId}`;

export interface BatchDispatcher {
  dispatch(batchId: string, itemIds: string[]): Promise<void>;
}

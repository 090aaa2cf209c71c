export { JobQueue } from './job-queue';
export { QueueModule } from './queue.module';
export { BullmqDriver } from './bullmq.driver';
export { JOBS, JOB_NAMES, PermanentJobError, checkHandlers, workerOptions } from './jobs';
export type { JobData, JobHandler, JobProgress, JobName, JobRef, JobSpec, QueueDriver } from './jobs';
export { QueueReconciler } from './reconciler';
export type { PendingWork, PendingWorkSource } from './reconciler';

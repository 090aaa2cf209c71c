/**
 * Every job the service runs, named once: the queue it lives on and how it is retried. Features register one
 * handler per name (JobQueue.handle); start-up fails when a name has none or two.
 */
export const JOBS = {
  /** one assessment of one report */
  score: { queue: 'scoring', attempts: 3, backoffMs: 500 },
  /** one file of a batch (a child of `batch`) */
  item: { queue: 'batch-items', attempts: 3, backoffMs: 500 },
  /**
   * a batch's parent job: runs once every child has ended. Its analysis (copy detection, plan fulfilment) holds
   * the event loop for long stretches: 40 s for 1,000 reports under load (scripts/sqlite-batch-soak.js), past a
   * 30 s lock, so another worker took it for stalled and ran it again, twice, both slots busy with stale runs
   */
  batch: { queue: 'batches', attempts: 3, backoffMs: 500, concurrency: 1, lockMs: 10 * 60_000 },
  /** text recognition of a scan sent to POST /reports; one at a time: OCR already uses every core */
  recognise: { queue: 'recognition', attempts: 2, backoffMs: 2000, concurrency: 1 },
} as const satisfies Record<string, JobSpec>;

export interface JobSpec {
  queue: string;
  /** runs of a job before it fails for good; scoring is deterministic, so a few cover a briefly locked database */
  attempts: number;
  /** first retry delay, doubled on each further attempt */
  backoffMs: number;
  /** jobs of this name at once in one worker; WORKER_CONCURRENCY (default 4) when unset */
  concurrency?: number;
  /** the worker's lock on a job of this name when longer than WORKER_LOCK_MS (a killed worker's job waits that long) */
  lockMs?: number;
}

export type JobName = keyof typeof JOBS;
export const JOB_NAMES = Object.keys(JOBS) as JobName[];

export type JobData = Record<string, string>;

/** A long job's progress as BullMQ keeps it (job.progress); inline mode keeps none. */
export type JobProgress = (progress: Record<string, number>) => Promise<void>;

/** One run of a job: its data, this attempt (1-based), how many there will be at most, and where to say progress. */
export type JobHandler = (data: JobData, attempt: number, maxAttempts: number, progress: JobProgress) => Promise<string>;

/** Thrown by a handler when retrying can never help (bad input, a rubric no longer loaded). */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}

export interface JobRef {
  name: JobName;
  /** deterministic ids make adding the same job twice (a retried request) add nothing */
  jobId: string;
  data: JobData;
}

/** How jobs leave this process: BullMQ over Redis, or run here (QUEUE_MODE=inline). */
export interface QueueDriver {
  add(job: JobRef): Promise<void>;
  /** `parent` runs once every child has completed or failed; a failed child never fails the parent */
  addFlow(parent: JobRef, children: JobRef[]): Promise<void>;
  /** starts consuming with these handlers (workers, or the inline runner) */
  start(handlers: ReadonlyMap<JobName, JobHandler>): Promise<void>;
  /** waiting/active/delayed/failed jobs across the queues, or null when nothing is queued outside this process */
  counts(): Promise<Record<string, number> | null>;
  /** those of `jobs` whose id the queue does not know at all (adding them again would add a job) */
  unknown(jobs: JobRef[]): Promise<JobRef[]>;
  /** those of `jobs` whose record has ended (completed or failed), e.g. failed by BullMQ's stall limit without the handler running */
  ended(jobs: JobRef[]): Promise<JobRef[]>;
  /** removes the ended record of `job` and adds it again under the same id */
  replace(job: JobRef): Promise<void>;
  /** those of `jobs` a worker is running now (it holds the job's lock) */
  running(jobs: JobRef[]): Promise<JobRef[]>;
  /** counts one more re-run of `job` by the reconciler and says how many there have been (kept a week) */
  reruns(job: JobRef): Promise<number>;
  /** runs `work` unless another process holds the lock `name`; resolves false when it did not run */
  exclusively(name: string, ttlMs: number, work: () => Promise<void>): Promise<boolean>;
  close(): Promise<void>;
}

/** Every job name has exactly one handler, or the process does not start. */
export function checkHandlers(handlers: ReadonlyMap<string, unknown>): void {
  const missing = JOB_NAMES.filter((name) => !handlers.has(name));
  if (missing.length) throw new Error(`no handler registered for job ${missing.join(', ')}`);
  const unknown = [...handlers.keys()].filter((name) => !(name in JOBS));
  if (unknown.length) throw new Error(`handler registered for unknown job ${unknown.join(', ')}`);
}

/**
 * Worker options, per process. A killed worker's jobs come back after the lock expires: WORKER_LOCK_MS trades
 * recovery time against false stalls.
 */
export function workerOptions(env: NodeJS.ProcessEnv = process.env, minLockMs = 0) {
  const lockDuration = Math.max(Number(env.WORKER_LOCK_MS) || 30_000, minLockMs);
  return {
    concurrency: Number(env.WORKER_CONCURRENCY) || 4,
    lockDuration,
    stalledInterval: Math.max(500, Math.floor(lockDuration / 2)),
    maxStalledCount: 2,
  };
}

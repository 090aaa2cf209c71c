export const SCORING_QUEUE = 'scoring';
export const SCORING_DISPATCHER = Symbol('SCORING_DISPATCHER');

export interface ScoringJobData {
  assessmentId: string;
}

/** Scoring is deterministic: a few quick retries cover a database that was briefly locked or away. */
export const SCORING_JOB_ATTEMPTS = 3;
export const SCORING_JOB_BACKOFF = { type: 'exponential', delay: 500 } as const;

/**
 * Job ids come from the content and the rubric, so a re-submission or a retry never scores twice;
 * `generation` is bumped only when a rescore is asked for. BullMQ forbids ':' in custom ids.
 */
export function scoringJobId(sha256: string, reportId: string, rubricRef: string, profile: string, generation: number): string {
  return ['score', sha256.slice(0, 16), reportId, rubricRef, profile, `g${generation}`].join('.').replace(/:/g, '_');
}

export interface ScoringDispatcher {
  dispatch(jobId: string, data: ScoringJobData): Promise<void>;
}

/**
 * Worker options, read when the processor class is declared (BullMQ takes them there). A killed worker's
 * jobs come back after the lock expires: WORKER_LOCK_MS trades recovery time against false stalls.
 */
export function scoringWorkerOptions(env: NodeJS.ProcessEnv = process.env) {
  const lockDuration = Number(env.WORKER_LOCK_MS) || 30_000;
  return {
    concurrency: Number(env.WORKER_CONCURRENCY) || 4,
    lockDuration,
    stalledInterval: Math.max(500, Math.floor(lockDuration / 2)),
    maxStalledCount: 2,
  };
}

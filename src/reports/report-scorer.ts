import type { Report } from './report.entity';

/** What POST /reports answers about the scoring it queued for the stored report. */
export interface QueuedScoring {
  id: string;
  status: string;
}

/**
 * Queues a stored report's scoring. The scoring feature provides it and registers it with ReportsService at
 * start-up, as job handlers register with the queue: scoring imports reports, reports never imports scoring.
 */
export type ReportScorer = (report: Report) => Promise<QueuedScoring>;

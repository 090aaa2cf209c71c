import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Report } from './report.entity';

/** What POST /reports answers about the scoring it queued for the stored report. */
export interface QueuedScoring {
  id: string;
  status: string;
}

/**
 * Queues a stored report's scoring. The scoring feature provides it and registers it at start-up, as job
 * handlers register with the queue: scoring imports reports, reports never imports scoring.
 */
export type ReportScorer = (report: Report, newReport: boolean) => Promise<QueuedScoring>;

/**
 * The one place the scorer is kept: POST /reports queues a stored report's scoring through it, and a recognised
 * scan queues its own after recognition.
 */
@Injectable()
export class ReportScoring implements OnApplicationBootstrap {
  private scorer?: ReportScorer;

  register(scorer: ReportScorer): void {
    if (this.scorer) throw new Error('a report scorer is registered already');
    this.scorer = scorer;
  }

  /** A process that stores reports without anything to score them would lose the scoring silently: stop at start. */
  onApplicationBootstrap(): void {
    if (!this.scorer) throw new Error('no report scorer registered: import ScoringModule where ReportsModule is used');
  }

  /**
   * Queues the stored report's scoring (an assessment that is done already is returned as it is). `newReport`: the
   * caller stored it just now, so it has no assessment to look for.
   */
  queue(report: Report, newReport = false): Promise<QueuedScoring> {
    if (!this.scorer) throw new Error('no report scorer registered');
    return this.scorer(report, newReport);
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { PermanentScoringError, ScoringService } from './scoring.service';
import { SCORING_JOB_ATTEMPTS } from './scoring.constants';

/**
 * The one job processor, shared by the BullMQ worker and inline mode: runs an assessment and, when the last
 * attempt fails (or the failure can never succeed), records the failure in the database.
 */
@Injectable()
export class ScoringJobRunner {
  private readonly logger = new Logger(ScoringJobRunner.name);

  constructor(private readonly scoring: ScoringService) {}

  async run(assessmentId: string, attempt: number, maxAttempts = SCORING_JOB_ATTEMPTS): Promise<string> {
    try {
      return await this.scoring.runAssessment(assessmentId);
    } catch (error) {
      const permanent = error instanceof PermanentScoringError;
      if (permanent || attempt >= maxAttempts) await this.scoring.markFailed(assessmentId, error).catch((e) => this.logger.error(e));
      if (permanent) throw new UnrecoverableError((error as Error).message);
      throw error;
    }
  }
}

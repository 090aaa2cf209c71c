import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { JobQueue, PermanentJobError } from '../queue';
import { PermanentScoringError, ScoringService } from './scoring.service';

/**
 * The `score` job's handler, whichever driver runs it: runs an assessment and, when the last attempt fails (or
 * the failure can never succeed), records the failure in the database.
 */
@Injectable()
export class ScoringJobRunner implements OnModuleInit {
  private readonly logger = new Logger(ScoringJobRunner.name);

  constructor(
    private readonly scoring: ScoringService,
    private readonly queue: JobQueue,
  ) {}

  onModuleInit(): void {
    this.queue.handle('score', (data, attempt, maxAttempts) => this.run(data.assessmentId, attempt, maxAttempts));
  }

  async run(assessmentId: string, attempt: number, maxAttempts: number): Promise<string> {
    try {
      return await this.scoring.runAssessment(assessmentId);
    } catch (error) {
      const permanent = error instanceof PermanentScoringError;
      if (permanent || attempt >= maxAttempts) await this.scoring.markFailed(assessmentId, error).catch((e) => this.logger.error(e));
      if (permanent) throw new PermanentJobError((error as Error).message);
      throw error;
    }
  }
}

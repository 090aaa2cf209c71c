import { Module } from '@nestjs/common';
import { IntakePoolModule } from '../intake-pool/intake-pool.module';
import { QueueModule } from '../queue';
import { AssessmentQueueService } from './assessment-queue.service';
import { ScoringJobRunner } from './scoring-job-runner';
import { ScoringService } from './scoring.service';

/** Assessments of stored reports: queued through the one queue layer, scored by the `score` job's handler. */
@Module({
  imports: [QueueModule, IntakePoolModule],
  providers: [ScoringService, ScoringJobRunner, AssessmentQueueService],
  exports: [ScoringService, AssessmentQueueService],
})
export class ScoringModule {}

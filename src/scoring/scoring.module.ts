import { Module } from '@nestjs/common';
import { IntakePoolModule } from '../intake-pool/intake-pool.module';
import { QueueModule } from '../queue';
import { ReportsModule } from '../reports/reports.module';
import { RubricModule } from '../rubrics/rubrics.module';
import { AssessmentQueueService } from './assessment-queue.service';
import { AssessmentRepository } from './assessment.repository';
import { ScoringJobRunner } from './scoring-job-runner';
import { ReportAssessmentsController } from './report-assessments.controller';
import { PlanDigests } from './plan-digests';
import { ScoringService } from './scoring.service';

/**
 * Assessments of stored reports: queued through the one queue layer, scored by the `score` job's handler. It
 * registers the scorer that POST /reports calls, so the reports feature needs nothing from this one.
 */
@Module({
  imports: [QueueModule, IntakePoolModule, ReportsModule, RubricModule],
  controllers: [ReportAssessmentsController],
  providers: [AssessmentRepository, ScoringService, ScoringJobRunner, AssessmentQueueService, PlanDigests],
  exports: [ScoringService, AssessmentQueueService, AssessmentRepository, PlanDigests],
})
export class ScoringModule {}

import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-options';
import { AuthModule } from '../auth/auth.module';
import { QueueModule } from '../queue';
import { ReportsModule } from '../reports/reports.module';
import { RubricModule } from '../rubrics/rubrics.module';
import { ScoringModule } from '../scoring/scoring.module';
import { BatchRunner } from './batch-runner';
import { BatchRepository } from './batch.repository';
import { BatchReportsRepository } from './batch-reports.repository';
import { BatchesController } from './batches.controller';
import { BatchesService } from './batches.service';
import { AssessmentViewService } from './overrides/assessment-view.service';
import { OverridesController, WaiversController } from './overrides/overrides.controller';
import { OverridesService } from './overrides/overrides.service';
import { OverrideRepository } from './overrides/override.repository';
import { ReportAssessmentController } from './overrides/report-assessment.controller';
import { ReportCopiesController } from './report-copies.controller';
import { ReportCopiesService } from './report-copies.service';
import { batchLimits, DEFAULT_MAX_BATCH_FILES } from './upload';

/**
 * Batches as a queued flow (a parent job waiting for one child per file), their results and exports, and
 * reviewers' overrides and waivers with the adjusted card they give (AssessmentViewService, for the reports routes),
 * and copy detection for one report against its organisation's others (GET /reports/:id/copies).
 */
@Module({
  imports: [
    // organisations named in a waiver (ApiKeysService keeps them)
    AuthModule,
    QueueModule,
    ReportsModule,
    ScoringModule,
    RubricModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      // a batch is many files (or one zip of them): each file up to MAX_UPLOAD_MB, all together bounded too
      useFactory: (config: AppConfig) => {
        const limits = batchLimits(config.maxUploadMb);
        return { limits: { fileSize: limits.maxTotalBytes, files: DEFAULT_MAX_BATCH_FILES + 1, fields: 20 }, defParamCharset: 'utf8' };
      },
    }),
  ],
  controllers: [BatchesController, OverridesController, WaiversController, ReportAssessmentController, ReportCopiesController],
  providers: [BatchRepository, BatchReportsRepository, BatchRunner, BatchesService, OverrideRepository, OverridesService, AssessmentViewService, ReportCopiesService],
  exports: [BatchesService, OverridesService, AssessmentViewService],
})
export class BatchesModule {}

import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module, Provider } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG, type AppOptions } from '../config/app-options';
import { ReportsModule } from '../reports/reports.module';
import { BullBatchDispatcher, InlineBatchDispatcher } from './batch-dispatchers';
import { BatchItemProcessor, BatchProcessor } from './batch.processors';
import { BatchRunner } from './batch-runner';
import { BATCH_DISPATCHER, BATCH_FLOW_PRODUCER, BATCH_ITEMS_QUEUE, BATCHES_QUEUE } from './batches.constants';
import { BatchesController } from './batches.controller';
import { BatchesService } from './batches.service';
import { AssessmentViewService } from './overrides/assessment-view.service';
import { OverridesController, WaiversController } from './overrides/overrides.controller';
import { OverridesService } from './overrides/overrides.service';
import { batchLimits, DEFAULT_MAX_BATCH_FILES } from './upload';

/**
 * Batches as a BullMQ flow (or inline, the same runner in-process), their results and exports, and reviewers'
 * overrides and waivers. Global so the reports controller can show the adjusted card.
 */
@Module({})
export class BatchesModule {
  static forRoot(options: AppOptions): DynamicModule {
    const bullmq = options.queueMode === 'bullmq';
    const providers: Provider[] = [
      BatchRunner,
      BatchesService,
      OverridesService,
      AssessmentViewService,
      bullmq ? { provide: BATCH_DISPATCHER, useClass: BullBatchDispatcher } : { provide: BATCH_DISPATCHER, useClass: InlineBatchDispatcher },
    ];
    if (bullmq && options.worker) providers.push(BatchItemProcessor, BatchProcessor);
    return {
      module: BatchesModule,
      global: true,
      imports: [
        ReportsModule,
        MulterModule.registerAsync({
          inject: [APP_CONFIG],
          // a batch is many files (or one zip of them): each file up to MAX_UPLOAD_MB, all together bounded too
          useFactory: (config: AppConfig) => {
            const limits = batchLimits(config.maxUploadMb);
            return { limits: { fileSize: limits.maxTotalBytes, files: DEFAULT_MAX_BATCH_FILES + 1, fields: 20 }, defParamCharset: 'utf8' };
          },
        }),
        ...(bullmq
          ? [BullModule.registerQueue({ name: BATCH_ITEMS_QUEUE }, { name: BATCHES_QUEUE }), BullModule.registerFlowProducer({ name: BATCH_FLOW_PRODUCER })]
          : []),
      ],
      controllers: [BatchesController, OverridesController, WaiversController],
      providers,
      exports: [BatchesService, BatchRunner, OverridesService, AssessmentViewService, BATCH_DISPATCHER],
    };
  }
}

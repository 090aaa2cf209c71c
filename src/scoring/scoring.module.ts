import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module, Provider } from '@nestjs/common';
import type { AppOptions } from '../config/app-options';
import { AssessmentQueueService } from './assessment-queue.service';
import { SCORING_DISPATCHER, SCORING_QUEUE } from './scoring.constants';
import { BullScoringDispatcher, InlineScoringDispatcher } from './scoring-dispatchers';
import { ScoringJobRunner } from './scoring-job-runner';
import { ScoringProcessor } from './scoring.processor';
import { ScoringService } from './scoring.service';

/**
 * The same runner behind both modes: BullMQ (API enqueues, workers process — in this process when
 * `worker`, in others otherwise) or inline (in-process, for a laptop with no Redis).
 */
@Module({})
export class ScoringModule {
  static forRoot(options: AppOptions): DynamicModule {
    const bullmq = options.queueMode === 'bullmq';
    const providers: Provider[] = [
      ScoringService,
      ScoringJobRunner,
      AssessmentQueueService,
      bullmq ? { provide: SCORING_DISPATCHER, useClass: BullScoringDispatcher } : { provide: SCORING_DISPATCHER, useClass: InlineScoringDispatcher },
    ];
    if (bullmq && options.worker) providers.push(ScoringProcessor);
    const queues = bullmq ? [BullModule.registerQueue({ name: SCORING_QUEUE })] : [];
    return {
      module: ScoringModule,
      global: true,
      imports: queues,
      providers,
      exports: [ScoringService, ScoringJobRunner, AssessmentQueueService, SCORING_DISPATCHER, ...queues],
    };
  }
}

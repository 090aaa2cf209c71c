import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/app-options';
import type { AppConfig } from '../config/app-config';
import { RubricRegistry } from '../rubric/rubric-loader';
import { RubricModule } from '../rubrics/rubrics.module';
import { IntakePool } from './intake-pool';

/** The process's one intake pool, with the limits of the configuration and every loaded rubric. */
@Module({
  // the threads check drafts against every loaded rubric
  imports: [RubricModule],
  providers: [
    {
      provide: IntakePool,
      inject: [APP_CONFIG, RubricRegistry],
      useFactory: (config: AppConfig, rubrics: RubricRegistry) =>
        new IntakePool({ timeoutMs: config.intakeTimeoutSeconds * 1000, maxMemoryMb: config.intakeMaxMemoryMb, threads: config.intakeThreads, ocr: config.ocr }, rubrics.list()),
    },
  ],
  exports: [IntakePool],
})
export class IntakePoolModule implements OnApplicationShutdown {
  constructor(@Inject(IntakePool) private readonly pool: IntakePool) {}

  // after the HTTP server has drained (RequestDrain) and the queue's workers have stopped: both still use the threads
  onApplicationShutdown(): Promise<void> {
    return this.pool.close();
  }
}

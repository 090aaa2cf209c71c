import { Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/app-options';
import type { AppConfig } from '../config/app-config';
import { DEFAULT_RUBRIC_DIR, loadRubricDirectory, RubricRegistry } from './rubric-loader';
import { RubricController } from './rubric.controller';

/** Rubrics are loaded and validated once at start: a bad file stops the service with its name and item. */
@Global()
@Module({
  controllers: [RubricController],
  providers: [
    {
      provide: RubricRegistry,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => loadRubricDirectory(config.rubricDir ?? DEFAULT_RUBRIC_DIR),
    },
  ],
  exports: [RubricRegistry],
})
export class RubricModule {}

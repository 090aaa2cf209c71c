import { Global, Module } from '@nestjs/common';
import { APP_OPTIONS, type AppOptions } from '../config/app-options';
import { DEFAULT_RUBRIC_DIR, loadRubricDirectory, RubricRegistry } from './rubric-loader';
import { RubricController } from './rubric.controller';

/** Rubrics are loaded and validated once at start: a bad file stops the service with its name and item. */
@Global()
@Module({
  controllers: [RubricController],
  providers: [
    {
      provide: RubricRegistry,
      inject: [APP_OPTIONS],
      useFactory: (options: AppOptions) => options.rubrics ?? loadRubricDirectory(options.config.rubricDir ?? DEFAULT_RUBRIC_DIR),
    },
  ],
  exports: [RubricRegistry],
})
export class RubricModule {}

import { Module } from '@nestjs/common';
import { APP_OPTIONS } from '../config/app-options';
import { DEFAULT_RUBRIC_DIR, loadRubricDirectory, RubricRegistry } from '../rubric/rubric-loader';
import { RubricController } from './rubrics.controller';

/** What a process hands the rubric module: the rubrics its entry point already loaded, or where to read them. */
export interface RubricSource {
  rubrics?: RubricRegistry;
  config: { rubricDir?: string };
}

/**
 * Rubrics are loaded and validated once at start: a bad file stops the service with its name and item. Not
 * global: each feature that reads a rubric imports this module (one instance per process all the same).
 */
@Module({
  controllers: [RubricController],
  providers: [
    {
      provide: RubricRegistry,
      inject: [APP_OPTIONS],
      useFactory: (source: RubricSource) => source.rubrics ?? loadRubricDirectory(source.config.rubricDir ?? DEFAULT_RUBRIC_DIR),
    },
  ],
  exports: [RubricRegistry],
})
export class RubricModule {}

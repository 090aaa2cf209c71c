import { DynamicModule, Global, Module } from '@nestjs/common';
import { DEFAULT_RUBRIC_DIR, loadRubricDirectory, RubricRegistry } from '../rubric/rubric-loader';
import { RubricController } from './rubrics.controller';

/** Rubrics are loaded and validated once at start: a bad file stops the service with its name and item. */
@Global()
@Module({})
export class RubricModule {
  /** `registry`: the rubrics the entry point already loaded; else they are read from `rubricDir`. */
  static forRoot(registry: RubricRegistry | undefined, rubricDir: string | undefined): DynamicModule {
    return {
      module: RubricModule,
      controllers: [RubricController],
      providers: [{ provide: RubricRegistry, useFactory: () => registry ?? loadRubricDirectory(rubricDir ?? DEFAULT_RUBRIC_DIR) }],
      exports: [RubricRegistry],
    };
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from './auth/auth.module';
import { BatchesModule } from './batches/batches.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { AppConfigModule } from './config/config.module';
import type { AppOptions } from './config/app-options';
import { buildDataSourceOptions, createDataSource } from './schema';
import { DocumentsModule } from './documents/documents.module';
import { HealthModule } from './health/health.module';
import { ReportsModule } from './reports/reports.module';
import type { RubricRegistry } from './rubric/rubric-loader';
import { RubricModule } from './rubrics/rubrics.module';
import { ScoringModule } from './scoring/scoring.module';

/** What one process is, plus the rubrics its entry point already loaded and validated (to fail fast in one line). */
export interface ServiceOptions extends AppOptions {
  rubrics?: RubricRegistry;
}

/** The whole service; `options` say whether this process serves HTTP, consumes jobs, and how it queues. */
@Module({})
export class AppModule {
  static forRoot(options: ServiceOptions): DynamicModule {
    const { config } = options;
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(options),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            // JSON lines; request bodies and keys never logged
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            autoLogging: config.logLevel !== 'silent',
          },
        }),
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...buildDataSourceOptions(config.database), migrationsRun: true, migrationsTransactionMode: 'each' }),
          dataSourceFactory: async (dataSourceOptions) => createDataSource(dataSourceOptions!, config.database),
        }),
        RubricModule,
        AuthModule,
        ScoringModule,
        ReportsModule,
        BatchesModule,
        DocumentsModule,
        HealthModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}

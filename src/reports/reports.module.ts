import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { APP_CONFIG } from '../config/app-options';
import { megabytes, type AppConfig } from '../config/app-config';
import { IntakePoolModule } from '../intake-pool/intake-pool.module';
import { ScoringModule } from '../scoring/scoring.module';
import { CheckController } from './check.controller';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [
    // the report routes queue and list assessments
    ScoringModule,
    IntakePoolModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      // kept in memory: intake needs the whole file, and MAX_UPLOAD_MB bounds it (multer answers 413 past it)
      useFactory: (config: AppConfig) => ({ limits: { fileSize: megabytes(config.maxUploadMb), files: 1, fields: 20 } }),
    }),
  ],
  controllers: [ReportsController, CheckController],
  providers: [ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}

import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { APP_CONFIG } from '../config/app-options';
import { megabytes, type AppConfig } from '../config/app-config';
import { AuthModule } from '../auth/auth.module';
import { IntakePoolModule } from '../intake-pool/intake-pool.module';
import { RubricModule } from '../rubrics/rubrics.module';
import { QueueModule } from '../queue';
import { CheckController } from './check.controller';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { ReportScoring } from './report-scorer';
import { ScanRecognitionService } from './scan-recognition.service';

@Module({
  imports: [
    // organisations for stored reports; the self-check's rubric; intake off the event loop
    AuthModule,
    RubricModule,
    IntakePoolModule,
    // scans sent here are recognised by the `recognise` job
    QueueModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      // kept in memory: intake needs the whole file, and MAX_UPLOAD_MB bounds it (multer answers 413 past it)
      useFactory: (config: AppConfig) => ({ limits: { fileSize: megabytes(config.maxUploadMb), files: 1, fields: 20 } }),
    }),
  ],
  controllers: [ReportsController, CheckController],
  providers: [ReportsService, ScanRecognitionService, ReportScoring],
  exports: [ReportsService],
})
export class ReportsModule {}

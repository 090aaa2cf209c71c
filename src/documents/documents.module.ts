import { Module } from '@nestjs/common';
import { BatchesModule } from '../batches/batches.module';
import { ReportsModule } from '../reports/reports.module';
import { ScoringModule } from '../scoring/scoring.module';
import { BatchDocumentsController, ReportDocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';

/**
 * The documents officials send: feedback letters, season reports, year-over-year comparison. Reads batches,
 * overrides and scoring through their services (exported by their modules); builds with the pure src/documents.
 */
@Module({
  imports: [ReportsModule, ScoringModule, BatchesModule],
  controllers: [ReportDocumentsController, BatchDocumentsController],
  providers: [DocumentsService],
})
export class DocumentsModule {}

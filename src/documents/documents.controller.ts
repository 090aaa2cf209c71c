import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { DOCX_TYPE, DocumentsService, type DocumentFile } from './documents.service';

function send(response: Response, file: DocumentFile): void {
  response.setHeader('Content-Type', file.contentType);
  response.setHeader('Content-Disposition', file.disposition);
  response.setHeader('Content-Length', String(file.body.length));
  response.send(file.body);
}

/** Documents about one report: whoever may see the report (agencies their own) may have them. */
@ApiTags('documents')
@ApiBearerAuth()
@Roles('admin', 'reviewer', 'agency')
@Controller('reports')
export class ReportDocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  /** 评估反馈意见 as an A4 Word document. */
  @Get(':id/feedback.docx')
  @ApiProduces(DOCX_TYPE)
  async feedback(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Res() response: Response) {
    send(response, await this.documents.feedbackLetter(principal, id));
  }

  /** Against the same issuer's report on the year before: 404 no_previous_report when there is none. */
  @Get(':id/compare')
  compare(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.documents.compare(principal, id);
  }
}

/** The season report is the supervising body's: reviewers and admins, as for the batch itself. */
@ApiTags('documents')
@ApiBearerAuth()
@Roles('admin', 'reviewer')
@Controller('batches')
export class BatchDocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  /** 年度报告评估情况 of a finished batch, with its charts. */
  @Get(':id/report.docx')
  @ApiProduces(DOCX_TYPE)
  async report(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Res() response: Response) {
    send(response, await this.documents.seasonReport(principal, id));
  }
}

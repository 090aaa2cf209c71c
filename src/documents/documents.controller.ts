import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { DOCX_TYPE, DocumentsService, type DocumentFile } from './documents.service';
import { toYearOverYearDto, YearOverYearDto } from './dto/year-over-year.dto';
import { ApiErrors } from '../common/api-errors';

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
@ApiErrors(401, 429)
@Controller('reports')
export class ReportDocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  /** 评估反馈意见 as an A4 Word document. */
  @Get(':id/feedback.docx')
  @ApiProduces(DOCX_TYPE)
  @ApiOkResponse({ description: '评估反馈意见 (.docx)', content: { [DOCX_TYPE]: { schema: { type: 'string', format: 'binary' } } } })
  @ApiErrors(404, 409)
  async feedback(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Res() response: Response) {
    send(response, await this.documents.feedbackLetter(principal, id));
  }

  /** Against the same issuer's report on the year before: 404 NO_PREVIOUS_REPORT when there is none. */
  @Get(':id/compare')
  @ApiOkResponse({ type: YearOverYearDto })
  @ApiErrors(404, 409)
  async compare(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<YearOverYearDto> {
    return toYearOverYearDto(await this.documents.compare(principal, id));
  }
}

/** The season report is the supervising body's: reviewers and admins, as for the batch itself. */
@ApiTags('documents')
@ApiBearerAuth()
@Roles('admin', 'reviewer')
@ApiErrors(401, 403, 429)
@Controller('batches')
export class BatchDocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  /** 年度报告评估情况 of a finished batch, with its charts. */
  @Get(':id/report.docx')
  @ApiProduces(DOCX_TYPE)
  @ApiOkResponse({ description: '年度报告评估情况 (.docx)', content: { [DOCX_TYPE]: { schema: { type: 'string', format: 'binary' } } } })
  @ApiErrors(404, 409)
  async report(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Res() response: Response) {
    send(response, await this.documents.seasonReport(principal, id));
  }
}

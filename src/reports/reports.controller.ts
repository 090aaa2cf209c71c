import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ReportDetailDto, SubmittedReportDto, toReportDetailDto, toReportSummaryDto } from './dto/report.response.dto';
import { SubmitReportDto } from './dto/submit-report.dto';
import { overridesFrom, reportInputFrom } from './report-input';
import { textReady } from './report-columns';
import { ReportsService } from './reports.service';
import { ApiErrors } from '../common/api-errors';
import { RubricRegistry } from '../rubric/rubric-loader';
import { assertLevel, assertProfile } from '../rubrics/requested-rubric';

/**
 * The report's own routes. GET /reports (with adjusted totals) is ReportAssessmentController's, beside the
 * overrides; the assessments and rescore routes are the scoring feature's (ReportAssessmentsController).
 */
@ApiTags('reports')
@ApiBearerAuth()
@Roles('admin', 'reviewer', 'agency')
@ApiErrors(401, 429)
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly rubrics: RubricRegistry,
  ) {}

  /**
   * 201 with the new report, or 200 with the stored one when the same bytes come again. A scan is recognised in
   * a queued job first: `ocr` says how far it has got and `assessment` stays null until its text is there.
   */
  @Post()
  @ApiErrors(400, 413, 415, 422)
  @ApiConsumes('multipart/form-data', 'application/json')
  @UseInterceptors(FileInterceptor('file'))
  @ApiCreatedResponse({ type: SubmittedReportDto, description: 'stored and queued for scoring' })
  @ApiOkResponse({ type: SubmittedReportDto, description: 'the same bytes were stored before: that report' })
  async submit(
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() body: SubmitReportDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SubmittedReportDto> {
    // before anything is stored: the rubric is chosen by the report's year later, so any loaded rubric's profile
    assertProfile(this.rubrics, body.profile);
    assertLevel(this.rubrics, body.level);
    const { report, created } = await this.reports.submit(principal, reportInputFrom(file, body), overridesFrom(body));
    const assessment = textReady(report) ? await this.reports.queueScoring(report, created) : null;
    response.status(created ? 201 : 200);
    return { ...toReportSummaryDto(report), created, assessment: assessment && { id: assessment.id, status: assessment.status } };
  }

  @Get(':id')
  @ApiErrors(404)
  @ApiOkResponse({ type: ReportDetailDto })
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<ReportDetailDto> {
    return toReportDetailDto(await this.reports.findVisible(principal, id));
  }

  /** The bytes as submitted, for a reviewer who wants the original file. */
  @Get(':id/original')
  @ApiErrors(404)
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'the file as submitted (Content-Disposition names it)', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } })
  async original(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Res() response: Response) {
    const report = await this.reports.findVisible(principal, id);
    const name = encodeURIComponent(report.filename ?? `${report.id}.${report.format}`);
    response.setHeader('Content-Type', 'application/octet-stream');
    response.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${name}`);
    response.send(report.originalBytes);
  }

  @Delete(':id')
  @ApiErrors(404)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'deleted, with its assessments, overrides and batch entries' })
  async remove(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    await this.reports.remove(principal, id);
  }
}

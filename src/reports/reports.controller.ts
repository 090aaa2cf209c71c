import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { PaginationQueryDto } from '../common/pagination.dto';
import { AssessmentQueueService } from '../scoring/assessment-queue.service';
import { ScoringService } from '../scoring/scoring.service';
import { RescoreDto } from '../scoring/dto/rescore.dto';
import { SubmitReportDto } from './dto/submit-report.dto';
import { overridesFrom, reportInputFrom } from './report-input';
import { reportDetail, reportSummary } from './report-view';
import { ReportsService } from './reports.service';

@ApiTags('reports')
@ApiBearerAuth()
@Roles('admin', 'reviewer', 'agency')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly queue: AssessmentQueueService,
    private readonly scoring: ScoringService,
  ) {}

  /** 201 with the new report, or 200 with the stored one when the same bytes come again. */
  @Post()
  @ApiConsumes('multipart/form-data', 'application/json')
  @UseInterceptors(FileInterceptor('file'))
  async submit(
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() body: SubmitReportDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { report, created } = await this.reports.submit(principal, reportInputFrom(file, body), overridesFrom(body));
    const assessment = await this.queue.enqueue(report);
    response.status(created ? 201 : 200);
    return { ...reportSummary(report), created, assessment: { id: assessment.id, status: assessment.status } };
  }

  @Get()
  async list(@Query() query: PaginationQueryDto, @CurrentPrincipal() principal: Principal) {
    const page = await this.reports.list(principal, query.page, query.limit);
    return { ...page, items: page.items.map(reportSummary) };
  }

  @Get(':id')
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return reportDetail(await this.reports.findVisible(principal, id));
  }

  /** The bytes as submitted, for a reviewer who wants the original file. */
  @Get(':id/original')
  async original(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Res() response: Response) {
    const report = await this.reports.findVisible(principal, id);
    const name = encodeURIComponent(report.filename ?? `${report.id}.${report.format}`);
    response.setHeader('Content-Type', 'application/octet-stream');
    response.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${name}`);
    response.send(report.originalBytes);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    await this.reports.remove(principal, id);
  }

  @Get(':id/assessments')
  async assessments(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    const report = await this.reports.findVisible(principal, id);
    return (await this.scoring.history(report.id)).map((row) => {
      const { card: _card, ...summary } = ScoringService.view(row);
      return summary;
    });
  }

  @Post(':id/rescore')
  @HttpCode(202)
  async rescore(@Param('id') id: string, @Body() body: RescoreDto, @CurrentPrincipal() principal: Principal) {
    const report = await this.reports.findVisible(principal, id);
    const assessment = await this.queue.rescore(report, body.rubric, body.profile);
    return { id: assessment.id, status: assessment.status, rubric: `${assessment.rubricId}@${assessment.rubricVersion}`, profile: assessment.profile };
  }
}

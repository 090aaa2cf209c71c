import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import { PaginationQueryDto } from '../../common/pagination.dto';
import { ReportsService } from '../../reports/reports.service';
import { toAssessmentDto } from '../../scoring/dto/assessment.dto';
import { ScoringService } from '../../scoring/scoring.service';
import { AssessmentViewService } from './assessment-view.service';
import { NoAssessmentDto, REPORT_ASSESSMENT_SCHEMA, ReportAssessmentDto, ReportAssessmentModels, toReportAssessmentDto } from './dto/overrides.response.dto';
import { ReportListDto, toReportListItem } from './dto/report-list.dto';
import { ApiErrors } from '../../common/api-errors';

/**
 * GET /reports and GET /reports/:id/assessment live beside the overrides: the totals they show carry reviewers'
 * overrides and waivers (and the card plan fulfilment), so the reports feature need not reach up into this one.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Roles('admin', 'reviewer', 'agency')
@ReportAssessmentModels()
@Controller('reports')
export class ReportAssessmentController {
  constructor(
    private readonly reports: ReportsService,
    private readonly scoring: ScoringService,
    private readonly views: AssessmentViewService,
  ) {}

  /** Newest first; each report with its latest assessment's status, total and grade (one request for a list). */
  @Get()
  @ApiErrors(400, 401, 429)
  @ApiOkResponse({ type: ReportListDto })
  async list(@Query() query: PaginationQueryDto, @CurrentPrincipal() principal: Principal): Promise<ReportListDto> {
    const page = await this.reports.list(principal, query.page, query.limit);
    const latest = await this.views.latestOfEach(page.items);
    return { ...page, items: page.items.map((report) => toReportListItem(report, latest.get(report.id) ?? null)) };
  }

  /** The latest assessment: {status, card?, error?}. */
  @Get(':id/assessment')
  @ApiErrors(401, 404, 429)
  @ApiOkResponse({ schema: REPORT_ASSESSMENT_SCHEMA, description: '{status: none} before the first scoring' })
  async assessment(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<NoAssessmentDto | ReportAssessmentDto> {
    const report = await this.reports.findVisible(principal, id);
    const latest = await this.scoring.latest(report.id);
    if (!latest) return { status: 'none' };
    return toReportAssessmentDto(await this.views.decorate(report, latest, toAssessmentDto(latest)));
  }
}

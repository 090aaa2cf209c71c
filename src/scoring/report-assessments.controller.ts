import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ReportsService } from '../reports/reports.service';
import { AssessmentQueueService } from './assessment-queue.service';
import { AssessmentSummaryDto, QueuedAssessmentDto, toAssessmentSummaryDto, toQueuedAssessmentDto } from './dto/assessment.dto';
import { RescoreDto } from './dto/rescore.dto';
import { ScoringService } from './scoring.service';
import { ApiErrors } from '../common/api-errors';

/** A report's assessments: the scoring feature's routes under /reports (it imports reports, not the reverse). */
@ApiTags('reports')
@ApiBearerAuth()
@Roles('admin', 'reviewer', 'agency')
@ApiErrors(401, 429)
@Controller('reports')
export class ReportAssessmentsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly queue: AssessmentQueueService,
    private readonly scoring: ScoringService,
  ) {}

  /** Every scoring of the report, oldest first, without the cards. */
  @Get(':id/assessments')
  @ApiErrors(404)
  @ApiOkResponse({ type: [AssessmentSummaryDto] })
  async assessments(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<AssessmentSummaryDto[]> {
    const report = await this.reports.findVisible(principal, id);
    return (await this.scoring.history(report.id)).map(toAssessmentSummaryDto);
  }

  @Post(':id/rescore')
  @ApiErrors(400, 404, 409)
  @HttpCode(202)
  @ApiAcceptedResponse({ type: QueuedAssessmentDto })
  async rescore(@Param('id') id: string, @Body() body: RescoreDto, @CurrentPrincipal() principal: Principal): Promise<QueuedAssessmentDto> {
    const report = await this.reports.findVisible(principal, id);
    // a scan still being recognised has no text to score: 409 REPORT_TEXT_NOT_READY
    this.reports.assertText(report);
    return toQueuedAssessmentDto(await this.queue.rescore(report, body.rubric, body.profile));
  }
}

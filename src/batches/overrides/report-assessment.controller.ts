import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import { ReportsService } from '../../reports/reports.service';
import { ScoringService } from '../../scoring/scoring.service';
import { AssessmentViewService } from './assessment-view.service';

/**
 * GET /reports/:id/assessment lives beside the overrides: the card it shows carries reviewers' overrides,
 * waivers and plan fulfilment, so the reports feature need not reach up into this one.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Roles('admin', 'reviewer', 'agency')
@Controller('reports')
export class ReportAssessmentController {
  constructor(
    private readonly reports: ReportsService,
    private readonly scoring: ScoringService,
    private readonly views: AssessmentViewService,
  ) {}

  /** The latest assessment: {status, card?, error?}. */
  @Get(':id/assessment')
  async assessment(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    const report = await this.reports.findVisible(principal, id);
    const latest = await this.scoring.latest(report.id);
    if (!latest) return { status: 'none' };
    return this.views.decorate(report, latest, ScoringService.view(latest));
  }
}

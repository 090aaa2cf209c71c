import { Injectable } from '@nestjs/common';
import type { Report } from '../../reports/report.entity';
import type { Assessment } from '../../scoring/assessment.entity';
import type { AssessmentDto } from '../../scoring/dto/assessment.dto';
import { ScoringService } from '../../scoring/scoring.service';
import { ReportsService } from '../../reports/reports.service';
import { planFulfilment } from '../plan-fulfilment';
import type { DecoratedAssessment } from './dto/overrides.response.dto';
import { OverridesService } from './overrides.service';

/**
 * What GET /reports/:id/assessment adds to the stored card: the total with reviewers' overrides and waivers
 * (next to the engine's own), and how far last year's plan was carried out. Fields appear only when there is
 * something to say, so a card with neither is byte-identical to the CLI's.
 */
@Injectable()
export class AssessmentViewService {
  constructor(
    private readonly overrides: OverridesService,
    private readonly scoring: ScoringService,
    private readonly reports: ReportsService,
  ) {}

  async decorate(report: Report, assessment: Assessment, view: AssessmentDto): Promise<DecoratedAssessment> {
    if (!assessment.card) return view;
    let card: Record<string, unknown> = assessment.card as unknown as Record<string, unknown>;
    let out: DecoratedAssessment = view;
    const adjusted = await this.overrides.effectiveCard(report, assessment);
    if (adjusted.adjustments.length) {
      card = adjusted as unknown as Record<string, unknown>;
      out = { ...out, total: adjusted.total, grade: adjusted.grade, totalWithoutOverrides: adjusted.totalWithoutOverrides };
    }
    const rubric = this.overrides.rubricOf(assessment);
    if (rubric && report.issuer && report.year) {
      const previous = await this.reports.previousYearReport(report.organisationId, report.issuer, report.year);
      if (previous) card = { ...card, planFulfilment: { previousReportId: previous.id, ...planFulfilment(this.scoring.prepare(previous), this.scoring.prepare(report), rubric) } };
    }
    return card === (assessment.card as unknown) ? out : { ...out, card: card as unknown as DecoratedAssessment['card'] };
  }
}

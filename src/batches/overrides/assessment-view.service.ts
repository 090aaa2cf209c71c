import { Injectable } from '@nestjs/common';
import type { Report } from '../../reports/report.entity';
import type { Assessment } from '../../scoring/assessment.entity';
import { AssessmentRepository } from '../../scoring/assessment.repository';
import type { AssessmentDto } from '../../scoring/dto/assessment.dto';
import { PlanDigests } from '../../scoring/plan-digests';
import { ScoringService } from '../../scoring/scoring.service';
import { ReportsService } from '../../reports/reports.service';
import { matchPlan } from '../plan-fulfilment';
import { applyOverrides } from './apply-overrides';
import type { DecoratedAssessment } from './dto/overrides.response.dto';
import type { LatestAssessmentDto } from './dto/report-list.dto';
import { OverridesService } from './overrides.service';

/**
 * What GET /reports/:id/assessment adds to the stored card: the total with reviewers' overrides and waivers
 * (next to the engine's own), and how far last year's plan was carried out. Fields appear only when there is
 * something to say, so a card with neither is byte-identical to the CLI's.
 */
@Injectable()
export class AssessmentViewService {
  constructor(
    private readonly assessments: AssessmentRepository,
    private readonly overrides: OverridesService,
    private readonly scoring: ScoringService,
    private readonly reports: ReportsService,
    private readonly digests: PlanDigests,
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
      const previous = await this.reports.previousYearReportRef(report.organisationId, report.issuer, report.year);
      if (previous) {
        // both reports as scoring read them (stored plan digests), last year's under this card's rubric as before
        const [planned, reported] = await Promise.all([this.digests.of(previous.id, rubric), this.digests.of(report.id, rubric)]);
        // (none when a report was deleted meanwhile: nothing to compare)
        if (planned && reported) card = { ...card, planFulfilment: { previousReportId: previous.id, ...matchPlan(planned, reported, report.extractedText) } };
      }
    }
    return card === (assessment.card as unknown) ? out : { ...out, card: card as unknown as DecoratedAssessment['card'] };
  }

  /**
   * The latest assessment of each listed report with the total and grade the card shows: reviewers' overrides
   * and waivers applied. Cards are loaded only for the reports something adjusts.
   */
  async latestOfEach(reports: Report[]): Promise<Map<string, LatestAssessmentDto>> {
    const latest = await this.scoring.latestOfEach(reports.map((r) => r.id));
    const adjustments = await this.overrides.adjustmentsFor(reports, [...latest.values()]);
    const adjusted = [...latest.values()].filter((a) => a.status === 'done' && adjustments.get(a.reportId)?.length);
    const cards = await this.assessments.cardsOf(adjusted.map((a) => a.id));
    const out = new Map<string, LatestAssessmentDto>();
    for (const [reportId, a] of latest) {
      let { total, grade } = a;
      const card = cards.get(a.id);
      const rubric = card ? this.overrides.rubricOf(a) : null;
      if (card && rubric) ({ total, grade } = applyOverrides(card, adjustments.get(reportId)!, rubric));
      out.set(reportId, { id: a.id, status: a.status, rubric: `${a.rubricId}@${a.rubricVersion}`, profile: a.profile, total, grade });
    }
    return out;
  }
}

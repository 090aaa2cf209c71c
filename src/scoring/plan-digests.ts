import { Injectable } from '@nestjs/common';
import { ReportsService } from '../reports/reports.service';
import type { RubricDefinition } from '../rubric/rubric.types';
import { AssessmentRepository } from './assessment.repository';
import { planDigest, type PlanDigest } from './engine';
import { ScoringService } from './scoring.service';

/**
 * What plan fulfilment needs of a stored report, read from its assessments: scoring stores the report's plan
 * digest with the card (ScoringService.runAssessment, recordScored), so matching last year's plan against this
 * year's work needs no intake. The digest depends on the rubric (its section roles), not on the profile.
 */
@Injectable()
export class PlanDigests {
  constructor(
    private readonly assessments: AssessmentRepository,
    private readonly reports: ReportsService,
    private readonly scoring: ScoringService,
  ) {}

  /**
   * The digest stored with a done assessment of the report under this rubric version; else (scored before the
   * column existed, or never with this rubric) one made from its stored text, and kept on its done assessments
   * of this rubric version so that it is made once. Null when the report is gone (deleted since it was found).
   */
  async of(reportId: string, rubric: RubricDefinition): Promise<PlanDigest | null> {
    const stored = await this.assessments.planDigestOf(reportId, rubric.id, rubric.version);
    if (stored) return stored;
    // only what preparation reads: not the stored bytes, not the normalised copy
    const report = await this.reports.forScoring(reportId);
    if (!report) return null;
    const digest = planDigest(this.scoring.prepare(report), rubric);
    await this.assessments.keepPlanDigest(reportId, rubric.id, rubric.version, digest);
    return digest;
  }
}

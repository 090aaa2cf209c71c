import { Injectable } from '@nestjs/common';
import { JobQueue } from '../queue';
import type { Report } from '../reports/report.entity';
import type { Assessment } from './assessment.entity';
import { scoringJobId } from './scoring.constants';
import { ScoringService } from './scoring.service';

/** Puts reports on the scoring queue: one assessment row per (report, rubric version, profile), one job per generation. */
@Injectable()
export class AssessmentQueueService {
  constructor(
    private readonly scoring: ScoringService,
    private readonly queue: JobQueue,
  ) {}

  /** Scores a stored report against a rubric (the current one by default) unless that was already done or queued. */
  async enqueue(report: Report, rubricRef?: string, profile?: string): Promise<Assessment> {
    const { rubric, note } = this.scoring.selectRubric(rubricRef, report.year);
    const resolvedProfile = this.scoring.profileFor(report, rubric, profile);
    const { assessment } = await this.scoring.ensureAssessment(report, rubric, resolvedProfile, note);
    if (assessment.status !== 'done') await this.dispatch(report, assessment);
    return assessment;
  }

  /** Scores again even when done: a rescore asked for by a person runs exactly once more. */
  async rescore(report: Report, rubricRef?: string, profile?: string): Promise<Assessment> {
    const { rubric, note } = this.scoring.selectRubric(rubricRef, report.year);
    const resolvedProfile = this.scoring.profileFor(report, rubric, profile);
    const { assessment, created } = await this.scoring.ensureAssessment(report, rubric, resolvedProfile, note);
    const target = created ? assessment : await this.scoring.requeue(assessment, note);
    await this.dispatch(report, target);
    return target;
  }

  private dispatch(report: Report, assessment: Assessment): Promise<void> {
    const jobId = scoringJobId(report.sha256, report.id, `${assessment.rubricId}@${assessment.rubricVersion}`, assessment.profile, assessment.generation);
    return this.queue.add({ name: 'score', jobId, data: { assessmentId: assessment.id } });
  }
}

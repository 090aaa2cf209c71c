import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobQueue, type JobRef, type PendingWork } from '../queue';
import type { Report } from '../reports/report.entity';
import { ReportsService, type ReportJobKey } from '../reports/reports.service';
import type { Assessment } from './assessment.entity';
import { AssessmentRepository, type AssessmentJobKey } from './assessment.repository';
import { scoringJobId } from './scoring.constants';
import { ScoringService } from './scoring.service';

/** Why an assessment is failed when its job kept ending without scoring it (each run's worker died or stalled). */
export const STALLED_OUT = '评分任务多次中断未能完成（处理进程退出或停滞），已停止自动重试；请检查该报告后重新评分';

/** Puts reports on the scoring queue: one assessment row per (report, rubric version, profile), one job per generation. */
@Injectable()
export class AssessmentQueueService implements OnModuleInit {
  constructor(
    private readonly scoring: ScoringService,
    private readonly queue: JobQueue,
    private readonly assessments: AssessmentRepository,
    private readonly reports: ReportsService,
  ) {}

  /** Every report POST /reports stores is queued for scoring; jobs a lost queue dropped are recovered. */
  onModuleInit(): void {
    this.reports.registerScorer((report, newReport) => this.enqueue(report, undefined, undefined, newReport));
    this.queue.recoverFrom((abandonedBefore) => this.unfinished(abandonedBefore));
  }

  /**
   * Scores a stored report against a rubric (the current one by default) unless that was already done or queued.
   * `newReport`: stored just now (ScoringService.ensureAssessment looks for no row).
   */
  async enqueue(report: Report, rubricRef?: string, profile?: string, newReport = false): Promise<Assessment> {
    const { rubric, note } = this.scoring.selectRubric(rubricRef, report.year);
    const resolvedProfile = this.scoring.profileFor(report, rubric, profile);
    const { assessment } = await this.scoring.ensureAssessment(report, rubric, resolvedProfile, note, newReport);
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

  /**
   * The `score` jobs of assessments queued, or running since before `abandonedBefore`, for the reconciler. A
   * batch scores its first assessments in its item jobs (generation 0 of a batch's report): its flow recovers those.
   */
  private async unfinished(abandonedBefore: Date): Promise<PendingWork[]> {
    const assessments = await this.assessments.unfinished(abandonedBefore);
    const reportIds = [...new Set(assessments.map((a) => a.reportId))];
    const reports = new Map<string, ReportJobKey>((await this.reports.jobKeysOf(reportIds)).map((r) => [r.id, r]));
    return assessments.flatMap((assessment) => {
      const report = reports.get(assessment.reportId);
      if (!report || (report.batchId && assessment.generation === 0)) return [];
      return [{ job: this.jobOf(report, assessment), giveUp: () => this.scoring.markFailed(assessment.id, new Error(STALLED_OUT)) }];
    });
  }

  private dispatch(report: Report, assessment: Assessment): Promise<void> {
    return this.queue.add(this.jobOf(report, assessment));
  }

  private jobOf(report: Pick<Report, 'id' | 'sha256'>, assessment: AssessmentJobKey): JobRef {
    const jobId = scoringJobId(report.sha256, report.id, `${assessment.rubricId}@${assessment.rubricVersion}`, assessment.profile, assessment.generation);
    return { name: 'score', jobId, data: { assessmentId: assessment.id } };
  }
}

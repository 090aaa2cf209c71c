import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { contentDisposition } from '../batches/batch-export';
import { BatchesService } from '../batches/batches.service';
import { OverridesService } from '../batches/overrides/overrides.service';
import type { Report } from '../reports/report.entity';
import { ReportsService } from '../reports/reports.service';
import type { RubricDefinition } from '../rubric/rubric.types';
import type { Assessment } from '../scoring/assessment.entity';
import { score } from '../scoring/engine';
import type { ScoreCard } from '../scoring/engine/score-card.types';
import { ScoringService } from '../scoring/scoring.service';
import type * as FeedbackLetter from './feedback-letter';
import type * as SeasonReport from './season-report';
import { yearOverYear, YearOverYearError, type YearOverYear } from './year-over-year';

// The Word builders bring the docx library (1 MB of source, held by every process that loads it): required on the
// first letter or report, not by every API and worker process at start-up.
/* eslint-disable @typescript-eslint/no-require-imports */
const loadFeedbackLetter = () => require('./feedback-letter') as typeof FeedbackLetter;
const loadSeasonReport = () => require('./season-report') as typeof SeasonReport;
/* eslint-enable @typescript-eslint/no-require-imports */

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface DocumentFile {
  body: Buffer;
  contentType: string;
  disposition: string;
}

/** Scored cards from the database into the pure builders of src/documents; access as for the card itself. */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly reports: ReportsService,
    private readonly scoring: ScoringService,
    private readonly overrides: OverridesService,
    private readonly batches: BatchesService,
  ) {}

  async feedbackLetter(principal: Principal, reportId: string, now = new Date()): Promise<DocumentFile> {
    const report = await this.reports.findVisible(principal, reportId);
    const { assessment, rubric } = await this.scored(report);
    const card = await this.overrides.effectiveCard(report, assessment);
    const comparison = await this.comparisonWith(report, card, rubric).catch((error) => {
      // an inconsistent pair (two issuers under one name) leaves the letter without a comparison, not failed
      if (error instanceof YearOverYearError) return null;
      throw error;
    });
    const { buildFeedbackLetter } = loadFeedbackLetter();
    const body = await buildFeedbackLetter({ card, rubric, comparison: comparison?.comparison ?? null, date: now });
    const name = `${report.issuer ?? report.title ?? report.id}${report.year ? `${report.year}年度` : ''}评估反馈意见.docx`;
    return { body, contentType: DOCX_TYPE, disposition: contentDisposition(name, `feedback-${report.year ?? 'report'}-${report.id.slice(0, 8)}.docx`) };
  }

  /** GET /reports/:id/compare: this report against the same issuer's report on the year before. */
  async compare(principal: Principal, reportId: string): Promise<YearOverYear> {
    const report = await this.reports.findVisible(principal, reportId);
    const { assessment, rubric } = await this.scored(report);
    const card = await this.overrides.effectiveCard(report, assessment);
    let found: { comparison: YearOverYear } | null;
    try {
      found = await this.comparisonWith(report, card, rubric);
    } catch (error) {
      if (error instanceof YearOverYearError) throw new ConflictException({ error: error.code, message: error.message });
      throw error;
    }
    if (!found) {
      throw new NotFoundException({
        error: 'NO_PREVIOUS_REPORT',
        message: report.issuer && report.year ? `未找到${report.issuer}${report.year - 1}年度的报告，无法进行同比` : '该报告未识别出报告单位或年度，无法查找上年度报告',
      });
    }
    return found.comparison;
  }

  async seasonReport(principal: Principal, batchId: string, now = new Date()): Promise<DocumentFile> {
    const batch = await this.batches.findVisible(principal, batchId);
    if (batch.status !== 'done') throw new ConflictException({ error: 'BATCH_NOT_DONE', message: `批次尚未评估完成（${batch.done + batch.failed}/${batch.total}），完成后再生成评估情况报告` });
    const { entries, failed, reports, copies } = await this.batches.entries(batch);
    const rubric = this.batches.rubricOf(batch);
    const earlierNames = new Map([...reports.values()].map((r) => [r.id, `${r.issuer ?? r.filename ?? r.id}${r.year ? `（${r.year}年度）` : ''}`]));
    const { buildSeasonReport, seasonReportTitle } = loadSeasonReport();
    const body = await buildSeasonReport({ name: batch.name, rubric, entries, failed, copies, earlierNames, date: now });
    return { body, contentType: DOCX_TYPE, disposition: contentDisposition(`${seasonReportTitle(batch.name)}.docx`, `season-report-${batch.id.slice(0, 8)}.docx`) };
  }

  private async scored(report: Report): Promise<{ assessment: Assessment; rubric: RubricDefinition }> {
    const assessment = await this.scoring.latest(report.id);
    if (!assessment || assessment.status !== 'done' || !assessment.card) {
      throw new ConflictException({ error: 'ASSESSMENT_NOT_READY', message: `报告尚未完成评估（${assessment?.status ?? '未评估'}），完成后再试` });
    }
    const rubric = this.overrides.rubricOf(assessment);
    if (!rubric) throw new ConflictException({ error: 'RUBRIC_NOT_LOADED', message: `评估细则 ${assessment.rubricId}@${assessment.rubricVersion} 已不在服务中，请先重新评估` });
    return { assessment, rubric };
  }

  /**
   * Last year's card under this year's rubric: its stored card when it was scored with the same rubric version
   * (overrides applied), otherwise scored again here, so the deltas compare like with like.
   */
  private async comparisonWith(report: Report, card: ScoreCard, rubric: RubricDefinition): Promise<{ comparison: YearOverYear } | null> {
    if (!report.issuer || !report.year) return null;
    const previous = await this.reports.previousYearReport(report.organisationId, report.issuer, report.year);
    if (!previous) return null;
    const latest = await this.scoring.latest(previous.id);
    const prepared = this.scoring.prepare(previous);
    const previousCard =
      latest?.status === 'done' && latest.card && latest.rubricId === rubric.id && latest.rubricVersion === rubric.version
        ? await this.overrides.effectiveCard(previous, latest)
        : score(prepared, rubric, this.scoring.profileFor(previous, rubric));
    const comparison = yearOverYear({ reportId: previous.id, card: previousCard, prepared }, { reportId: report.id, card, prepared: this.scoring.prepare(report) }, rubric);
    return { comparison };
  }
}

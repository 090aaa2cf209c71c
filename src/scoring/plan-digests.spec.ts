import { join } from 'node:path';
import { prepareText } from '../intake';
import { readReport, REPORTS } from '../intake/test-fixtures';
import type { ReportsService, ScoringColumns } from '../reports/reports.service';
import { loadRubricDirectory } from '../rubric/rubric-files';
import type { AssessmentRepository } from './assessment.repository';
import { planDigest, type PlanDigest } from './engine';
import { PlanDigests } from './plan-digests';
import type { ScoringService } from './scoring.service';
import { strictMock } from './test-fixtures';

const rubric = loadRubricDirectory(join(__dirname, '..', '..', 'rubrics')).get('outline-2021-2025', '1.2.0');
const text = readReport(REPORTS[1]);
const stored: ScoringColumns = { id: 'r1', extractedText: text, title: null, issuer: null, level: null, year: 2022, publishedAt: null, profile: null, ocr: null };

function build(parts: { assessments?: Partial<Record<keyof AssessmentRepository, jest.Mock>>; reports?: Partial<Record<keyof ReportsService, jest.Mock>>; scoring?: Partial<Record<keyof ScoringService, jest.Mock>> }) {
  const assessments = strictMock<AssessmentRepository>('AssessmentRepository', parts.assessments);
  const reports = strictMock<ReportsService>('ReportsService', parts.reports);
  const scoring = strictMock<ScoringService>('ScoringService', parts.scoring);
  return { digests: new PlanDigests(assessments, reports, scoring), assessments, reports, scoring };
}

describe('PlanDigests with no database (strict mocks)', () => {
  it('answers the digest stored with the report’s assessment under this rubric version, reading no report', async () => {
    const digest: PlanDigest = { year: 2022, plan: ['推行重大行政决策目录管理'], done: [] };
    const { digests, assessments } = build({ assessments: { planDigestOf: jest.fn().mockResolvedValue(digest) } });
    await expect(digests.of('r1', rubric)).resolves.toBe(digest);
    expect(assessments.planDigestOf).toHaveBeenCalledWith('r1', 'outline-2021-2025', '1.2.0');
  });

  it('without one (scored before the column existed) prepares the stored text once and keeps the digest', async () => {
    const prepare = jest.fn((report: ScoringColumns) => prepareText(report.extractedText, { year: report.year ?? undefined }));
    const keepPlanDigest = jest.fn();
    const { digests, reports } = build({
      assessments: { planDigestOf: jest.fn().mockResolvedValue(null), keepPlanDigest },
      reports: { forScoring: jest.fn().mockResolvedValue(stored) },
      scoring: { prepare },
    });
    const expected = planDigest(prepareText(text, { year: 2022 }), rubric);
    await expect(digests.of('r1', rubric)).resolves.toEqual(expected);
    expect(expected.plan.length).toBeGreaterThan(0);
    expect(reports.forScoring).toHaveBeenCalledWith('r1');
    expect(prepare).toHaveBeenCalledTimes(1);
    expect(keepPlanDigest).toHaveBeenCalledWith('r1', 'outline-2021-2025', '1.2.0', expected);
  });

  it('a report deleted meanwhile has none, and nothing is kept', async () => {
    const { digests } = build({ assessments: { planDigestOf: jest.fn().mockResolvedValue(null) }, reports: { forScoring: jest.fn().mockResolvedValue(null) } });
    await expect(digests.of('r1', rubric)).resolves.toBeNull();
  });
});

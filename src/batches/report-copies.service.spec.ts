import { strictMock } from '../scoring/test-fixtures';
import type { Principal } from '../auth/principal';
import { prepareText } from '../intake';
import { readReport, REPORTS } from '../intake/test-fixtures';
import type { Report } from '../reports/report.entity';
import type { ReportsService } from '../reports/reports.service';
import type { BatchReportsRepository } from './batch-reports.repository';
import { MAX_COMPARED_REPORTS, ReportCopiesService } from './report-copies.service';

const admin: Principal = { keyId: 'k', role: 'admin', organisationId: null, visibleOrganisationIds: null };
const [same, other] = [prepareText(readReport(REPORTS[0])), prepareText(readReport(REPORTS[1]))];
const report = (id: string, text = other, fields: Partial<Report> = {}) =>
  ({ id, organisationId: 'org-1', issuer: '某市人民政府', year: 2025, title: null, filename: `${id}.txt`, batchId: null, extractedText: text.original, normalisedText: text.normalised, createdAt: new Date(0), ...fields }) as Report;

function build(others: Report[]) {
  const othersOfOrganisation = jest.fn(async () => others);
  const reportRows = strictMock<BatchReportsRepository>('BatchReportsRepository', { othersOfOrganisation });
  const reports = strictMock<ReportsService>('ReportsService', { findVisible: async () => report('r-0', same) });
  return { service: new ReportCopiesService(reportRows, reports), othersOfOrganisation };
}

describe('ReportCopiesService.copies', () => {
  it("compares the report with its organisation's others and names the one it copies", async () => {
    const { service, othersOfOrganisation } = build([report('r-copy', same, { filename: '抄本.txt' }), report('r-other')]);
    const found = await service.copies(admin, 'r-0');
    expect(othersOfOrganisation).toHaveBeenCalledWith('org-1', 'r-0', MAX_COMPARED_REPORTS + 1);
    expect(found).toMatchObject({ reportId: 'r-0', compared: 2, limited: false });
    expect(found.matches.map((m) => m.report.id)).toEqual(['r-copy']);
    expect(found.matches[0].share).toBeCloseTo(1, 1);
  });

  it('says the comparison was limited when the organisation has more reports than are compared', async () => {
    const many = Array.from({ length: MAX_COMPARED_REPORTS + 1 }, (_, i) => report(`r-${i + 1}`, other, { extractedText: `短文${i}`, normalisedText: `短文${i}` }));
    const found = await build(many).service.copies(admin, 'r-0');
    expect(found).toMatchObject({ compared: MAX_COMPARED_REPORTS, limited: true, matches: [] });
  });
});

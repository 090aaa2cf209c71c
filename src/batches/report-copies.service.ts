import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import type { Report } from '../reports/report.entity';
import { ReportsService } from '../reports/reports.service';
import { BatchReportsRepository } from './batch-reports.repository';
import { copiesOf, type CopyDoc } from './copy-detection';
import { toReportCopies, type ReportCopiesDto } from './dto/report-copies.dto';

/**
 * A season's worth of the organisation's reports: past this the most recent are compared (the texts are held in
 * memory while comparing, about 2 bytes a character each).
 */
export const MAX_COMPARED_REPORTS = 500;

/**
 * Copy detection for one report outside any batch: against the other reports of its own organisation, which is
 * what whoever may see the report may see too (an agency's text is never compared with another agency's here).
 */
@Injectable()
export class ReportCopiesService {
  constructor(
    private readonly reportRows: BatchReportsRepository,
    private readonly reports: ReportsService,
  ) {}

  async copies(principal: Principal, reportId: string): Promise<ReportCopiesDto> {
    const report = await this.reports.findVisible(principal, reportId);
    const others = await this.reportRows.othersOfOrganisation(report.organisationId, report.id, MAX_COMPARED_REPORTS + 1);
    const limited = others.length > MAX_COMPARED_REPORTS;
    const compared = others.slice(0, MAX_COMPARED_REPORTS);
    // quotes are cut from the report's own words (traditional stays traditional), not from the normalised text
    const doc = (r: Report): CopyDoc => ({ id: r.id, text: r.normalisedText, original: r.extractedText, issuer: r.issuer });
    const pairs = copiesOf(doc(report), compared.map(doc));
    return toReportCopies(report.id, pairs, new Map(compared.map((r) => [r.id, r])), limited);
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, In, LessThan, Not } from 'typeorm';
import { Report } from '../reports/report.entity';
import { chunks } from '../database/in-chunks';

/** How results and exports name a report (the rows hold only these columns). */
const HEADING_FIELDS = { id: true, organisationId: true, issuer: true, year: true, level: true, filename: true, title: true } as const;
/** What copy detection and plan fulfilment read of a report (the rows hold only these columns). */
const TEXT_FIELDS = { id: true, organisationId: true, issuer: true, year: true, extractedText: true, normalisedText: true, createdAt: true } as const;

/**
 * The reports a batch's results and analysis read, by many ids at once: in chunks of 500, which
 * keeps each IN list within SQLite's bound-variable limit; and the reports copy detection compares one report with.
 */
@Injectable()
export class BatchReportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async headings(ids: string[]): Promise<Report[]> {
    const out: Report[] = [];
    for (const part of chunks(ids, 500)) out.push(...(await this.dataSource.getRepository(Report).find({ where: { id: In(part) }, select: HEADING_FIELDS })));
    return out;
  }

  async texts(ids: string[]): Promise<Report[]> {
    const out: Report[] = [];
    for (const part of chunks(ids, 500)) out.push(...(await this.dataSource.getRepository(Report).find({ where: { id: In(part) }, select: TEXT_FIELDS })));
    return out;
  }

  /** The organisation's reports by these issuers stored before `before` (earlier seasons, for copy detection). */
  async textsBefore(organisationId: string, issuers: string[], before: Date): Promise<Report[]> {
    const out: Report[] = [];
    for (const part of chunks(issuers, 500)) {
      out.push(...(await this.dataSource.getRepository(Report).find({ where: { organisationId, issuer: In(part), createdAt: LessThan(before) }, select: TEXT_FIELDS })));
    }
    return out;
  }

  /**
   * The organisation's other reports, newest first, at most `take` (GET /reports/:id/copies compares one report
   * with them).
   */
  othersOfOrganisation(organisationId: string, exceptId: string, take: number): Promise<Report[]> {
    return this.dataSource.getRepository(Report).find({
      where: { organisationId, id: Not(exceptId) },
      select: { id: true, issuer: true, year: true, title: true, filename: true, batchId: true, extractedText: true, normalisedText: true, createdAt: true },
      order: { createdAt: 'DESC', id: 'ASC' },
      take,
    });
  }
}

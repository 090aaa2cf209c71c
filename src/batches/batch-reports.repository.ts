import { Injectable } from '@nestjs/common';
import { DataSource, In, LessThan, Not } from 'typeorm';
import { Report } from '../reports/report.entity';
import { chunks } from '../database/in-chunks';

/** How results and exports name a report (the rows hold only these columns). */
const HEADING_FIELDS = { id: true, organisationId: true, issuer: true, year: true, level: true, filename: true, title: true } as const;
/**
 * What copy detection reads of a report (the rows hold only these columns): the normalised text it matches, not the
 * extracted one, which only its few quotes and plan fulfilment need (extractedTexts, a part at a time).
 */
const MATCHING_FIELDS = { id: true, organisationId: true, issuer: true, year: true, normalisedText: true, createdAt: true } as const;

/**
 * How many of an issuer's earlier reports a batch's copy detection compares its report with: the last few years,
 * which is what a reviewer compares. Reading all of them made the analysis grow with every season stored: a soak of
 * 1,000-report batches by 3 issuers took 2, 24, 44 and 72 s to finalise its first four batches.
 */
export const EARLIER_PER_ISSUER = 5;

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

  /** The reports with their normalised text and none of their extracted one. */
  async matchingTexts(ids: string[]): Promise<Report[]> {
    const out: Report[] = [];
    for (const part of chunks(ids, 500)) out.push(...(await this.dataSource.getRepository(Report).find({ where: { id: In(part) }, select: MATCHING_FIELDS })));
    return out;
  }

  /** The extracted text (the report's own words, quotes are cut from it) of each of these reports still stored. */
  async extractedTexts(ids: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const part of chunks(ids, 500)) {
      for (const r of await this.dataSource.getRepository(Report).find({ where: { id: In(part) }, select: { id: true, extractedText: true } })) out.set(r.id, r.extractedText);
    }
    return out;
  }

  /**
   * The organisation's reports by these issuers stored before `before` (earlier seasons, for copy detection), other
   * than those in `except` (the batch's own): each issuer's `perIssuer` latest by year, then by when they were
   * stored. The batch's own are left out before the latest are picked: SQLite keeps `createdAt` to the second, so
   * the reports a batch stores in its first second compare as stored before it, and they took the places of the
   * issuer's real earlier reports. Rows are picked on light columns first and only those are read with their
   * normalised texts (matchingTexts).
   */
  async matchingTextsBefore(organisationId: string, issuers: string[], before: Date, except: ReadonlySet<string> = new Set(), perIssuer = EARLIER_PER_ISSUER): Promise<Report[]> {
    const rows: Array<Pick<Report, 'id' | 'issuer' | 'year' | 'createdAt'>> = [];
    for (const part of chunks(issuers, 500)) {
      const found = await this.dataSource.getRepository(Report).find({ where: { organisationId, issuer: In(part), createdAt: LessThan(before) }, select: { id: true, issuer: true, year: true, createdAt: true } });
      rows.push(...found.filter((r) => !except.has(r.id)));
    }
    rows.sort((a, b) => (b.year ?? -1) - (a.year ?? -1) || b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? -1 : 1));
    const kept = new Map<string, number>();
    const ids = rows.filter((r) => {
      const n = kept.get(r.issuer!) ?? 0;
      kept.set(r.issuer!, n + 1);
      return n < perIssuer;
    });
    return this.matchingTexts(ids.map((r) => r.id));
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

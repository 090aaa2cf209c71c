import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { APP_CONFIG } from '../config/app-options';
import { chunks } from '../database/in-chunks';
import { RawSql } from '../database/raw-sql';
import { base64Column } from '../database/uuid-entity';
import { megabytes, type AppConfig } from '../config/app-config';
import { ApiKeysService, DEFAULT_ORGANISATION } from '../auth/api-keys.service';
import { canSeeOrganisation, type Principal } from '../auth/principal';
import { isUuid, newId } from '../common/entity-id';
import type { Page } from '../common/pagination.dto';
import type { ProfileName } from '../rubric/rubric.types';
import { createHash } from 'node:crypto';
import type { IntakeResult } from '../intake/prepare-report';
import type { StoredCard, StoredIntake } from '../intake-pool/intake-task';
import { checkPageLimit } from '../intake/ocr';
import { IntakePool } from '../intake-pool/intake-pool';
import type { ScoreCard } from '../scoring/engine/score-card.types';
import { intakeRequest, type ReportInput, type ReportOverrides } from './report-input';
import { Report } from './report.entity';
import { textColumns, textReady } from './report-columns';
import { ReportScoring, type QueuedScoring, type ReportScorer } from './report-scorer';
import { ScanRecognitionService } from './scan-recognition.service';
import { errorBody } from '../common/error-codes';

export type { ReportInput, ReportOverrides } from './report-input';

/** The columns an assessment job reads of its report (ReportsService.forScoring). */
export type ScoringColumns = Pick<Report, 'id' | 'extractedText' | 'title' | 'issuer' | 'level' | 'year' | 'publishedAt' | 'profile' | 'ocr'>;
export type ReportJobKey = Pick<Report, 'id' | 'sha256' | 'batchId'>;

@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: ApiKeysService,
    private readonly pool: IntakePool,
    private readonly scans: ScanRecognitionService,
    private readonly scoring: ReportScoring,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.sql = new RawSql(dataSource);
  }

  private readonly sql: RawSql;

  /** Called once at start-up by the scoring feature, which queues each submitted report's scoring. */
  registerScorer(scorer: ReportScorer): void {
    this.scoring.register(scorer);
  }

  /** Queues the stored report's scoring (an assessment that is done already is returned as it is); see ReportScoring.queue. */
  queueScoring(report: Report, newReport = false): Promise<QueuedScoring> {
    return this.scoring.queue(report, newReport);
  }

  /**
   * Runs intake on the pool without storing anything: what `store` stores. `onOcrPage` hears each recognised page
   * of a scan (batch items show it as progress).
   */
  extract(input: ReportInput, overrides: ReportOverrides = {}, onOcrPage?: (done: number, total: number) => void): Promise<StoredIntake> {
    return this.pool.intake(intakeRequest(input, overrides, this.config), onOcrPage);
  }

  /**
   * Intake and scoring on the pool of a draft (POST /check), nothing stored. The rubric named wins, else the one
   * whose period covers the report's year, else the latest with a note.
   */
  check(input: ReportInput, overrides: ReportOverrides, rubricRef: string | undefined, profile?: string): Promise<{ intake: IntakeResult; card: ScoreCard }> {
    return this.pool.check(intakeRequest(input, overrides, this.config), rubricRef, profile);
  }

  /**
   * The same pass for a batch item, which stores both after: the intake as `store` stores it, the card as stored
   * (StoredCard) and the report's plan digest for its assessment, read on the pool thread, as JSON.
   */
  checkForStorage(
    input: ReportInput,
    overrides: ReportOverrides,
    rubricRef: string | undefined,
    profile?: string,
    onOcrPage?: (done: number, total: number) => void,
  ): Promise<{ intake: StoredIntake; card: StoredCard; planDigestJson: string }> {
    return this.pool.checkForStorage(intakeRequest(input, overrides, this.config), rubricRef, profile, onOcrPage);
  }

  async organisationFor(principal: Principal): Promise<string> {
    if (principal.organisationId) return principal.organisationId;
    // organisations are never deleted, so the default one's id can be kept once known
    this.defaultOrganisationId ??= (await this.keys.findOrCreateOrganisation(DEFAULT_ORGANISATION)).id;
    return this.defaultOrganisationId;
  }

  private defaultOrganisationId?: string;

  /**
   * Stores a report once per organisation and content: the same bytes again return the stored report
   * (`created: false`) and touch nothing.
   */
  async submit(principal: Principal, input: ReportInput, overrides: ReportOverrides = {}): Promise<{ report: Report; created: boolean }> {
    // a scan is stored at once and recognised in a queued job (ScanRecognitionService); too many pages: 413 now
    const outcome = await this.pool.intakeOrScan(intakeRequest(input, overrides, this.config));
    const organisationId = await this.organisationFor(principal);
    if ('intake' in outcome) return this.store(organisationId, outcome.intake, input, overrides.profile ?? null, null);
    const scanPages = outcome.scan.pages ?? 1;
    checkPageLimit(scanPages, this.config.ocr);
    const sha256 = createHash('sha256').update(input.bytes!).digest('hex');
    return this.scans.store(organisationId, { format: outcome.scan.format, sha256, scanPages }, input, overrides);
  }

  /** A scan still being recognised has no text to score yet: 409 with how far it has got. */
  assertText(report: Report): void {
    if (textReady(report) || !report.ocr) return;
    const { status, recognisedPages, pages, error } = report.ocr;
    throw new ConflictException({
      error: 'REPORT_TEXT_NOT_READY',
      message: status === 'failed' ? `扫描件文字识别失败，无法评估：${error ?? ''}` : `扫描件正在文字识别（${recognisedPages}/${pages} 页），完成后自动评估`,
    });
  }

  /**
   * Inserts first and looks only when the insert is refused: a stored report's content comes again far less often
   * than a new one, and the look-up (every column, the bytes and both texts included) cost as much as the insert.
   */
  async store(organisationId: string, intake: StoredIntake, input: ReportInput, profile: ProfileName | null, batchId: string | null): Promise<{ report: Report; created: boolean }> {
    const row = Object.assign(new Report(), {
      id: newId(),
      organisationId,
      sha256: intake.sha256,
      format: intake.format,
      filename: input.filename?.slice(0, 255) ?? null,
      profile,
      originalBytes: input.bytes ?? Buffer.from(input.text ?? '', 'utf8'),
      batchId,
      ...textColumns(intake),
    });
    try {
      // one INSERT, no transaction, nothing read back (RawSql.insert)
      row.createdAt = await this.sql.insert('reports', {
        ...row,
        originalBytes: base64Column.to(row.originalBytes),
        sections: this.sql.json(row.sections),
        ocr: this.sql.json(row.ocr),
      });
      return { report: row, created: true };
    } catch (error) {
      // the same content stored before, or arriving twice at once: the unique index kept one
      const repo = this.dataSource.getRepository(Report);
      const existing = await repo.findOneBy({ organisationId, sha256: intake.sha256 });
      if (!existing) throw error;
      if (textReady(existing)) return { report: existing, created: false };
      // the same scan sent to POST /reports and still being recognised there: this intake has its text already
      await repo.update({ id: existing.id }, textColumns(intake));
      return { report: await repo.findOneByOrFail({ id: existing.id }), created: false };
    }
  }

  /** A report the caller may see, or 404 — never revealing that another organisation's report exists. */
  async findVisible(principal: Principal, id: string): Promise<Report> {
    const report = isUuid(id) ? await this.dataSource.getRepository(Report).findOneBy({ id }) : null;
    if (!report || !canSeeOrganisation(principal, report.organisationId)) throw new NotFoundException(errorBody('REPORT_NOT_FOUND', `未找到报告 ${id}`));
    return report;
  }

  async list(principal: Principal, page: number, limit: number): Promise<Page<Report>> {
    const where = principal.visibleOrganisationIds === null ? {} : { organisationId: In(principal.visibleOrganisationIds) };
    const [items, total] = await this.dataSource.getRepository(Report).findAndCount({
      where,
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (page - 1) * limit,
      take: limit,
      select: { id: true, title: true, issuer: true, level: true, year: true, publishedAt: true, profile: true, format: true, script: true, chars: true, filename: true, sha256: true, organisationId: true, batchId: true, ocr: true, createdAt: true },
    });
    return { items, total, page, limit };
  }

  /**
   * A stored report with only what scoring reads (an assessment job): the stored bytes and the normalised copy
   * are the report's largest columns and are left in the database.
   */
  forScoring(id: string): Promise<ScoringColumns | null> {
    return this.dataSource.getRepository(Report).findOne({
      where: { id },
      select: { id: true, extractedText: true, title: true, issuer: true, level: true, year: true, publishedAt: true, profile: true, ocr: true },
    });
  }

  /** What names a report's `score` job (its content hash) and whether a batch owns it, in one query per 500 reports. */
  async jobKeysOf(ids: string[]): Promise<ReportJobKey[]> {
    const keys: ReportJobKey[] = [];
    for (const part of chunks(ids, 500)) {
      keys.push(...(await this.dataSource.getRepository(Report).find({ where: { id: In(part) }, select: { id: true, sha256: true, batchId: true } })));
    }
    return keys;
  }

  /** The same issuer's report on the year before, in the same organisation's reports. */
  previousYearReport(organisationId: string, issuer: string, year: number): Promise<Report | null> {
    return this.dataSource.getRepository(Report).findOne({ where: { organisationId, issuer, year: year - 1 }, order: { createdAt: 'DESC', id: 'ASC' } });
  }

  /** The same report as previousYearReport, only its id and year (plan fulfilment reads the rest from its assessment). */
  previousYearReportRef(organisationId: string, issuer: string, year: number): Promise<Pick<Report, 'id' | 'year'> | null> {
    return this.dataSource.getRepository(Report).findOne({ where: { organisationId, issuer, year: year - 1 }, order: { createdAt: 'DESC', id: 'ASC' }, select: { id: true, year: true } });
  }

  async remove(principal: Principal, id: string): Promise<void> {
    const report = await this.findVisible(principal, id);
    // its assessments, overrides and batch entries go with it: ON DELETE CASCADE (migration 1733000000000)
    await this.dataSource.getRepository(Report).delete({ id: report.id });
  }
}

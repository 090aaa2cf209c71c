import { Inject, Injectable, NotFoundException, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { APP_CONFIG } from '../config/app-options';
import { megabytes, type AppConfig } from '../config/app-config';
import { ApiKeysService, DEFAULT_ORGANISATION } from '../auth/api-keys.service';
import { canSeeOrganisation, type Principal } from '../auth/principal';
import { isUuid } from '../common/entity-id';
import type { Page } from '../common/pagination.dto';
import type { ProfileName } from '../rubric/rubric.types';
import type { IntakeResult } from '../intake';
import type { ReportMetadata } from '../intake/intake.types';
import { IntakePool, type IntakeRequest } from '../intake-pool/intake-pool';
import type { RubricDefinition } from '../rubric/rubric.types';
import type { ScoreCard } from '../scoring/engine/score-card.types';
import { Report } from './report.entity';
import type { QueuedScoring, ReportScorer } from './report-scorer';

export interface ReportInput {
  bytes?: Buffer;
  filename?: string;
  text?: string;
}

export interface ReportOverrides extends Partial<Omit<ReportMetadata, 'script'>> {
  profile?: ProfileName;
}

@Injectable()
export class ReportsService implements OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: ApiKeysService,
    private readonly pool: IntakePool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private scorer?: ReportScorer;

  /** Called once at start-up by the scoring feature, which queues each submitted report's scoring. */
  registerScorer(scorer: ReportScorer): void {
    if (this.scorer) throw new Error('a report scorer is registered already');
    this.scorer = scorer;
  }

  /** A process that stores reports without anything to score them would lose the scoring silently: stop at start. */
  onApplicationBootstrap(): void {
    if (!this.scorer) throw new Error('no report scorer registered: import ScoringModule where ReportsModule is used');
  }

  /** Queues the stored report's scoring (an assessment that is done already is returned as it is). */
  queueScoring(report: Report): Promise<QueuedScoring> {
    if (!this.scorer) throw new Error('no report scorer registered');
    return this.scorer(report);
  }

  /** Runs intake on the pool without storing anything. */
  extract(input: ReportInput, overrides: ReportOverrides = {}): Promise<IntakeResult> {
    return this.pool.intake(this.intakeRequest(input, overrides));
  }

  /** Intake and scoring of a draft on the pool; nothing is stored (drafts checked with POST /check stay private). */
  check(input: ReportInput, overrides: ReportOverrides, rubric: RubricDefinition, profile?: string): Promise<{ intake: IntakeResult; card: ScoreCard }> {
    return this.pool.check(this.intakeRequest(input, overrides), rubric, profile);
  }

  private intakeRequest(input: ReportInput, overrides: ReportOverrides): IntakeRequest {
    const { profile: _profile, ...metadata } = overrides;
    const source = input.bytes ? { bytes: input.bytes, filename: input.filename } : { text: input.text ?? '' };
    return { input: source, maxBytes: megabytes(this.config.maxUploadMb), overrides: metadata };
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
  async submit(principal: Principal, input: ReportInput, overrides: ReportOverrides = {}, batchId: string | null = null): Promise<{ report: Report; created: boolean }> {
    const intake = await this.extract(input, overrides);
    const organisationId = await this.organisationFor(principal);
    return this.store(organisationId, intake, input, overrides.profile ?? null, batchId);
  }

  async store(organisationId: string, intake: IntakeResult, input: ReportInput, profile: ProfileName | null, batchId: string | null): Promise<{ report: Report; created: boolean }> {
    const repo = this.dataSource.getRepository(Report);
    const existing = await repo.findOneBy({ organisationId, sha256: intake.sha256 });
    if (existing) return { report: existing, created: false };
    const meta = intake.prepared.metadata;
    const row = repo.create({
      organisationId,
      sha256: intake.sha256,
      format: intake.format,
      filename: input.filename?.slice(0, 255) ?? null,
      title: meta.title?.slice(0, 500) ?? null,
      issuer: meta.issuer?.slice(0, 200) ?? null,
      level: meta.level ?? null,
      year: meta.year ?? null,
      publishedAt: meta.publishedAt ?? null,
      profile,
      script: meta.script,
      chars: intake.chars,
      extractedText: intake.extracted,
      normalisedText: intake.prepared.normalised,
      sections: intake.prepared.sections,
      originalBytes: input.bytes ?? Buffer.from(input.text ?? '', 'utf8'),
      batchId,
    });
    try {
      // one INSERT needs no transaction (a save() would wrap it in BEGIN…SELECT…INSERT)
      return { report: await repo.save(row, { transaction: false }), created: true };
    } catch (error) {
      // the same content arrived twice at once: the unique index kept one
      const raced = await repo.findOneBy({ organisationId, sha256: intake.sha256 });
      if (raced) return { report: raced, created: false };
      throw error;
    }
  }

  /** A report the caller may see, or 404 — never revealing that another organisation's report exists. */
  async findVisible(principal: Principal, id: string): Promise<Report> {
    const report = isUuid(id) ? await this.dataSource.getRepository(Report).findOneBy({ id }) : null;
    if (!report || !canSeeOrganisation(principal, report.organisationId)) throw new NotFoundException(`report ${id} not found`);
    return report;
  }

  async list(principal: Principal, page: number, limit: number): Promise<Page<Report>> {
    const where = principal.visibleOrganisationIds === null ? {} : { organisationId: In(principal.visibleOrganisationIds) };
    const [items, total] = await this.dataSource.getRepository(Report).findAndCount({
      where,
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (page - 1) * limit,
      take: limit,
      select: { id: true, title: true, issuer: true, level: true, year: true, publishedAt: true, profile: true, format: true, script: true, chars: true, filename: true, sha256: true, organisationId: true, batchId: true, createdAt: true },
    });
    return { items, total, page, limit };
  }

  /** The same issuer's report on the year before, in the same organisation's reports. */
  previousYearReport(organisationId: string, issuer: string, year: number): Promise<Report | null> {
    return this.dataSource.getRepository(Report).findOne({ where: { organisationId, issuer, year: year - 1 }, order: { createdAt: 'DESC', id: 'ASC' } });
  }

  async remove(principal: Principal, id: string): Promise<void> {
    const report = await this.findVisible(principal, id);
    // its assessments, overrides and batch entries go with it: ON DELETE CASCADE (migration 1733000000000)
    await this.dataSource.getRepository(Report).delete({ id: report.id });
  }
}

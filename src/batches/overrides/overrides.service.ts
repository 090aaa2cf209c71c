import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { ApiKeysService } from '../../auth/api-keys.service';
import { canSeeOrganisation, type Principal } from '../../auth/principal';
import type { Report } from '../../reports/report.entity';
import { ReportsService } from '../../reports/reports.service';
import { RubricRegistry } from '../../rubric/rubric-loader';
import type { RubricDefinition } from '../../rubric/rubric.types';
import type { Assessment } from '../../scoring/assessment.entity';
import { ScoringService } from '../../scoring/scoring.service';
import { applyOverrides, type AdjustedCard, type ItemAdjustment } from './apply-overrides';
import type { CreateOverrideDto, CreateWaiverDto } from './dto/overrides.dto';
import { Override, Waiver } from './override.entity';
import { OverrideRepository } from './override.repository';
import { toOverrideDto, type OverrideDto } from './dto/overrides.response.dto';
import { errorBody } from '../../common/error-codes';

/** Reviewers' overrides and waivers, and the cards they change. */
@Injectable()
export class OverridesService {
  constructor(
    private readonly rows: OverrideRepository,
    private readonly organisations: ApiKeysService,
    private readonly reports: ReportsService,
    private readonly scoring: ScoringService,
    private readonly rubrics: RubricRegistry,
  ) {}

  findReport(principal: Principal, reportId: string): Promise<Report> {
    return this.reports.findVisible(principal, reportId);
  }

  async create(principal: Principal, reportId: string, dto: CreateOverrideDto): Promise<OverrideDto> {
    const report = await this.reports.findVisible(principal, reportId);
    const assessment = await this.scoring.latest(report.id);
    if (!assessment?.card || assessment.status !== 'done') throw new ConflictException(errorBody('ASSESSMENT_NOT_READY', `报告 ${report.id} 尚未完成评估，暂不能复核`));
    const rubric = this.rubricOf(assessment);
    if (!rubric) throw new ConflictException(errorBody('RUBRIC_NOT_LOADED', `评估细则 ${assessment.rubricId}@${assessment.rubricVersion} 已不在服务中，请先重新评估`));
    if (!rubric.items.some((it) => it.id === dto.itemId)) throw new BadRequestException(errorBody('UNKNOWN_ITEM', `评估细则 ${rubric.id}@${rubric.version} 中没有评估项 ${dto.itemId}`));

    const current = await this.effectiveCard(report, assessment);
    const beforeItem = current.items.find((it) => it.id === dto.itemId)!;
    const override = Object.assign(new Override(), {
      reportId: report.id,
      assessmentId: assessment.id,
      itemId: dto.itemId,
      rubricId: assessment.rubricId,
      rubricVersion: assessment.rubricVersion,
      status: dto.status,
      reason: dto.reason,
      actor: principal.keyId,
    });
    const adjustments = [...(await this.adjustmentsFor([report], [assessment])).get(report.id)!, this.asAdjustment({ ...override, id: 'new', createdAt: new Date() } as Override)];
    const after = applyOverrides(assessment.card, adjustments, rubric);
    const afterItem = after.items.find((it) => it.id === dto.itemId)!;
    override.before = { status: beforeItem.status, score: beforeItem.score, total: current.total };
    override.after = { status: afterItem.status, score: afterItem.score, total: after.total };
    const saved = await this.rows.saveOverride(override, (row) => ({
      action: 'override.create',
      actor: principal.keyId,
      subjectId: report.id,
      details: { overrideId: row.id, itemId: row.itemId, rubric: `${row.rubricId}@${row.rubricVersion}`, before: row.before, after: row.after, reason: row.reason },
    }));
    return this.view(saved, assessment);
  }

  async list(principal: Principal, reportId: string): Promise<OverrideDto[]> {
    const report = await this.reports.findVisible(principal, reportId);
    const latest = await this.scoring.latest(report.id);
    const rows = await this.rows.overridesOf(report.id);
    return rows.map((row) => this.view(row, latest));
  }

  async createWaiver(principal: Principal, dto: CreateWaiverDto): Promise<Waiver> {
    // from a report page: that report's organisation and issuer, which a reviewer above it may not name
    const report = dto.reportId ? await this.reports.findVisible(principal, dto.reportId) : null;
    const issuer = dto.issuer ?? report?.issuer ?? undefined;
    if (!issuer && !dto.org && !report) throw new BadRequestException(errorBody('INVALID_WAIVER', '豁免须指定报告单位（issuer）、所属单位（org）或报告（reportId）'));
    const expiresAt = new Date(dto.expiresAt);
    if (!(expiresAt.getTime() > Date.now())) throw new BadRequestException(errorBody('INVALID_WAIVER', '豁免的到期时间（expiresAt）须晚于现在'));
    if (!this.rubrics.current().items.some((it) => it.id === dto.itemId)) throw new BadRequestException(errorBody('UNKNOWN_ITEM', `当前评估细则中没有评估项 ${dto.itemId}`));
    let organisationId: string;
    if (report && !dto.org) organisationId = report.organisationId;
    else if (dto.org) {
      const org = await this.organisations.organisationNamed(dto.org);
      if (!org || !canSeeOrganisation(principal, org.id)) throw new NotFoundException(errorBody('ORGANISATION_NOT_FOUND', `未找到单位 ${dto.org}`));
      organisationId = org.id;
    } else organisationId = await this.reports.organisationFor(principal);
    return this.rows.saveWaiver({ organisationId, issuer: issuer ?? null, itemId: dto.itemId, reason: dto.reason, expiresAt, actor: principal.keyId }, (row) => ({
      action: 'waiver.create',
      actor: principal.keyId,
      subjectId: row.id,
      details: { organisationId, issuer: row.issuer, itemId: row.itemId, reason: row.reason, expiresAt: expiresAt.toISOString() },
    }));
  }

  async listWaivers(principal: Principal): Promise<Waiver[]> {
    return this.rows.waivers(principal.visibleOrganisationIds);
  }

  /**
   * Per report: active waivers of its organisation (and issuer) first, then the overrides made under the
   * assessment's rubric version, oldest first, so the newest decision on an item wins.
   */
  async adjustmentsFor(reports: Report[], assessments: Assessment[]): Promise<Map<string, ItemAdjustment[]>> {
    const out = new Map<string, ItemAdjustment[]>(reports.map((r) => [r.id, []]));
    if (reports.length === 0) return out;
    const orgs = [...new Set(reports.map((r) => r.organisationId))];
    const waivers = await this.rows.activeWaivers(orgs);
    const overrides = await this.rows.overridesOfAll(reports.map((r) => r.id));
    const assessmentOf = new Map(assessments.map((a) => [a.reportId, a]));
    for (const report of reports) {
      const list = out.get(report.id)!;
      for (const w of waivers) {
        if (w.organisationId !== report.organisationId || (w.issuer !== null && w.issuer !== report.issuer)) continue;
        list.push({ id: w.id, kind: 'waiver', itemId: w.itemId, status: 'not_applicable', reason: w.reason, actor: w.actor, at: new Date(w.createdAt).toISOString(), expiresAt: new Date(w.expiresAt).toISOString() });
      }
      const assessment = assessmentOf.get(report.id);
      for (const o of overrides) {
        if (o.reportId !== report.id || !assessment || o.rubricId !== assessment.rubricId || o.rubricVersion !== assessment.rubricVersion) continue;
        list.push(this.asAdjustment(o));
      }
    }
    return out;
  }

  /** The card with waivers and overrides applied (the stored card when there are none). */
  async effectiveCard(report: Report, assessment: Assessment): Promise<AdjustedCard> {
    const adjustments = (await this.adjustmentsFor([report], [assessment])).get(report.id)!;
    const rubric = this.rubricOf(assessment);
    if (!rubric) return { ...assessment.card!, totalWithoutOverrides: assessment.card!.total, gradeWithoutOverrides: assessment.card!.grade, adjustments: [] };
    return applyOverrides(assessment.card!, adjustments, rubric);
  }

  rubricOf(assessment: Pick<Assessment, 'rubricId' | 'rubricVersion'>): RubricDefinition | null {
    try {
      return this.rubrics.get(assessment.rubricId, assessment.rubricVersion);
    } catch {
      return null;
    }
  }

  private asAdjustment(o: Override): ItemAdjustment {
    return { id: o.id, kind: 'override', itemId: o.itemId, status: o.status, reason: o.reason, actor: o.actor, at: new Date(o.createdAt).toISOString() };
  }

  /** needsReview: made under another rubric version than the report's latest scoring, so not applied to it. */
  private view(row: Override, latest: Assessment | null): OverrideDto {
    return toOverrideDto(row, !!latest && (row.rubricId !== latest.rubricId || row.rubricVersion !== latest.rubricVersion));
  }
}

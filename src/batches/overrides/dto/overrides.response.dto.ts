/**
 * What the override, waiver and assessment routes answer: a reviewer's decision with its before and after, a
 * waiver, and the latest assessment with its card as reviewers' decisions and last year's plan change it.
 */
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { ASSESSMENT_STATUSES, type AssessmentDto } from '../../../scoring/dto/assessment.dto';
import { ITEM_STATUSES, ItemResultDto, ScoreCardDto, toScoreCardDto } from '../../../scoring/dto/score-card.dto';
import type { ScoreCard } from '../../../scoring/engine/score-card.types';
import { PlanFulfilmentAgainstDto, toPlanFulfilmentAgainstDto } from '../../dto/plan-fulfilment.dto';
import type { PlanFulfilment } from '../../plan-fulfilment';
import type { AdjustedCard, AdjustedItem, ItemAdjustment } from '../apply-overrides';
import type { Override, Waiver } from '../override.entity';

const KINDS = ['override', 'waiver'];

export class ItemScoreDto {
  @ApiProperty({ enum: ITEM_STATUSES }) status: string;
  @ApiProperty() score: number;
  @ApiProperty({ description: 'the report total' }) total: number;
}

export class OverrideDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) reportId: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) assessmentId: string | null;
  @ApiProperty() itemId: string;
  @ApiProperty({ enum: ITEM_STATUSES }) status: string;
  @ApiProperty() reason: string;
  @ApiProperty({ description: 'the API key that decided' }) actor: string;
  @ApiProperty({ example: 'outline-2021-2025@1.1.0' }) rubric: string;
  @ApiProperty({ type: ItemScoreDto }) before: ItemScoreDto;
  @ApiProperty({ type: ItemScoreDto }) after: ItemScoreDto;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ description: "made under another rubric version than the report's latest scoring, so not applied" }) needsReview: boolean;
}

export class WaiverDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ type: String, nullable: true, description: 'null: every report of the organisation' }) issuer: string | null;
  @ApiProperty() itemId: string;
  @ApiProperty() reason: string;
  @ApiProperty({ type: String, format: 'date-time' }) expiresAt: Date;
  @ApiProperty() actor: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class ItemAdjustmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: KINDS }) kind: string;
  @ApiProperty() itemId: string;
  @ApiProperty({ enum: ITEM_STATUSES }) status: string;
  @ApiProperty() reason: string;
  @ApiProperty() actor: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'waivers only' }) expiresAt?: string;
}

export class ItemAdjustedDto {
  @ApiProperty({ enum: KINDS }) kind: string;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ITEM_STATUSES, description: "the engine's status" }) from: string;
  @ApiProperty() reason: string;
  @ApiProperty() actor: string;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class AdjustedItemDto extends ItemResultDto {
  @ApiPropertyOptional({ type: ItemAdjustedDto, description: "set when a reviewer's decision changed the item" }) adjusted?: ItemAdjustedDto;
}

/** The card of GET /reports/:id/assessment: the engine's, plus what reviewers and last year's plan add. */
export class AssessedCardDto extends ScoreCardDto {
  @ApiProperty({ type: [AdjustedItemDto] }) declare items: AdjustedItemDto[];
  @ApiPropertyOptional({ description: "the engine's total, when overrides or waivers changed it" }) totalWithoutOverrides?: number;
  @ApiPropertyOptional() gradeWithoutOverrides?: string;
  @ApiPropertyOptional({ type: [ItemAdjustmentDto] }) adjustments?: ItemAdjustmentDto[];
  @ApiPropertyOptional({ type: PlanFulfilmentAgainstDto, description: "last year's plan against this year's report, when there is one" }) planFulfilment?: PlanFulfilmentAgainstDto;
}

export class NoAssessmentDto {
  @ApiProperty({ enum: ['none'] }) status: 'none';
}

export class ReportAssessmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ASSESSMENT_STATUSES }) status: string;
  @ApiProperty({ example: 'outline-2021-2025@1.1.0' }) rubric: string;
  @ApiProperty() profile: string;
  @ApiProperty({ type: Number, nullable: true, description: "with reviewers' overrides and waivers" }) total: number | null;
  @ApiProperty({ type: String, nullable: true }) grade: string | null;
  @ApiPropertyOptional({ description: "the engine's total, when overrides or waivers changed it" }) totalWithoutOverrides?: number;
  @ApiPropertyOptional({ type: AssessedCardDto, description: 'once scored' }) card?: AssessedCardDto;
  @ApiPropertyOptional({ description: 'why scoring failed' }) error?: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: Date | null;
}

/** GET /reports/:id/assessment answers one of these two. */
export const REPORT_ASSESSMENT_SCHEMA = { oneOf: [{ $ref: getSchemaPath(NoAssessmentDto) }, { $ref: getSchemaPath(ReportAssessmentDto) }] };
export const ReportAssessmentModels = () => ApiExtraModels(NoAssessmentDto, ReportAssessmentDto);

/** The card as decorated by AssessmentViewService: the stored card or the adjusted one, and plan fulfilment. */
export type DecoratedCard = (ScoreCard | AdjustedCard) & { planFulfilment?: PlanFulfilment & { previousReportId: string } };
export type DecoratedAssessment = Omit<AssessmentDto, 'card'> & { card?: DecoratedCard; totalWithoutOverrides?: number };

const toItemAdjustmentDto = (a: ItemAdjustment): ItemAdjustmentDto => ({ id: a.id, kind: a.kind, itemId: a.itemId, status: a.status, reason: a.reason, actor: a.actor, at: a.at, ...(a.expiresAt ? { expiresAt: a.expiresAt } : {}) });

export function toAssessedCardDto(card: DecoratedCard): AssessedCardDto {
  const base = toScoreCardDto(card as ScoreCard);
  const adjusted = 'adjustments' in card ? (card as AdjustedCard) : null;
  const items: AdjustedItemDto[] = base.items.map((item, i) => {
    const a = (card.items[i] as AdjustedItem).adjusted;
    return a ? { ...item, adjusted: { kind: a.kind, id: a.id, from: a.from, reason: a.reason, actor: a.actor, at: a.at } } : item;
  });
  return {
    ...base,
    items,
    ...(adjusted ? { totalWithoutOverrides: adjusted.totalWithoutOverrides, gradeWithoutOverrides: adjusted.gradeWithoutOverrides, adjustments: adjusted.adjustments.map(toItemAdjustmentDto) } : {}),
    ...(card.planFulfilment ? { planFulfilment: toPlanFulfilmentAgainstDto(card.planFulfilment) } : {}),
  };
}

export function toReportAssessmentDto(view: DecoratedAssessment): ReportAssessmentDto {
  return {
    id: view.id,
    status: view.status,
    rubric: view.rubric,
    profile: view.profile,
    total: view.total,
    grade: view.grade,
    ...(view.totalWithoutOverrides !== undefined ? { totalWithoutOverrides: view.totalWithoutOverrides } : {}),
    ...(view.card ? { card: toAssessedCardDto(view.card) } : {}),
    ...(view.error ? { error: view.error } : {}),
    createdAt: view.createdAt,
    finishedAt: view.finishedAt,
  };
}

export function toOverrideDto(row: Override, needsReview: boolean): OverrideDto {
  return {
    id: row.id,
    reportId: row.reportId,
    assessmentId: row.assessmentId,
    itemId: row.itemId,
    status: row.status,
    reason: row.reason,
    actor: row.actor,
    rubric: `${row.rubricId}@${row.rubricVersion}`,
    before: { status: row.before.status, score: row.before.score, total: row.before.total },
    after: { status: row.after.status, score: row.after.score, total: row.after.total },
    createdAt: row.createdAt,
    needsReview,
  };
}

export function toWaiverDto(w: Waiver): WaiverDto {
  return { id: w.id, organisationId: w.organisationId, issuer: w.issuer, itemId: w.itemId, reason: w.reason, expiresAt: w.expiresAt, actor: w.actor, createdAt: w.createdAt };
}

/** An assessment as the API shows it: the history row (GET /reports/:id/assessments), the rescore receipt. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ScoreCard } from '../engine/score-card.types';

export const ASSESSMENT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;

/** One scoring of a report, without its card. */
export class AssessmentSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ASSESSMENT_STATUSES }) status: string;
  @ApiProperty({ description: 'ID@VERSION of the rubric it is scored with', example: 'outline-2021-2025@1.1.0' }) rubric: string;
  @ApiProperty({ example: 'county_government' }) profile: string;
  @ApiProperty({ type: Number, nullable: true }) total: number | null;
  @ApiProperty({ type: String, nullable: true }) grade: string | null;
  @ApiPropertyOptional({ description: 'why it failed (Chinese)' }) error?: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: Date | null;
}

/** POST /reports/:id/rescore: the assessment that was queued. */
export class QueuedAssessmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ASSESSMENT_STATUSES }) status: string;
  @ApiProperty({ example: 'outline-2021-2025@1.1.0' }) rubric: string;
  @ApiProperty() profile: string;
}

/**
 * The assessment columns the mappers read: the Assessment entity fits it. Named here rather than imported, so
 * this folder needs nothing from the scoring feature and the reports feature can use its DTOs without a cycle.
 */
export interface AssessmentRow {
  id: string;
  status: string;
  rubricId: string;
  rubricVersion: string;
  profile: string;
  total: number | null;
  grade: string | null;
  card: ScoreCard | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export const rubricRef = (a: Pick<AssessmentRow, 'rubricId' | 'rubricVersion'>): string => `${a.rubricId}@${a.rubricVersion}`;

export function toAssessmentSummaryDto(a: AssessmentRow): AssessmentSummaryDto {
  return {
    id: a.id,
    status: a.status,
    rubric: rubricRef(a),
    profile: a.profile,
    total: a.total,
    grade: a.grade,
    ...(a.error ? { error: a.error } : {}),
    createdAt: a.createdAt,
    finishedAt: a.finishedAt,
  };
}

export const toQueuedAssessmentDto = (a: AssessmentRow): QueuedAssessmentDto => ({ id: a.id, status: a.status, rubric: rubricRef(a), profile: a.profile });

/** An assessment with its card, before the overrides feature decorates it. */
export interface AssessmentDto extends AssessmentSummaryDto {
  card?: ScoreCard;
}

export function toAssessmentDto(a: AssessmentRow): AssessmentDto {
  const { error, createdAt, finishedAt, ...head } = toAssessmentSummaryDto(a);
  return { ...head, ...(a.card ? { card: a.card } : {}), ...(error ? { error } : {}), createdAt, finishedAt };
}

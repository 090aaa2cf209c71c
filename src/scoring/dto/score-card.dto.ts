/**
 * The score card as the API documents and sends it (POST /check, GET /reports/:id/assessment, history): the
 * engine's ScoreCard (scoring/engine/score-card.types.ts) copied field by field, so a field the engine adds
 * reaches clients only when it is added here too, and the OpenAPI document says what each field is.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { MetadataField } from '../../intake/intake.types';
import { CHECK_KINDS } from '../../rubric/check-params';
import type { Evidence, Gap, ItemResult, PartScore, ScoreCard } from '../engine/score-card.types';

export const ITEM_STATUSES = ['met', 'partial', 'missing', 'not_applicable'] as const;
export const GAP_SEVERITIES = ['high', 'medium', 'low'] as const;
/** `report` for the report elements and quality checks, 1, 2, … for the outline's parts */
export const PART_ID_SCHEMA = { oneOf: [{ type: 'string', enum: ['report'] }, { type: 'integer' }] };

export class EvidenceDto {
  @ApiProperty({ description: "the report's own words: original.slice(start, end)" }) quote: string;
  @ApiProperty({ description: 'offset in the original text, inclusive' }) start: number;
  @ApiProperty({ description: 'offset in the original text, exclusive' }) end: number;
}

export class ItemResultDto {
  @ApiProperty({ example: '4.2' }) id: string;
  @ApiProperty(PART_ID_SCHEMA) part: PartScore['part'];
  @ApiProperty() title: string;
  @ApiProperty({ example: '纲要 四（二）' }) outlineRef: string;
  @ApiPropertyOptional({ enum: CHECK_KINDS, description: "the rubric's check kind (absent on cards stored before it was added)" }) check?: ItemResult['check'];
  @ApiProperty({ enum: ITEM_STATUSES }) status: ItemResult['status'];
  @ApiProperty() score: number;
  @ApiProperty() max: number;
  @ApiProperty({ type: [EvidenceDto] }) evidence: EvidenceDto[];
  @ApiProperty({ type: [String], description: 'labels of the elements still missing' }) missing: string[];
  @ApiPropertyOptional({ description: "only mentioned in next year's plan or among the problems" }) plannedOnly?: boolean;
}

export class GapDto {
  @ApiProperty() itemId: string;
  @ApiProperty({ enum: GAP_SEVERITIES }) severity: Gap['severity'];
  @ApiProperty() message: string;
  @ApiProperty() outlineRef: string;
}

export class PartScoreDto {
  @ApiProperty(PART_ID_SCHEMA) part: PartScore['part'];
  @ApiPropertyOptional({ description: "the part's title from the rubric" }) title?: string;
  @ApiProperty() score: number;
  @ApiProperty() max: number;
}

export class CardRubricDto {
  @ApiProperty({ example: 'outline-2021-2025' }) id: string;
  @ApiProperty({ example: '1.1.0' }) version: string;
  @ApiPropertyOptional({ description: 'why this rubric applies when the caller named none' }) note?: string;
}

export class OcrDto {
  @ApiProperty() pages: number;
  @ApiProperty({ description: 'mean recognition confidence, 0..1' }) confidence: number;
}

export class MetadataSourcesDto {
  @ApiPropertyOptional({ enum: ['title', 'body', 'field', 'default', 'override'] }) title?: string;
  @ApiPropertyOptional({ enum: ['title', 'body', 'field', 'default', 'override'] }) issuer?: string;
  @ApiPropertyOptional({ enum: ['title', 'body', 'field', 'default', 'override'] }) year?: string;
  @ApiPropertyOptional({ enum: ['title', 'body', 'field', 'default', 'override'] }) level?: string;
  @ApiPropertyOptional({ enum: ['title', 'body', 'field', 'default', 'override'] }) publishedAt?: string;
}

export class CardReportDto {
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty({ type: String, nullable: true }) issuer: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'the year reported on' }) year: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'the profile key the level maps to' }) level: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, enum: ['province', 'city', 'county', 'department', 'township'] }) governmentLevel?: string | null;
  @ApiPropertyOptional({ type: MetadataSourcesDto, description: 'where each detected field came from' }) sources?: MetadataSourcesDto;
  @ApiPropertyOptional({ type: OcrDto, description: 'set when the text was recognised from images' }) ocr?: OcrDto;
  @ApiProperty({ enum: ['simplified', 'traditional', 'mixed'] }) script: string;
  @ApiProperty() chars: number;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' }) publishedAt?: string | null;
}

export class ScoreCardDto {
  @ApiProperty({ description: '0–100, one decimal' }) total: number;
  @ApiProperty({ example: '良好' }) grade: string;
  @ApiProperty({ type: CardRubricDto }) rubric: CardRubricDto;
  @ApiProperty({ example: 'county_government' }) profile: string;
  @ApiProperty({ type: CardReportDto }) report: CardReportDto;
  @ApiProperty({ type: [PartScoreDto] }) parts: PartScoreDto[];
  @ApiProperty({ type: [ItemResultDto] }) items: ItemResultDto[];
  @ApiProperty({ type: [GapDto] }) gaps: GapDto[];
}

/** POST /check: the card, and the text it was scored on when includeText was asked for. */
export class CheckResultDto extends ScoreCardDto {
  @ApiPropertyOptional({ description: 'the extracted text evidence offsets point into (includeText)' }) text?: string;
}

export const toEvidenceDto = (e: Evidence): EvidenceDto => ({ quote: e.quote, start: e.start, end: e.end });

export function toItemResultDto(item: ItemResult): ItemResultDto {
  return {
    id: item.id,
    part: item.part,
    title: item.title,
    outlineRef: item.outlineRef,
    ...(item.check !== undefined ? { check: item.check } : {}),
    status: item.status,
    score: item.score,
    max: item.max,
    evidence: item.evidence.map(toEvidenceDto),
    missing: [...item.missing],
    ...(item.plannedOnly !== undefined ? { plannedOnly: item.plannedOnly } : {}),
  };
}

export const toGapDto = (gap: Gap): GapDto => ({ itemId: gap.itemId, severity: gap.severity, message: gap.message, outlineRef: gap.outlineRef });
export const toPartScoreDto = (p: PartScore): PartScoreDto => ({ part: p.part, ...(p.title !== undefined ? { title: p.title } : {}), score: p.score, max: p.max });

const METADATA_FIELDS: readonly MetadataField[] = ['title', 'issuer', 'year', 'level', 'publishedAt'];

function toCardReportDto(report: ScoreCard['report']): CardReportDto {
  const sources = report.sources;
  return {
    title: report.title,
    issuer: report.issuer,
    year: report.year,
    level: report.level,
    ...(report.governmentLevel !== undefined ? { governmentLevel: report.governmentLevel } : {}),
    ...(sources ? { sources: Object.fromEntries(METADATA_FIELDS.filter((f) => sources[f] !== undefined).map((f) => [f, sources[f]])) } : {}),
    ...(report.ocr ? { ocr: { pages: report.ocr.pages, confidence: report.ocr.confidence } } : {}),
    script: report.script,
    chars: report.chars,
    ...(report.publishedAt !== undefined ? { publishedAt: report.publishedAt } : {}),
  };
}

export function toScoreCardDto(card: ScoreCard): ScoreCardDto {
  return {
    total: card.total,
    grade: card.grade,
    rubric: { id: card.rubric.id, version: card.rubric.version, ...(card.rubric.note !== undefined ? { note: card.rubric.note } : {}) },
    profile: card.profile,
    report: toCardReportDto(card.report),
    parts: card.parts.map(toPartScoreDto),
    items: card.items.map(toItemResultDto),
    gaps: card.gaps.map(toGapDto),
  };
}

/** The response of GET /reports/:id/compare, for the OpenAPI description (the object is YearOverYear). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { YearOverYear } from '../year-over-year';

const STATUSES = ['met', 'partial', 'missing', 'not_applicable'];

class YearSideDto {
  @ApiProperty({ type: String, nullable: true }) reportId: string | null;
  @ApiProperty({ type: Number, nullable: true }) year: number | null;
  @ApiProperty() total: number;
  @ApiProperty() grade: string;
  @ApiProperty({ description: 'ID@VERSION the card was scored with' }) rubric: string;
}

class PartDeltaDto {
  @ApiProperty({ oneOf: [{ type: 'string', enum: ['report'] }, { type: 'integer' }] }) part: 'report' | number;
  @ApiProperty({ example: '纲要四' }) label: string;
  @ApiProperty({ type: Number, nullable: true }) previous: number | null;
  @ApiProperty({ type: Number, nullable: true }) current: number | null;
  @ApiProperty() max: number;
  @ApiProperty({ type: Number, nullable: true }) delta: number | null;
}

class ItemChangeDto {
  @ApiProperty() itemId: string;
  @ApiProperty() title: string;
  @ApiProperty() outlineRef: string;
  @ApiProperty({ enum: STATUSES }) from: string;
  @ApiProperty({ enum: STATUSES }) to: string;
}

class CopyPassageDto {
  @ApiProperty({ description: "this year's wording" }) a: string;
  @ApiProperty({ description: "last year's wording" }) b: string;
  @ApiProperty() chars: number;
}

class CarriedOverDto {
  @ApiProperty({ description: "share of this year's text found in last year's report, 0..1" }) share: number;
  @ApiProperty() copiedChars: number;
  @ApiProperty({ type: [CopyPassageDto] }) passages: CopyPassageDto[];
}

class EvidenceDto {
  @ApiProperty() quote: string;
  @ApiProperty() start: number;
  @ApiProperty() end: number;
}

class PlanDoneDto {
  @ApiProperty() item: string;
  @ApiProperty({ type: EvidenceDto }) evidence: EvidenceDto;
}

class PlanFulfilmentDto {
  @ApiProperty({ type: Number, nullable: true }) previousYear: number | null;
  @ApiProperty() planned: number;
  @ApiProperty({ type: [PlanDoneDto] }) done: PlanDoneDto[];
  @ApiProperty({ type: [String] }) silent: string[];
  @ApiProperty({ description: 'done / planned, 0..1' }) share: number;
}

export class YearOverYearDto implements YearOverYear {
  @ApiPropertyOptional({ type: String, nullable: true }) issuer: string | null;
  @ApiProperty({ type: YearSideDto }) previous: YearSideDto;
  @ApiProperty({ type: YearSideDto }) current: YearSideDto;
  @ApiProperty() totalDelta: number;
  @ApiProperty({ type: [PartDeltaDto] }) parts: PartDeltaDto[];
  @ApiProperty({ type: [ItemChangeDto] }) newlyMet: YearOverYear['newlyMet'];
  @ApiProperty({ type: [ItemChangeDto] }) regressed: YearOverYear['regressed'];
  @ApiProperty({ type: [ItemChangeDto] }) stillMissing: YearOverYear['stillMissing'];
  @ApiProperty({ type: CarriedOverDto }) carriedOver: CarriedOverDto;
  @ApiProperty({ type: PlanFulfilmentDto }) planFulfilment: PlanFulfilmentDto;
}

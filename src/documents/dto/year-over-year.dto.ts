/** The response of GET /reports/:id/compare, mapped from the YearOverYear the comparison computes. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CopyPassageDto } from '../../batches/dto/batch.response.dto';
import { PlanFulfilmentDto, toPlanFulfilmentDto } from '../../batches/dto/plan-fulfilment.dto';
import { ITEM_STATUSES, PART_ID_SCHEMA } from '../../scoring/dto/score-card.dto';
import type { ItemChange, PartDelta, YearOverYear } from '../year-over-year';

class YearSideDto {
  @ApiProperty({ type: String, nullable: true }) reportId: string | null;
  @ApiProperty({ type: Number, nullable: true }) year: number | null;
  @ApiProperty() total: number;
  @ApiProperty() grade: string;
  @ApiProperty({ description: 'ID@VERSION the card was scored with' }) rubric: string;
}

class PartDeltaDto {
  @ApiProperty(PART_ID_SCHEMA) part: 'report' | number;
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
  @ApiProperty({ enum: ITEM_STATUSES }) from: string;
  @ApiProperty({ enum: ITEM_STATUSES }) to: string;
}

class CarriedOverDto {
  @ApiProperty({ description: "share of this year's text found in last year's report, 0..1" }) share: number;
  @ApiProperty() copiedChars: number;
  @ApiProperty({ type: [CopyPassageDto], description: "a: this year's wording, b: last year's" }) passages: CopyPassageDto[];
}

export class YearOverYearDto {
  @ApiPropertyOptional({ type: String, nullable: true }) issuer: string | null;
  @ApiProperty({ type: YearSideDto }) previous: YearSideDto;
  @ApiProperty({ type: YearSideDto }) current: YearSideDto;
  @ApiProperty() totalDelta: number;
  @ApiProperty({ type: [PartDeltaDto] }) parts: PartDeltaDto[];
  @ApiProperty({ type: [ItemChangeDto] }) newlyMet: ItemChangeDto[];
  @ApiProperty({ type: [ItemChangeDto] }) regressed: ItemChangeDto[];
  @ApiProperty({ type: [ItemChangeDto] }) stillMissing: ItemChangeDto[];
  @ApiProperty({ type: CarriedOverDto }) carriedOver: CarriedOverDto;
  @ApiProperty({ type: PlanFulfilmentDto }) planFulfilment: PlanFulfilmentDto;
}

const toSide = (s: YearOverYear['current']): YearSideDto => ({ reportId: s.reportId, year: s.year, total: s.total, grade: s.grade, rubric: s.rubric });
const toChange = (c: ItemChange): ItemChangeDto => ({ itemId: c.itemId, title: c.title, outlineRef: c.outlineRef, from: c.from, to: c.to });
const toPartDelta = (p: PartDelta): PartDeltaDto => ({ part: p.part, label: p.label, previous: p.previous, current: p.current, max: p.max, delta: p.delta });

export function toYearOverYearDto(y: YearOverYear): YearOverYearDto {
  return {
    issuer: y.issuer,
    previous: toSide(y.previous),
    current: toSide(y.current),
    totalDelta: y.totalDelta,
    parts: y.parts.map(toPartDelta),
    newlyMet: y.newlyMet.map(toChange),
    regressed: y.regressed.map(toChange),
    stillMissing: y.stillMissing.map(toChange),
    carriedOver: { share: y.carriedOver.share, copiedChars: y.carriedOver.copiedChars, passages: y.carriedOver.passages.map((p) => ({ a: p.a, b: p.b, chars: p.chars })) },
    planFulfilment: toPlanFulfilmentDto(y.planFulfilment),
  };
}

/** How far last year's plan was carried out (batches/plan-fulfilment.ts), as results, cards and compare show it. */
import { ApiProperty } from '@nestjs/swagger';
import { EvidenceDto, toEvidenceDto } from '../../scoring/dto/score-card.dto';
import type { PlanFulfilment } from '../plan-fulfilment';

export class PlanDoneDto {
  @ApiProperty({ description: 'the plan item as last year worded it' }) item: string;
  @ApiProperty({ type: EvidenceDto, description: "where this year's report says it was done" }) evidence: EvidenceDto;
}

export class PlanFulfilmentDto {
  @ApiProperty({ type: Number, nullable: true }) previousYear: number | null;
  @ApiProperty({ description: "items in last year's plan" }) planned: number;
  @ApiProperty({ type: [PlanDoneDto] }) done: PlanDoneDto[];
  @ApiProperty({ type: [String], description: 'plan items this year does not mention' }) silent: string[];
  @ApiProperty({ description: 'done / planned, 0..1' }) share: number;
}

/** Plan fulfilment against a named earlier report (batch analysis, GET /reports/:id/assessment card). */
export class PlanFulfilmentAgainstDto extends PlanFulfilmentDto {
  @ApiProperty({ format: 'uuid', description: "last year's report" }) previousReportId: string;
}

export function toPlanFulfilmentDto(plan: PlanFulfilment): PlanFulfilmentDto {
  return {
    previousYear: plan.previousYear,
    planned: plan.planned,
    done: plan.done.map((d) => ({ item: d.item, evidence: toEvidenceDto(d.evidence) })),
    silent: [...plan.silent],
    share: plan.share,
  };
}

export const toPlanFulfilmentAgainstDto = (plan: PlanFulfilment & { previousReportId: string }): PlanFulfilmentAgainstDto => ({
  previousReportId: plan.previousReportId,
  ...toPlanFulfilmentDto(plan),
});

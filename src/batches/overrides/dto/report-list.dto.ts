/** The response of GET /reports: each report's metadata with what its latest assessment says now. */
import { ApiProperty } from '@nestjs/swagger';
import type { Report } from '../../../reports/report.entity';
import { ReportSummaryDto, toReportSummaryDto } from '../../../reports/dto/report.response.dto';
import { ASSESSMENT_STATUSES } from '../../../scoring/dto/assessment.dto';

/** The latest assessment as the list shows it: total and grade with reviewers' overrides and waivers applied. */
export class LatestAssessmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ASSESSMENT_STATUSES }) status: string;
  @ApiProperty({ description: 'ID@VERSION of the rubric it is scored with', example: 'outline-2021-2025@1.1.0' }) rubric: string;
  @ApiProperty({ example: 'county_government' }) profile: string;
  @ApiProperty({ type: Number, nullable: true, description: 'after overrides and waivers, as GET /reports/:id/assessment gives it' }) total: number | null;
  @ApiProperty({ type: String, nullable: true }) grade: string | null;
}

export class ReportListItemDto extends ReportSummaryDto {
  @ApiProperty({ type: LatestAssessmentDto, nullable: true, description: 'null before the report was ever queued for scoring' }) assessment: LatestAssessmentDto | null;
}

export class ReportListDto {
  @ApiProperty({ type: [ReportListItemDto] }) items: ReportListItemDto[];
  @ApiProperty({ description: 'reports visible to the caller' }) total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}

export const toReportListItem = (report: Report, assessment: LatestAssessmentDto | null): ReportListItemDto => ({ ...toReportSummaryDto(report), assessment });

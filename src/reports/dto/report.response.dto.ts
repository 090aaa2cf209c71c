/**
 * What the report routes answer: a report's metadata (never the stored bytes, nor full texts in a list), its
 * section outline and text, and the submission receipt. Mapped from the entity field by field.
 */
import { ApiProperty } from '@nestjs/swagger';
import type { Section } from '../../intake/intake.types';
import { ASSESSMENT_STATUSES } from '../../scoring/dto/assessment.dto';
import type { Report } from '../report.entity';

export class ReportSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty({ type: String, nullable: true }) issuer: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the profile key the detected level maps to' }) level: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'the year reported on' }) year: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) publishedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the profile asked for at submission' }) profile: string | null;
  @ApiProperty({ enum: ['txt', 'html', 'docx', 'doc', 'ofd', 'pdf', 'image'] }) format: string;
  @ApiProperty({ enum: ['simplified', 'traditional', 'mixed'] }) script: string;
  @ApiProperty({ description: 'characters of extracted text' }) chars: number;
  @ApiProperty({ type: String, nullable: true }) filename: string | null;
  @ApiProperty({ description: 'of the bytes as submitted' }) sha256: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) batchId: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class SectionOutlineDto {
  @ApiProperty({ example: '一、' }) marker: string;
  @ApiProperty() heading: string;
  @ApiProperty({ description: '1 = 一、, 2 = （一）, 3 = 1., 4 = 一是' }) level: number;
  @ApiProperty({ type: () => [SectionOutlineDto] }) children: SectionOutlineDto[];
}

export class ReportDetailDto extends ReportSummaryDto {
  @ApiProperty({ type: [SectionOutlineDto] }) sections: SectionOutlineDto[];
  @ApiProperty({ description: 'the extracted text, in the script the agency wrote' }) text: string;
}

export class AssessmentReceiptDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ASSESSMENT_STATUSES }) status: string;
}

/** POST /reports: 201 with the new report, 200 with the stored one when the same bytes come again. */
export class SubmittedReportDto extends ReportSummaryDto {
  @ApiProperty({ description: 'false when the same bytes were stored before' }) created: boolean;
  @ApiProperty({ type: AssessmentReceiptDto }) assessment: AssessmentReceiptDto;
}

const toSectionOutlineDto = (section: Section): SectionOutlineDto => ({
  marker: section.marker,
  heading: section.heading,
  level: section.level,
  children: section.children.map(toSectionOutlineDto),
});

export function toReportSummaryDto(report: Report): ReportSummaryDto {
  return {
    id: report.id,
    title: report.title,
    issuer: report.issuer,
    level: report.level,
    year: report.year,
    publishedAt: report.publishedAt,
    profile: report.profile,
    format: report.format,
    script: report.script,
    chars: report.chars,
    filename: report.filename,
    sha256: report.sha256,
    organisationId: report.organisationId,
    batchId: report.batchId,
    createdAt: report.createdAt,
  };
}

export const toReportDetailDto = (report: Report): ReportDetailDto => ({ ...toReportSummaryDto(report), sections: report.sections.map(toSectionOutlineDto), text: report.extractedText });

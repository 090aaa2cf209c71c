/**
 * What the report routes answer: a report's metadata (never the stored bytes, nor full texts in a list), its
 * section outline and text, and the submission receipt. Mapped from the entity field by field.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Section } from '../../intake/intake.types';
import { ASSESSMENT_STATUSES } from '../../scoring/dto/assessment.dto';
import type { Report, ReportOcr } from '../report.entity';

/** How a scan's text was recognised, or how far its queued recognition has got. */
export class ReportOcrDto {
  @ApiProperty({ enum: ['queued', 'running', 'done', 'failed'] }) status: string;
  @ApiProperty({ description: 'pages to recognise' }) pages: number;
  @ApiProperty({ description: 'pages recognised so far' }) recognisedPages: number;
  @ApiProperty({ type: Number, nullable: true, description: 'mean recognition confidence 0–1, once done' }) confidence: number | null;
  @ApiPropertyOptional({ description: 'why recognition failed' }) error?: string;
  @ApiProperty({ example: '文字识别 3/7 页', description: 'the state in words, to show as it is' }) label: string;
}

export class ReportSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty({ type: String, nullable: true }) issuer: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the profile named at submission, else the level of government detected (province, city, county, department, township); the rubric that scores the report chooses the profile from it' }) level: string | null;
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
  @ApiProperty({ type: ReportOcrDto, nullable: true, description: 'null for text documents; set for scans and photos' }) ocr: ReportOcrDto | null;
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
  @ApiProperty({ type: AssessmentReceiptDto, nullable: true, description: 'null while a scan is still being recognised (see ocr)' }) assessment: AssessmentReceiptDto | null;
}

const toSectionOutlineDto = (section: Section): SectionOutlineDto => ({
  marker: section.marker,
  heading: section.heading,
  level: section.level,
  children: section.children.map(toSectionOutlineDto),
});

export function toReportOcrDto(ocr: ReportOcr | null): ReportOcrDto | null {
  if (!ocr) return null;
  const label = {
    queued: `等待文字识别（共 ${ocr.pages} 页）`,
    running: `文字识别 ${ocr.recognisedPages}/${ocr.pages} 页`,
    done: `文字识别完成：${ocr.pages} 页，平均置信度 ${Math.round((ocr.confidence ?? 0) * 100)}%`,
    failed: `文字识别失败：${ocr.error ?? ''}`,
  }[ocr.status];
  return { status: ocr.status, pages: ocr.pages, recognisedPages: ocr.recognisedPages, confidence: ocr.confidence, ...(ocr.error ? { error: ocr.error } : {}), label };
}

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
    ocr: toReportOcrDto(report.ocr),
    createdAt: report.createdAt,
  };
}

export const toReportDetailDto = (report: Report): ReportDetailDto => ({ ...toReportSummaryDto(report), sections: report.sections.map(toSectionOutlineDto), text: report.extractedText });

/** The response of GET /reports/:id/copies: passages of one report found in the organisation's other reports. */
import { ApiProperty } from '@nestjs/swagger';
import type { Report } from '../../reports/report.entity';
import type { CopyPair } from '../copy-detection';

export class CopiedReportDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, nullable: true }) issuer: string | null;
  @ApiProperty({ type: Number, nullable: true }) year: number | null;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty({ type: String, nullable: true }) filename: string | null;
  @ApiProperty({ type: String, nullable: true }) batchId: string | null;
}

export class CopiedPassageDto {
  @ApiProperty({ description: "the passage as it reads in this report" }) a: string;
  @ApiProperty({ description: 'the passage as it reads in the other report' }) b: string;
  @ApiProperty({ description: 'length in Chinese characters (punctuation not counted)' }) chars: number;
}

export class ReportCopyMatchDto {
  @ApiProperty({ type: CopiedReportDto }) report: CopiedReportDto;
  @ApiProperty({ description: "share of this report's text found in the other, 0..1 (boilerplate excluded)" }) share: number;
  @ApiProperty({ description: "share of the other report's text found in this one, 0..1" }) otherShare: number;
  @ApiProperty({ description: 'characters of this report in copied passages' }) copiedChars: number;
  @ApiProperty({ type: [CopiedPassageDto], description: 'the longest passages, in the order they come in this report' }) passages: CopiedPassageDto[];
}

export class ReportCopiesDto {
  @ApiProperty() reportId: string;
  @ApiProperty({ description: "how many of the organisation's other reports it was compared with (the most recent first)" }) compared: number;
  @ApiProperty({ description: 'true when the organisation has more reports than were compared' }) limited: boolean;
  @ApiProperty({ type: [ReportCopyMatchDto], description: 'most copied first' }) matches: ReportCopyMatchDto[];
}

const copiedReport = (r: Report): CopiedReportDto => ({ id: r.id, issuer: r.issuer, year: r.year, title: r.title, filename: r.filename, batchId: r.batchId });

/** Pairs from copiesOf (this report always `a`) to the response; `others` names each `b`. */
export function toReportCopies(reportId: string, pairs: CopyPair[], others: Map<string, Report>, limited: boolean): ReportCopiesDto {
  return {
    reportId,
    compared: others.size,
    limited,
    matches: pairs.map((pair) => ({
      report: copiedReport(others.get(pair.b)!),
      share: pair.shareA,
      otherShare: pair.shareB,
      copiedChars: pair.copiedChars,
      passages: pair.passages.map((p) => ({ a: p.a, b: p.b, chars: p.chars })),
    })),
  };
}

import { BadRequestException } from '@nestjs/common';
import type { SubmitReportDto } from './dto/submit-report.dto';
import type { ReportInput, ReportOverrides } from './reports.service';

/** A multipart `file` or a JSON `text`, exactly one of them. */
export function reportInputFrom(file: Express.Multer.File | undefined, body: SubmitReportDto): ReportInput {
  if (file && body.text !== undefined) throw new BadRequestException('send either a file or text, not both');
  if (file) return { bytes: file.buffer, filename: file.originalname };
  if (body.text !== undefined) return { text: body.text };
  throw new BadRequestException('send the report as a multipart field `file` or as JSON {"text": "..."}');
}

export function overridesFrom(body: SubmitReportDto): ReportOverrides {
  const overrides: ReportOverrides = {};
  if (body.title) overrides.title = body.title;
  if (body.issuer) overrides.issuer = body.issuer;
  if (body.level) overrides.level = body.level;
  if (body.year) overrides.year = body.year;
  if (body.publishedAt) overrides.publishedAt = body.publishedAt.slice(0, 10);
  if (body.profile) overrides.profile = body.profile;
  return overrides;
}

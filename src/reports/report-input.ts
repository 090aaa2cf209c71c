import { BadRequestException } from '@nestjs/common';
import type { SubmitReportDto } from './dto/submit-report.dto';
import { megabytes, type AppConfig } from '../config/app-config';
import type { ReportMetadata } from '../intake/intake.types';
import type { IntakeRequest } from '../intake-pool/intake-pool';
import type { ProfileName } from '../rubric/rubric.types';

export interface ReportInput {
  bytes?: Buffer;
  filename?: string;
  text?: string;
}

export interface ReportOverrides extends Partial<Omit<ReportMetadata, 'script'>> {
  profile?: ProfileName;
}

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

/** What the intake pool is given for one upload. */
export function intakeRequest(input: ReportInput, overrides: ReportOverrides, config: Pick<AppConfig, 'maxUploadMb'>): IntakeRequest {
  const { profile: _profile, ...metadata } = overrides;
  const source = input.bytes ? { bytes: input.bytes, filename: input.filename } : { text: input.text ?? '' };
  return { input: source, maxBytes: megabytes(config.maxUploadMb), overrides: metadata };
}

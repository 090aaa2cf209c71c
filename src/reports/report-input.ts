import { BadRequestException } from '@nestjs/common';
import type { SubmitReportDto } from './dto/submit-report.dto';
import { megabytes, type AppConfig } from '../config/app-config';
import { levelOverride, type ReportMetadata } from '../intake/intake.types';
import type { IntakeRequest } from '../intake-pool/intake-pool';
import type { StoredBefore } from '../intake-pool/limit-error';
import type { ProfileName } from '../rubric/rubric.types';

export interface ReportInput {
  bytes?: Buffer;
  filename?: string;
  text?: string;
  /** already stored (a batch item's file, a stored report being recognised): a limit's message says so */
  stored?: StoredBefore;
}

export interface ReportOverrides extends Partial<Omit<ReportMetadata, 'script'>> {
  profile?: ProfileName;
}
import { errorBody } from '../common/error-codes';

/** A multipart `file` or a JSON `text`, exactly one of them. */
export function reportInputFrom(file: Express.Multer.File | undefined, body: SubmitReportDto): ReportInput {
  if (file && body.text !== undefined) throw new BadRequestException(errorBody('INVALID_REPORT_INPUT', '请只提交文件（file）或全文（text）其中之一'));
  if (file) return { bytes: file.buffer, filename: file.originalname };
  if (body.text !== undefined) return { text: body.text };
  throw new BadRequestException(errorBody('INVALID_REPORT_INPUT', '请以 multipart 字段 file 上传报告文件，或以 JSON {"text": "…"} 提交报告全文'));
}

export function overridesFrom(body: SubmitReportDto): ReportOverrides {
  const overrides: ReportOverrides = {};
  if (body.title) overrides.title = body.title;
  if (body.issuer) overrides.issuer = body.issuer;
  Object.assign(overrides, levelOverride(body.level));
  if (body.year) overrides.year = body.year;
  if (body.publishedAt) overrides.publishedAt = body.publishedAt.slice(0, 10);
  if (body.profile) overrides.profile = body.profile;
  return overrides;
}

/** What the intake pool is given for one upload. */
export function intakeRequest(input: ReportInput, overrides: ReportOverrides, config: Pick<AppConfig, 'maxUploadMb'>): IntakeRequest {
  const { profile: _profile, ...metadata } = overrides;
  const source = input.bytes ? { bytes: input.bytes, filename: input.filename } : { text: input.text ?? '' };
  return { input: source, maxBytes: megabytes(config.maxUploadMb), overrides: metadata, ...(input.stored ? { stored: input.stored } : {}) };
}

/**
 * The shapes the console reads and sends, every one from the client generated from the committed openapi.json
 * (client/schema.d.ts, `npm run openapi`): request bodies and response DTOs as the API documents them, so a
 * field the server renames or drops fails the console's type check. Nothing here is declared by hand.
 */
import type { components } from '../../../client';

type Schemas = components['schemas'];

export type CheckRequest = Schemas['CheckReportDto'];
export type ProfileName = NonNullable<CheckRequest['profile']>;
export type OverrideRequest = Schemas['CreateOverrideDto'];
export type ApiKeyRequest = Schemas['CreateApiKeyDto'];

/** POST /check (with includeText: the extracted text the evidence offsets point into) */
export type CheckedCard = Schemas['CheckResultDto'];
export type ScoreCard = Schemas['ScoreCardDto'];
export type ItemResult = Schemas['ItemResultDto'];
export type ItemStatus = ItemResult['status'];
export type Evidence = Schemas['EvidenceDto'];

/** GET /reports: each report with its latest assessment */
export type ReportList = Schemas['ReportListDto'];
export type ReportListItem = Schemas['ReportListItemDto'];
export type ReportDetail = Schemas['ReportDetailDto'];

/** GET /reports/:id/assessment: the stored card with overrides, waivers and plan fulfilment, or {status: none} */
export type AssessmentOrNone = Schemas['ReportAssessmentDto'] | Schemas['NoAssessmentDto'];
export type Assessment = Schemas['ReportAssessmentDto'];
export type AssessedCard = Schemas['AssessedCardDto'];
export type AdjustedItem = Schemas['AdjustedItemDto'];
/** GET /reports/:id/assessments */
export type AssessmentSummary = Schemas['AssessmentSummaryDto'];
/** GET /reports/:id/overrides: the audit trail */
export type OverrideRow = Schemas['OverrideDto'];

/** GET /reports/:id/compare */
export type YearOverYear = Schemas['YearOverYearDto'];
export type ItemChange = Schemas['ItemChangeDto'];
/** GET /reports/:id/copies */
export type ReportCopies = Schemas['ReportCopiesDto'];

export type BatchView = Schemas['BatchDto'];
export type BatchPage = Schemas['BatchPageDto'];
export type BatchResults = Schemas['BatchResultsDto'];

export type RubricSummary = Schemas['RubricDto'];
export type RubricListing = Schemas['RubricListEntryDto'];
export type ApiKeyRow = Schemas['ApiKeyDto'];
export type CreatedApiKey = Schemas['CreatedApiKeyDto'];

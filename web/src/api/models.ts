/**
 * Response shapes the console reads. Request shapes come from the generated client (client/schema.d.ts, from
 * openapi.json); the score card and the batch results are the server's own types (pure type modules, imported
 * type-only so nothing of the server reaches the bundle). The few listed here by hand are responses openapi.json
 * does not describe yet; each becomes `components['schemas'][…]` when its route gets a response DTO.
 */
import type { ItemStatus, ScoreCard } from '../../../src/scoring/engine/score-card.types';
import type { components } from '../../../client';

export type { Evidence, Gap, ItemResult, ItemStatus, PartScore, ScoreCard } from '../../../src/scoring/engine/score-card.types';

export type CheckRequest = components['schemas']['CheckReportDto'];
export type ProfileName = NonNullable<CheckRequest['profile']>;
export type OverrideRequest = components['schemas']['CreateOverrideDto'];
export type ApiKeyRequest = components['schemas']['CreateApiKeyDto'];

type Schemas = components['schemas'];
/** GET /reports/:id/compare */
export type YearOverYear = Schemas['YearOverYearDto'];
export type ItemChange = YearOverYear['newlyMet'][number];
/** GET /reports/:id/copies */
export type ReportCopies = Schemas['ReportCopiesDto'];
/** GET /reports: each report with its latest assessment */
export type ReportList = Schemas['ReportListDto'];
export type ReportListItem = Schemas['ReportListItemDto'];

/** POST /check with includeText: the card plus the extracted text its evidence offsets point into. */
export type CheckedCard = ScoreCard & { text?: string; warnings?: string[] };

export interface ReportSummary {
  id: string;
  title: string | null;
  issuer: string | null;
  level: ProfileName | null;
  year: number | null;
  profile: string | null;
  format: string;
  chars: number;
  filename: string | null;
  organisationId: string;
  batchId: string | null;
  createdAt: string;
}
export interface ReportDetail extends ReportSummary {
  text: string;
}
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}

type ItemAdjustment = import('../../../src/batches/overrides/apply-overrides').ItemAdjustment;
type AdjustedItem = import('../../../src/batches/overrides/apply-overrides').AdjustedItem;
type PlanFulfilmentResult = import('../../../src/batches/plan-fulfilment').PlanFulfilment;

/** The stored card as GET /reports/:id/assessment gives it: overrides and waivers applied, plan fulfilment added. */
export type AssessedCard = Omit<ScoreCard, 'items'> & {
  items: AdjustedItem[];
  adjustments?: ItemAdjustment[];
  totalWithoutOverrides?: number;
  gradeWithoutOverrides?: string;
  planFulfilment?: PlanFulfilmentResult & { previousReportId: string };
  warnings?: string[];
};
export interface Assessment {
  id: string;
  status: string;
  rubric: string;
  profile: string;
  total: number | null;
  grade: string | null;
  totalWithoutOverrides?: number;
  card?: AssessedCard;
  error?: string;
  createdAt: string;
  finishedAt: string | null;
}

/** GET /reports/:id/overrides: the audit trail. */
export interface OverrideRow {
  id: string;
  itemId: string;
  status: ItemStatus;
  reason: string;
  actor: string;
  rubric: string;
  before: { status: ItemStatus; score: number; total: number };
  after: { status: ItemStatus; score: number; total: number };
  createdAt: string;
  needsReview: boolean;
}

export interface BatchView {
  id: string;
  name?: string | null;
  status: string;
  total: number;
  done: number;
  failed: number;
  startedAt?: string | null;
  finishedAt?: string | null;
  eta?: string | number | null;
}


type Ranking = ReturnType<typeof import('../../../src/batches/batch-report').ranking>;
type GapFrequency = ReturnType<typeof import('../../../src/batches/batch-report').gapFrequency>;
type Distribution = ReturnType<typeof import('../../../src/batches/batch-report').distribution>;
type CopyPair = import('../../../src/batches/copy-detection').CopyPair;
type FailedEntry = import('../../../src/batches/batch-report').FailedEntry;
type PlanResult = import('../../../src/batches/plan-fulfilment').PlanFulfilment;
interface CopyEnd {
  reportId: string;
  file: string | null;
  issuer: string | null;
  year: number | null;
}

/** GET /batches/:id/results (dates and the Map-free parts as JSON gives them). */
export interface BatchResults extends Omit<BatchView, 'failed'> {
  ranking: Ranking;
  gapFrequency: GapFrequency;
  distribution: Distribution;
  failed: FailedEntry[];
  copies: (Omit<CopyPair, 'a' | 'b'> & { a: CopyEnd; b: CopyEnd; earlier: boolean })[];
  planFulfilment: (PlanResult & { reportId: string; file: string })[];
  analysisError?: string;
}

export type RubricSummary = ReturnType<typeof import('../../../src/rubric/rubric-summary').summariseRubric>;
export interface RubricListing {
  id: string;
  version: string;
  title: string;
  itemCount: number;
}
export interface ApiKeyRow {
  id: string;
  name: string | null;
  role: string;
  org: string | null;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
export interface CreatedApiKey {
  id: string;
  key: string;
  role: string;
  org: string | null;
  name: string | null;
}

/**
 * What the batch routes answer: progress (GET /batches/:id and the list) and results (ranking, gap frequency,
 * distribution, failed files, copy pairs, plan fulfilment). Mapped field by field from the entity and from
 * what BatchesService computes, so nothing reaches a client that is not described here.
 */
import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { GAP_SEVERITIES, ITEM_STATUSES, PartScoreDto, toPartScoreDto } from '../../scoring/dto/score-card.dto';
import type { Batch, BatchItem } from '../batch.entity';
import type { BatchResults } from '../batches.service';
import { PlanFulfilmentAgainstDto, toPlanFulfilmentAgainstDto } from './plan-fulfilment.dto';

export class BatchCreatedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
}

export class BatchDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['queued', 'running', 'done'] }) status: string;
  @ApiProperty({ description: 'files in the batch' }) total: number;
  @ApiProperty() done: number;
  @ApiProperty() failed: number;
  @ApiProperty({ example: 'outline-2021-2025@1.1.0' }) rubric: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'estimated end while running' }) eta: string | null;
}

/** A scanned file of the batch whose pages are being recognised. */
export class RecognisingFileDto {
  @ApiProperty({ description: 'the file name, with its folder inside a zip' }) file: string;
  @ApiProperty() pages: number;
  @ApiProperty() recognisedPages: number;
  @ApiProperty({ example: '文字识别 3/7 页' }) label: string;
}

/** GET /batches/:id: the counters, and the scans being recognised now. */
export class BatchProgressDto extends BatchDto {
  @ApiProperty({ type: [RecognisingFileDto] }) recognising: RecognisingFileDto[];
}

export class BatchPageDto {
  @ApiProperty({ type: [BatchDto] }) items: BatchDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}

export class TopGapDto {
  @ApiProperty() itemId: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: GAP_SEVERITIES }) severity: string;
  @ApiProperty() message: string;
}

export class DuplicateFlagDto {
  @ApiProperty({ description: 'the other report, by file name' }) file: string;
  @ApiProperty({ type: String, nullable: true }) reportId: string | null;
  @ApiProperty({ description: 'share of this report found in the other, 0..1' }) share: number;
  @ApiProperty({ description: 'the other is an earlier stored report of the same issuer' }) earlier: boolean;
}

export class PlanFulfilmentCountsDto {
  @ApiProperty({ type: Number, nullable: true }) previousYear: number | null;
  @ApiProperty() planned: number;
  @ApiProperty() done: number;
  @ApiProperty() silent: number;
  @ApiProperty() share: number;
}

export class RankingRowDto {
  @ApiProperty({ description: 'equal totals share a rank' }) rank: number;
  @ApiProperty() file: string;
  @ApiProperty({ type: String, nullable: true }) reportId: string | null;
  @ApiProperty({ type: String, nullable: true }) issuer: string | null;
  @ApiProperty({ type: String, nullable: true }) level: string | null;
  @ApiProperty({ type: Number, nullable: true }) year: number | null;
  @ApiProperty() profile: string;
  @ApiProperty({ description: "with reviewers' overrides and waivers" }) total: number;
  @ApiProperty({ description: "the engine's own total" }) totalWithoutOverrides: number;
  @ApiProperty() grade: string;
  @ApiProperty({ type: [PartScoreDto] }) parts: PartScoreDto[];
  @ApiProperty() gapCount: number;
  @ApiProperty({ type: [TopGapDto] }) topGaps: TopGapDto[];
  @ApiProperty({ type: [DuplicateFlagDto] }) duplicates: DuplicateFlagDto[];
  @ApiProperty({ type: PlanFulfilmentCountsDto, nullable: true }) planFulfilment: PlanFulfilmentCountsDto | null;
}

export class GapFrequencyDto {
  @ApiProperty() itemId: string;
  @ApiProperty() title: string;
  @ApiProperty() outlineRef: string;
  @ApiProperty() missing: number;
  @ApiProperty() partial: number;
  @ApiProperty({ description: 'reports the item applies to' }) applicable: number;
  @ApiProperty({ description: 'missing + partial' }) count: number;
  @ApiProperty({ description: 'count / applicable, 0..1' }) share: number;
}

export class GradeCountDto {
  @ApiProperty() grade: string;
  @ApiProperty() min: number;
  @ApiProperty() count: number;
}

export class TotalBucketDto {
  @ApiProperty() from: number;
  @ApiProperty() to: number;
  @ApiProperty() count: number;
}

export class DistributionDto {
  @ApiProperty() count: number;
  @ApiProperty({ type: Number, nullable: true }) mean: number | null;
  @ApiProperty({ type: Number, nullable: true }) median: number | null;
  @ApiProperty({ type: Number, nullable: true }) min: number | null;
  @ApiProperty({ type: Number, nullable: true }) max: number | null;
  @ApiProperty({ type: [GradeCountDto] }) byGrade: GradeCountDto[];
  @ApiProperty({ type: [TotalBucketDto], description: 'ten buckets of ten points' }) buckets: TotalBucketDto[];
}

export class FailedFileDto {
  @ApiProperty() file: string;
  @ApiProperty({ description: 'why it could not be scored' }) error: string;
}

export class CopyPassageDto {
  @ApiProperty({ description: 'the passage as it reads in the first report' }) a: string;
  @ApiProperty({ description: 'the passage as it reads in the second report' }) b: string;
  @ApiProperty({ description: 'Chinese characters, punctuation not counted' }) chars: number;
}

export class CopyPartyDto {
  @ApiProperty({ format: 'uuid' }) reportId: string;
  @ApiProperty({ type: String, nullable: true }) file: string | null;
  @ApiProperty({ type: String, nullable: true }) issuer: string | null;
  @ApiProperty({ type: Number, nullable: true }) year: number | null;
}

export class CopyPairDto {
  @ApiProperty({ type: CopyPartyDto }) a: CopyPartyDto;
  @ApiProperty({ type: CopyPartyDto }) b: CopyPartyDto;
  @ApiProperty({ description: "share of a's text found in b, 0..1" }) shareA: number;
  @ApiProperty({ description: "share of b's text found in a, 0..1" }) shareB: number;
  @ApiProperty() copiedChars: number;
  @ApiProperty({ type: [CopyPassageDto] }) passages: CopyPassageDto[];
  @ApiProperty({ description: 'b is an earlier stored report of the same issuer, not in the batch' }) earlier: boolean;
}

export class BatchPlanFulfilmentDto extends PlanFulfilmentAgainstDto {
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) reportId: string | null;
  @ApiProperty() file: string;
}

/** Progress without the failed count: `failed` here lists the failed files. */
export class BatchResultsDto extends OmitType(BatchDto, ['failed'] as const) {
  @ApiProperty({ type: [RankingRowDto] }) ranking: RankingRowDto[];
  @ApiProperty({ type: [GapFrequencyDto], description: 'most frequent first' }) gapFrequency: GapFrequencyDto[];
  @ApiProperty({ type: DistributionDto }) distribution: DistributionDto;
  @ApiProperty({ type: [FailedFileDto] }) failed: FailedFileDto[];
  @ApiProperty({ type: [CopyPairDto] }) copies: CopyPairDto[];
  @ApiProperty({ type: [BatchPlanFulfilmentDto] }) planFulfilment: BatchPlanFulfilmentDto[];
  @ApiPropertyOptional({ description: 'copy detection or plan fulfilment could not be computed' }) analysisError?: string;
}

export function toBatchDto(batch: Batch, now = Date.now()): BatchDto {
  const ended = batch.done + batch.failed;
  let eta: string | null = null;
  if (batch.status !== 'done' && batch.startedAt && ended > 0) {
    const elapsed = now - new Date(batch.startedAt).getTime();
    eta = new Date(now + (elapsed / ended) * (batch.total - ended)).toISOString();
  }
  return {
    id: batch.id,
    name: batch.name,
    status: batch.status,
    total: batch.total,
    done: batch.done,
    failed: batch.failed,
    rubric: `${batch.rubricId}@${batch.rubricVersion}`,
    createdAt: batch.createdAt,
    startedAt: batch.startedAt,
    finishedAt: batch.finishedAt,
    eta,
  };
}

export function toBatchProgressDto(batch: Batch, recognising: Array<Pick<BatchItem, 'filename' | 'ocrProgress'>>): BatchProgressDto {
  return {
    ...toBatchDto(batch),
    recognising: recognising.flatMap(({ filename, ocrProgress }) =>
      ocrProgress ? [{ file: filename, pages: ocrProgress.pages, recognisedPages: ocrProgress.recognisedPages, label: `文字识别 ${ocrProgress.recognisedPages}/${ocrProgress.pages} 页` }] : [],
    ),
  };
}

const toRankingRowDto = (r: BatchResults['ranking'][number]): RankingRowDto => ({
  rank: r.rank,
  file: r.file,
  reportId: r.reportId,
  issuer: r.issuer,
  level: r.level,
  year: r.year,
  profile: r.profile,
  total: r.total,
  totalWithoutOverrides: r.totalWithoutOverrides,
  grade: r.grade,
  parts: r.parts.map(toPartScoreDto),
  gapCount: r.gapCount,
  topGaps: r.topGaps.map((g) => ({ itemId: g.itemId, title: g.title, severity: g.severity, message: g.message })),
  duplicates: r.duplicates.map((d) => ({ file: d.file, reportId: d.reportId, share: d.share, earlier: d.earlier })),
  planFulfilment: r.planFulfilment && { previousYear: r.planFulfilment.previousYear, planned: r.planFulfilment.planned, done: r.planFulfilment.done, silent: r.planFulfilment.silent, share: r.planFulfilment.share },
});

const toCopyPartyDto = (p: CopyPartyDto): CopyPartyDto => ({ reportId: p.reportId, file: p.file, issuer: p.issuer, year: p.year });

export function toBatchResultsDto(results: BatchResults): BatchResultsDto {
  const d = results.distribution;
  const { failed: _failedCount, ...progress } = toBatchDto(results.batch);
  return {
    ...progress,
    ranking: results.ranking.map(toRankingRowDto),
    gapFrequency: results.gapFrequency.map((g) => ({ itemId: g.itemId, title: g.title, outlineRef: g.outlineRef, missing: g.missing, partial: g.partial, applicable: g.applicable, count: g.count, share: g.share })),
    distribution: { count: d.count, mean: d.mean, median: d.median, min: d.min, max: d.max, byGrade: d.byGrade.map((g) => ({ grade: g.grade, min: g.min, count: g.count })), buckets: d.buckets.map((b) => ({ from: b.from, to: b.to, count: b.count })) },
    failed: results.failed.map((f) => ({ file: f.file, error: f.error })),
    copies: results.copies.map((c) => ({
      a: toCopyPartyDto(c.a),
      b: toCopyPartyDto(c.b),
      shareA: c.shareA,
      shareB: c.shareB,
      copiedChars: c.copiedChars,
      passages: c.passages.map((p) => ({ a: p.a, b: p.b, chars: p.chars })),
      earlier: c.earlier,
    })),
    planFulfilment: results.planFulfilment.map((p) => ({ reportId: p.reportId, file: p.file, ...toPlanFulfilmentAgainstDto(p) })),
    ...(results.analysisError ? { analysisError: results.analysisError } : {}),
  };
}

/**
 * One row of GET /batches/:id/export?format=json (the xlsx and csv files have the same columns). The report
 * elements are fields named by their item ids: E1–E5 under the 2021—2025 rubric, another rubric's own ids under
 * its rules (batch-report.ts exportColumns).
 */
export class ExportRowDto {
  @ApiProperty() rank: number;
  @ApiProperty() file: string;
  @ApiProperty({ type: String, nullable: true }) issuer: string | null;
  @ApiProperty({ type: String, nullable: true }) level: string | null;
  @ApiProperty({ type: Number, nullable: true }) year: number | null;
  @ApiProperty() total: number;
  @ApiProperty() grade: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'score by part id (report, 1, 2, …)' }) parts: Record<string, number>;
  @ApiProperty({ enum: ITEM_STATUSES, nullable: true }) E1: string | null;
  @ApiProperty({ enum: ITEM_STATUSES, nullable: true }) E2: string | null;
  @ApiProperty({ enum: ITEM_STATUSES, nullable: true }) E3: string | null;
  @ApiProperty({ enum: ITEM_STATUSES, nullable: true }) E4: string | null;
  @ApiProperty({ enum: ITEM_STATUSES, nullable: true }) E5: string | null;
  @ApiProperty() gapCount: number;
  @ApiProperty({ type: [String], description: '`ID title` of the first gaps' }) topGaps: string[];
  @ApiProperty({ type: [String], description: '`file share%` of suspected copies' }) duplicates: string[];
}

/**
 * `scorecard batch PATH... --out FILE.(xlsx|csv|json)`: a season of reports scored from the command line.
 * In-process by default (no Redis, no database): intake and scoring per file, then copy detection and plan
 * fulfilment across the files. With `--queue` the files go through the BullMQ flow and its workers, exactly as
 * POST /batches does, and the batch's results are written the same way.
 */
import { SingleBar } from 'cli-progress';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliUsageError, EXIT_OK, oneLine } from '../cli-error';
import { megabytes, type AppConfig } from '../../config/app-config';
import { prepareText } from '../../intake/prepare-report';
import type { RubricRegistry } from '../../rubric/rubric-loader';
import type { RubricDefinition } from '../../rubric/rubric.types';
import { checkProfileOption } from '../check.command';
import type { ScoreCard } from '../../scoring/engine/score-card.types';
import type { ExportFormat } from '../../batches/batch-export';
import type { BatchEntry, FailedEntry } from '../../batches/batch-report';
import { detectCopiesWith, type CopyPair, type CopyShingles, type PairMeasure } from '../../batches/copy-detection';
import { planFulfilment, type PlanFulfilment } from '../../batches/plan-fulfilment';
import { writeOutput } from './batch-output';
import { collectSources, type BatchSource } from './batch-sources';
import { ScorePool, type CardHead, type RubricChoice, type ScoredOutcome } from './score-pool';

export interface BatchCliOptions {
  out?: string;
  queue?: boolean;
  concurrency?: string;
  profile?: string;
  rubric?: string;
  name?: string;
}

export interface BatchIo {
  out: (text: string) => void;
  err: (text: string) => void;
  tty: boolean;
}

export interface ScoredFile {
  file: string;
  /** read from cardJson on first use when the scoring thread sent only that (a JSON batch never reads it) */
  card: ScoreCard;
  head: CardHead;
  original: string;
  normalised: string;
  /** copy-detection shingles from the scoring thread; dropped once copy detection has them */
  shingles?: CopyShingles;
  /** the card serialised for a JSON output file on its scoring thread, in UTF-8 (card-json) */
  cardJson?: Uint8Array;
}

export function parseOptions(options: BatchCliOptions): { format: ExportFormat; out: string; concurrency: number } {
  if (!options.out) throw new CliUsageError('batch: --out FILE.xlsx|csv|json is required');
  const ext = path.extname(options.out).slice(1).toLowerCase();
  if (ext !== 'xlsx' && ext !== 'csv' && ext !== 'json') throw new CliUsageError(`--out must end in .xlsx, .csv or .json, got "${options.out}"`);
  const concurrency = options.concurrency === undefined ? Math.min(64, os.availableParallelism()) : Number(options.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new CliUsageError('--concurrency must be a whole number from 1 to 64');
  return { format: ext, out: options.out, concurrency };
}

/** Progress: a bar on a terminal, one plain line per file otherwise (logs, CI). */
function progress(io: BatchIo, total: number) {
  if (io.tty) {
    const bar = new SingleBar({ format: 'scoring [{bar}] {value}/{total} {percentage}% | eta {eta_formatted} | {file}', stream: process.stderr, hideCursor: true }, undefined);
    bar.start(total, 0, { file: '' });
    return { tick: (n: number, file: string) => bar.update(n, { file: path.basename(file) }), stop: () => bar.stop() };
  }
  return { tick: (n: number, file: string, note = '') => io.err(`[${n}/${total}] ${file}${note ? ` ${note}` : ''}`), stop: () => undefined };
}

/** The scoring threads of a batch: `concurrency` of them, none (this thread) when that or the batch is one. */
function scorePool(sources: BatchSource[], rubrics: RubricChoice, options: { profile?: string; maxUploadMb: number; concurrency: number; ocr?: AppConfig['ocr']; cardJson?: boolean }): ScorePool {
  const threads = Math.min(options.concurrency, sources.length);
  return new ScorePool({ ...rubrics, profile: options.profile, maxBytes: megabytes(options.maxUploadMb), ocr: options.ocr, cardJson: options.cardJson }, threads > 1 ? threads : 0);
}

/** Intake + score per file on the pool's threads. Results keep the order of the sources; failures are collected, never fatal. */
export async function scoreSources(pool: ScorePool, sources: BatchSource[], io: BatchIo): Promise<{ scored: ScoredFile[]; failed: FailedEntry[] }> {
  const results: Array<ScoredFile | FailedEntry> = new Array(sources.length);
  const bar = progress(io, sources.length);
  let next = 0;
  let finished = 0;
  // enough files in flight to keep every thread's queue full (ScorePool sends a few ahead to each)
  const inFlight = pool.threads ? pool.threads * 4 : 1;
  const work = async () => {
    for (let i = next++; i < sources.length; i = next++) {
      const source = sources[i];
      const outcome = await pool.score(source);
      finished++;
      if (!('error' in outcome)) {
        results[i] = scoredFile(source.file, outcome);
        if (io.tty) bar.tick(finished, source.file);
        else bar.tick(finished, source.file, `${outcome.head.total} ${outcome.head.grade}`);
      } else {
        results[i] = { file: source.file, error: outcome.error };
        if (io.tty) bar.tick(finished, source.file);
        else bar.tick(finished, source.file, 'failed');
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(inFlight, sources.length) }, work));
  } finally {
    bar.stop();
  }
  const scored = results.filter((r): r is ScoredFile => !('error' in r));
  const failed = results.filter((r): r is FailedEntry => 'error' in r);
  for (const f of failed) io.err(`${f.file}: ${f.error}`);
  return { scored, failed };
}

/** A scored file; its card parsed from its JSON element only if something asks for it. */
function scoredFile(file: string, outcome: ScoredOutcome): ScoredFile {
  if ('card' in outcome) return { file, ...outcome };
  const { cardJson, head, original, normalised, shingles } = outcome;
  let card: ScoreCard | undefined;
  return {
    file,
    head,
    original,
    normalised,
    shingles,
    cardJson,
    get card() {
      if (!card) {
        const { file: _file, ...parsed } = JSON.parse(Buffer.from(cardJson.buffer, cardJson.byteOffset, cardJson.byteLength).toString('utf8')) as ScoreCard & { file: string };
        card = parsed;
      }
      return card;
    },
  };
}

/** The rubric a card was scored with, among the candidates (for the section roles its report is read with). */
function rubricOfCard(card: CardHead, rubrics: RubricChoice): RubricDefinition {
  return rubrics.candidates.find((r) => r.id === card.rubric.id && r.version === card.rubric.version) ?? rubrics.candidates[0];
}

/**
 * Copy pairs among the files (their candidate pairs measured by `measure`: the scoring threads), and each report's
 * fulfilment of its issuer's plan of the year before.
 */
export async function analyseScored(scored: ScoredFile[], rubrics: RubricChoice, measure: PairMeasure): Promise<{ copies: CopyPair[]; plans: Map<string, PlanFulfilment & { previousFile: string }> }> {
  const docs = scored.map((s) => ({ id: s.file, text: s.normalised, original: s.original, issuer: s.head.report.issuer, shingles: s.shingles }));
  // copy detection lets go of each document's shingles once it has weighed them: so must this
  for (const s of scored) s.shingles = undefined;
  const copies = await detectCopiesWith(measure, docs);
  const plans = new Map<string, PlanFulfilment & { previousFile: string }>();
  const byIssuerYear = new Map(scored.filter((s) => s.head.report.issuer && s.head.report.year).map((s) => [`${s.head.report.issuer}|${s.head.report.year}`, s]));
  for (const s of scored) {
    const { issuer, year } = s.head.report;
    const previous = issuer && year ? byIssuerYear.get(`${issuer}|${year - 1}`) : undefined;
    if (!previous) continue;
    const meta = (c: CardHead) => ({ issuer: c.report.issuer ?? undefined, year: c.report.year ?? undefined });
    const fulfilment = planFulfilment(
      prepareText(previous.original, meta(previous.head)),
      prepareText(s.original, meta(s.head)),
      rubricOfCard(s.head, rubrics),
      rubricOfCard(previous.head, rubrics),
    );
    plans.set(s.file, { previousFile: previous.file, ...fulfilment });
  }
  return { copies, plans };
}

export async function runBatch(paths: string[], options: BatchCliOptions, registry: RubricRegistry, config: AppConfig, io: BatchIo): Promise<number> {
  const { format, out, concurrency } = parseOptions(options);
  checkProfileOption(registry, options);
  // --rubric scores every file with that rubric; without it each file's year chooses (RubricRegistry.select)
  let rubrics: RubricChoice;
  try {
    rubrics = options.rubric ? { candidates: [registry.resolve(options.rubric)], fixed: true } : { candidates: registry.latestVersions(), fixed: false };
  } catch (error) {
    throw new CliUsageError(oneLine(error));
  }
  const sources = await collectSources(paths, config.maxUploadMb);
  if (options.queue) {
    const { runQueuedBatch } = await import('./queued-batch');
    // --rubric as resolved here (id@version), so the queued batch scores with exactly the one the inline path would
    const fixed = rubrics.fixed ? `${rubrics.candidates[0].id}@${rubrics.candidates[0].version}` : undefined;
    return runQueuedBatch(sources, { format, out, name: options.name, rubric: fixed, profile: options.profile }, config, io);
  }
  const started = Date.now();
  const scoring = { profile: options.profile, maxUploadMb: config.maxUploadMb, concurrency, ocr: config.ocr, cardJson: format === 'json' };
  const pool = scorePool(sources, rubrics, scoring);
  let scored: ScoredFile[], failed: FailedEntry[], copies: CopyPair[], plans: Awaited<ReturnType<typeof analyseScored>>['plans'];
  try {
    ({ scored, failed } = await scoreSources(pool, sources, io));
    ({ copies, plans } = await analyseScored(scored, rubrics, pool.measurePairs));
  } finally {
    await pool.close();
  }
  // the card through a getter: a JSON batch's cards are written from their JSON elements and never parsed
  const entries: BatchEntry[] = scored.map((s) => ({
    key: s.file,
    file: s.file,
    reportId: null,
    get card() {
      return s.card;
    },
    planFulfilment: plans.get(s.file) ?? null,
  }));
  const cardJson = new Map(scored.map((s) => [s.file, s.cardJson]));
  await writeOutput(format, out, entries, failed, copies, (e) => cardJson.get(e.key));
  const seconds = (Date.now() - started) / 1000;
  io.err(`${scored.length} scored, ${failed.length} failed, ${copies.length} copy pairs in ${seconds.toFixed(1)} s (${(sources.length / Math.max(seconds, 0.001)).toFixed(1)} files/s) → ${out}`);
  return EXIT_OK;
}

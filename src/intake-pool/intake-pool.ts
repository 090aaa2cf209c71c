/**
 * Intake and scoring of uploads on worker threads, so that one crafted file cannot stall the API's event loop
 * (a 1.1 MB page nested 100,000 deep once froze every user for a minute). One pool per process, shared by
 * POST /check, POST /reports and batch items; each file gets a time limit and a memory limit, and a thread
 * that passes either is replaced. Scans come back from the thread to be recognised here: OCR already runs in
 * child processes, under its own per-page limits, and a 20 s limit per file would cut it short.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import Piscina from 'piscina';
import { IntakeError, type ReportMetadata } from '../intake/intake.types';
import { recogniseScan, type IntakeInput, type IntakeResult, type RecognisedScan } from '../intake/prepare-report';
import type { OcrLimits, OcrProgress } from '../intake/ocr';
import { RubricRegistry } from '../rubric/rubric-loader';
import type { RubricDefinition } from '../rubric/rubric.types';
import type { ScoreCard } from '../scoring/engine/score-card.types';
import { limitError, type StoredBefore } from './limit-error';
import { runIntakeTask, runStoredScoringTask, type IntakeOutcome, type IntakeTask, type StoredCard, type StoredIntake, type StoredScoring, type StoredScoringTask } from './intake-task';

/**
 * Each thread's young generation, in MB. V8's default lets it grow to 16–32 MB per thread, which a file's short-lived
 * strings fill and leave resident: 8 MB kept a process with 2 threads about 40 MB smaller over 400 corpus files
 * (228 → 186 MB RSS, measured with IntakePool.check from a script) for the same CPU time within noise.
 */
const YOUNG_GENERATION_MB = 8;

/** The profile a check asked for is not declared by the rubric that the report's year chose. */
export class ProfileNotDeclaredError extends Error {
  constructor(readonly rubric: RubricDefinition) {
    super(`profile not declared by ${rubric.id}@${rubric.version}`);
  }
}

export interface IntakePoolLimits {
  /** INTAKE_TIMEOUT_SECONDS, in ms: one file's intake and scoring on its thread */
  timeoutMs: number;
  /** INTAKE_MAX_MEMORY_MB: the heap of one thread, which works on one file at a time */
  maxMemoryMb: number;
  /** INTAKE_THREADS: files worked on at once */
  threads: number;
  /** OCR limits for scans (AppConfig.ocr; default DEFAULT_OCR_LIMITS) */
  ocr?: OcrLimits;
}

export interface IntakeRequest {
  input: IntakeInput;
  maxBytes: number;
  overrides?: Partial<ReportMetadata>;
  /** what is stored already, for the message of a file over a limit (default: nothing) */
  stored?: StoredBefore;
}

/** The compiled thread script beside this module, or dist/'s when this runs from TypeScript (under ts-jest). */
function workerScript(): string | undefined {
  const candidates = [path.join(__dirname, 'intake-worker.js')];
  if (__filename.endsWith('.ts')) candidates.push(path.resolve(__dirname, '..', '..', 'dist', 'intake-pool', 'intake-worker.js'));
  return candidates.find((f) => fs.existsSync(f));
}

export class IntakePool {
  private pool?: Piscina;
  private running = 0;
  private closed = false;
  private readonly waiting: Array<() => void> = [];
  private readonly script = workerScript();
  private readonly local: RubricRegistry;

  constructor(
    private readonly limits: IntakePoolLimits,
    private readonly rubrics: RubricDefinition[],
  ) {
    this.local = rubrics.reduce((registry, definition) => registry.add(definition), new RubricRegistry());
  }

  /** Starts the threads ahead of the first upload (they load intake, the engine and the rubrics once). */
  warm(): void {
    this.threads();
  }

  /** Intake of one upload: what ReportsService stores. `onOcrPage` hears each recognised page of a scan. */
  async intake(request: IntakeRequest, onOcrPage?: OcrProgress): Promise<StoredIntake> {
    return (await this.stored(request, undefined, onOcrPage)).intake;
  }

  /** Intake of a file that is not a scan; a scan comes back unread, for a queued job to recognise (POST /reports). */
  async intakeOrScan(request: IntakeRequest): Promise<{ intake: StoredIntake } | { scan: { format: 'image' | 'pdf'; pages?: number } }> {
    const task: IntakeTask = { ...request, forStorage: true };
    const outcome = await this.runLimited<IntakeOutcome>(task, () => runIntakeTask(task, this.local), request.stored ?? 'nothing');
    if (outcome.kind === 'ocr') return { scan: { format: outcome.format, pages: outcome.pages } };
    if (outcome.kind === 'refused') throw new IntakeError(outcome.status, outcome.message, outcome.code);
    if (outcome.kind !== 'stored') throw new Error(`intake thread answered ${outcome.kind} to an unscored intake`);
    return { intake: outcome.intake };
  }

  /**
   * Intake and scoring of one upload (POST /check): the card is the one scoreReport gives in-process, with the
   * rubric named (`rubricRef`) or else the one the report's year chooses. A profile that rubric does not declare
   * throws ProfileNotDeclaredError naming the rubric.
   */
  async check(request: IntakeRequest, rubricRef: string | undefined, profile?: string, onOcrPage?: OcrProgress): Promise<{ intake: IntakeResult; card: ScoreCard }> {
    const done = await this.process(request, { rubricRef, profile }, onOcrPage, false);
    if (done.kind !== 'done') throw new Error(`intake thread answered ${done.kind} to a check`);
    return { intake: done.intake, card: done.card! };
  }

  /**
   * A batch item's intake and scoring in one pass, as `check`, with what its rows store: the intake as stored
   * (StoredIntake), the card as stored (StoredCard) and the report's plan digest as JSON.
   */
  async checkForStorage(request: IntakeRequest, rubricRef: string | undefined, profile?: string, onOcrPage?: OcrProgress): Promise<{ intake: StoredIntake; card: StoredCard; planDigestJson: string }> {
    const done = await this.stored(request, { rubricRef, profile }, onOcrPage);
    return { intake: done.intake, card: done.card!, planDigestJson: done.planDigestJson! };
  }

  /**
   * Scoring of a stored report's text (assessment jobs) and its plan digest, under the same limits as an upload;
   * `ocr`: a recognised scan's note, which the card carries.
   */
  scoreStored(original: string, metadata: Partial<ReportMetadata>, rubric: RubricDefinition, profile: string, note?: string, ocr?: StoredScoringTask['ocr']): Promise<StoredScoring> {
    const task: StoredScoringTask = { original, metadata, rubricId: rubric.id, rubricVersion: rubric.version, profile, note, ...(ocr ? { ocr } : {}) };
    return this.runLimited(task, () => runStoredScoringTask(task, this.local), 'report');
  }

  /**
   * Stops the threads once the files on them and those waiting for one are done (at most one time limit), so
   * a stopping process still answers what it accepted; anything after that runs in this thread.
   */
  async close(): Promise<void> {
    const deadline = Date.now() + this.limits.timeoutMs + 1000;
    while ((this.running > 0 || this.waiting.length > 0) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    this.closed = true;
    await this.pool?.destroy();
    this.pool = undefined;
  }

  private async process(request: IntakeRequest, score: IntakeTask['score'], onOcrPage: OcrProgress | undefined, forStorage: boolean) {
    const task: IntakeTask = { ...request, score, forStorage };
    const local = (t: IntakeTask) => () => runIntakeTask(t, this.local);
    let outcome = await this.runLimited(task, local(task), request.stored ?? 'nothing');
    if (outcome.kind === 'ocr') {
      const bytes = 'bytes' in request.input ? request.input.bytes : Buffer.alloc(0);
      const recognised: RecognisedScan = await recogniseScan(bytes, outcome, this.limits.ocr, onOcrPage);
      const again = { ...task, recognised };
      outcome = await this.runLimited(again, local(again), request.stored ?? 'nothing');
    }
    if (outcome.kind === 'refused') throw new IntakeError(outcome.status, outcome.message, outcome.code);
    if (outcome.kind === 'profile-not-declared') throw new ProfileNotDeclaredError(this.local.get(outcome.rubricId, outcome.rubricVersion));
    if (outcome.kind === 'ocr') throw new Error(`intake thread answered ${outcome.kind} twice`);
    return outcome;
  }

  private async stored(request: IntakeRequest, score: IntakeTask['score'], onOcrPage: OcrProgress | undefined) {
    const outcome = await this.process(request, score, onOcrPage, true);
    if (outcome.kind !== 'stored') throw new Error(`intake thread answered ${outcome.kind} to an intake for storage`);
    return outcome;
  }

  /**
   * At most `threads` files on the threads at once; a file's time limit starts when its thread says it has
   * begun, so neither waiting for a thread nor a replacement thread's start-up counts against the file.
   */
  private async runLimited<T>(task: IntakeTask | StoredScoringTask, inThisThread: () => T | Promise<T>, stored: StoredBefore): Promise<T> {
    const pool = this.threads();
    if (!pool) return inThisThread();
    if (this.running >= this.limits.threads) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    const abort = new AbortController();
    const { port1: started, port2 } = new MessageChannel();
    let timer: NodeJS.Timeout | undefined;
    started.once('message', () => (timer = setTimeout(() => abort.abort(), this.limits.timeoutMs)));
    try {
      return (await pool.run({ ...task, started: port2 }, { signal: abort.signal, transferList: [port2] })) as T;
    } catch (error) {
      throw limitError(error, this.limits, stored) ?? error;
    } finally {
      clearTimeout(timer);
      started.close();
      this.running--;
      this.waiting.shift()?.();
    }
  }

  /** The threads, started on first use (a process that never takes an upload starts none). */
  private threads(): Piscina | undefined {
    if (!this.script || this.closed) return undefined;
    this.pool ??= new Piscina({
      filename: this.script,
      minThreads: 1,
      maxThreads: this.limits.threads,
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: this.limits.maxMemoryMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
      workerData: { rubrics: this.rubrics },
    });
    return this.pool;
  }
}

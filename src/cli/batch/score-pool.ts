/**
 * Intake + scoring of batch files on worker threads: the work is pure CPU per file, so one thread per core turns
 * a single-threaded batch into a parallel one. The same `scoreOne` runs in the workers and, when there are no
 * workers (one thread wanted, or no compiled worker script, as under ts-jest), in this thread.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { OcrConfig } from '../../config/app-config';
import { oneLine } from '../cli-error';
import { copyShingles, type CopyShingles, type PairMeasure } from '../../batches/copy-detection';
import { measurePairs, type Comparable } from '../../batches/copy-compare';
import { cardElementJson } from './card-json';
import { intakeReport } from '../../intake/prepare-report';
import { selectByYear } from '../../rubric/rubric-registry';
import type { RubricDefinition } from '../../rubric/rubric.types';
import { scoreReport } from '../../scoring/engine';
import type { ScoreCard } from '../../scoring/engine/score-card.types';

export interface ScoreSource {
  file: string;
  path?: string;
  bytes?: Uint8Array;
}

/**
 * The rubrics a batch may score with: `fixed` (from --rubric) scores every file with the one candidate; else
 * each file's year chooses among the candidates (the latest version of every loaded rubric) as a single report's
 * would. Workers get the candidates themselves: a registry does not cross a thread.
 */
export interface RubricChoice {
  candidates: RubricDefinition[];
  fixed: boolean;
}

export interface ScoreSettings extends RubricChoice {
  profile?: string;
  /** serialise each card for a JSON batch file on the scoring thread (see card-json) */
  cardJson?: boolean;
  maxBytes: number;
  ocr?: OcrConfig;
}

/**
 * A scored file, with its copy-detection shingles: computed on the thread that has the normalised text, so the
 * batch's copy detection (on the main thread, once every file is in) only weighs and compares.
 */
export type ScoreOutcome = ScoredOutcome | { error: string };

/** What a batch reads of a card besides writing it: progress lines, plan fulfilment's pairing of years and rubric. */
export type CardHead = Pick<ScoreCard, 'total' | 'grade' | 'rubric' | 'report'>;

interface ScoredParts {
  head: CardHead;
  original: string;
  normalised: string;
  shingles: CopyShingles;
}

/**
 * The card itself, or (when the batch writes JSON) only its element of the file, in UTF-8 (cardElementJson):
 * cloning the card's object graph to the main thread was a tenth of a worker's profile, and holding a season of
 * them made the main thread's garbage collection a tenth of its own.
 */
export type ScoredOutcome = ScoredParts & ({ card: ScoreCard } | { cardJson: Uint8Array });

/** The buffers of an outcome that can move to the receiving thread instead of being copied. */
export function transferables(outcome: ScoreOutcome): ArrayBuffer[] {
  if (!('shingles' in outcome)) return [];
  const buffers = [outcome.shingles.unique.buffer as ArrayBuffer, outcome.shingles.rank.buffer as ArrayBuffer];
  // cardElementJson gives the element its own memory (never Buffer's shared pool), so it can move whole
  if ('cardJson' in outcome) buffers.push(outcome.cardJson.buffer as ArrayBuffer);
  return buffers;
}

export async function scoreOne(source: ScoreSource, settings: ScoreSettings): Promise<ScoreOutcome> {
  try {
    // read synchronously: a scoring thread has this one file to work on, and fs.promises.readFile's open, stat,
    // read and close round trips through libuv's pool cost more than the read itself (a tenth of a worker's time)
    const raw = source.bytes ?? fs.readFileSync(source.path!);
    const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    const intake = await intakeReport({ bytes, filename: path.basename(source.file) }, { maxBytes: settings.maxBytes, ocr: settings.ocr });
    const { rubric, note } = settings.fixed ? { rubric: settings.candidates[0], note: undefined } : selectByYear(settings.candidates, intake.prepared.metadata?.year);
    const card = scoreReport(intake.prepared, rubric, settings.profile, note);
    const head: CardHead = { total: card.total, grade: card.grade, rubric: card.rubric, report: card.report };
    const parts = { head, original: intake.extracted, normalised: intake.prepared.normalised, shingles: copyShingles(intake.prepared.normalised) };
    return settings.cardJson ? { ...parts, cardJson: cardElementJson(source.file, card) } : { ...parts, card };
  } catch (error) {
    return { error: oneLine(error) };
  }
}

/**
 * The compiled worker script beside this module, or dist/'s when this module runs from TypeScript sources (the
 * e2e setup builds dist/); undefined when neither exists.
 */
export function workerScript(): string | undefined {
  const candidates = [path.join(__dirname, 'score-worker.js')];
  if (__filename.endsWith('.ts')) candidates.push(path.resolve(__dirname, '..', '..', '..', 'dist', 'cli', 'batch', 'score-worker.js'));
  return candidates.find((f) => fs.existsSync(f));
}

/**
 * What the main thread asks of a worker: score a file; take the batch's prepared documents for copy detection
 * (their arrays in shared memory, so every worker reads the same without a copy); measure a chunk of candidate
 * pairs of those documents.
 */
export type WorkerRequest =
  | { id: number; kind: 'score'; source: ScoreSource }
  | { id: number; kind: 'copy-docs'; docs: Comparable[] }
  | { id: number; kind: 'copy-pairs'; pairs: Int32Array; shingle: number; minPassageChars: number };

export type WorkerReply = { id: number; outcome: ScoreOutcome } | { id: number; measured: Int32Array } | { id: number; taken: true };

/** Candidate pairs a worker measures at a time: small enough that a slower thread holds up the end little. */
const PAIRS_PER_CHUNK = 2000;

interface Slot {
  worker: Worker;
  inFlight: number;
}

/** Files sent ahead to a worker, so that it never waits for this thread between two files. */
const AHEAD = 2;

export class ScorePool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Array<{ request: Extract<WorkerRequest, { kind: 'score' }>; resolve: (o: ScoreOutcome) => void; reject: (e: Error) => void }> = [];
  private readonly pending = new Map<number, { resolve: (reply: WorkerReply) => void; reject: (e: Error) => void; slot: Slot }>();
  private nextId = 0;
  private failure: Error | undefined;

  /** `threads` workers running `script`; with 0 threads (or no script) every file is scored in this thread. */
  constructor(
    private readonly settings: ScoreSettings,
    threads: number,
    script: string | undefined = workerScript(),
  ) {
    if (!script) return;
    for (let i = 0; i < threads; i++) {
      const workerData: ScoreSettings = { candidates: settings.candidates, fixed: settings.fixed, profile: settings.profile, maxBytes: settings.maxBytes, cardJson: settings.cardJson };
      const worker = new Worker(script, { workerData });
      const slot: Slot = { worker, inFlight: 0 };
      worker.on('message', (reply: WorkerReply) => this.settle(slot, reply));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`a scoring worker stopped (exit code ${code})`));
      });
      this.slots.push(slot);
    }
  }

  get threads(): number {
    return this.slots.length;
  }

  score(source: ScoreSource): Promise<ScoreOutcome> {
    if (this.slots.length === 0) return scoreOne(source, this.settings);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ request: { id: this.nextId++, kind: 'score', source }, resolve, reject });
      this.dispatch();
    });
  }

  /** One request to one worker, outside the scoring queue. */
  private ask(slot: Slot, request: WorkerRequest, transfer: ArrayBuffer[] = []): Promise<WorkerReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject, slot });
      slot.worker.postMessage(request, transfer);
    });
  }

  /**
   * PairMeasure on the pool's threads, idle once every file is scored: each takes the documents once, then chunks
   * of pairs in turn. In this thread when the pool has none.
   */
  readonly measurePairs: PairMeasure = async (docs, pairs, shingle, minPassageChars) => {
    if (this.slots.length === 0) return measurePairs(docs, pairs, shingle, minPassageChars);
    if (this.failure) throw this.failure;
    // only the typed arrays: a prepared document also holds its texts, which a worker must not be sent
    const shared: Comparable[] = docs.map(({ set, rankAt }) => ({ set, rankAt }));
    const out = new Int32Array(pairs.length);
    let next = 0;
    await Promise.all(
      this.slots.map(async (slot) => {
        await this.ask(slot, { id: this.nextId++, kind: 'copy-docs', docs: shared });
        while (next < pairs.length) {
          const from = next;
          next += 2 * PAIRS_PER_CHUNK;
          const part = pairs.slice(from, from + 2 * PAIRS_PER_CHUNK);
          const reply = await this.ask(slot, { id: this.nextId++, kind: 'copy-pairs', pairs: part, shingle, minPassageChars }, [part.buffer]);
          if ('measured' in reply) out.set(reply.measured, from);
        }
        // the documents go with the next batch's or the thread: let this one's be collected there now
        await this.ask(slot, { id: this.nextId++, kind: 'copy-docs', docs: [] });
      }),
    );
    return out;
  };

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      while (slot.inFlight < AHEAD) {
        const job = this.waiting.shift();
        if (!job) return;
        slot.inFlight++;
        this.pending.set(job.request.id, { resolve: (reply) => job.resolve((reply as { outcome: ScoreOutcome }).outcome), reject: job.reject, slot });
        const { source } = job.request;
        if (source.bytes) {
          // a zip entry can be a view into a larger buffer, which posting would copy whole: send its own copy
          const own = new Uint8Array(source.bytes);
          slot.worker.postMessage({ ...job.request, source: { ...source, bytes: own } }, [own.buffer]);
        } else slot.worker.postMessage(job.request);
      }
    }
  }

  private settle(slot: Slot, reply: WorkerReply): void {
    const entry = this.pending.get(reply.id);
    if (!entry) return;
    this.pending.delete(reply.id);
    entry.resolve(reply);
    if ('outcome' in reply) {
      slot.inFlight--;
      this.dispatch();
    }
  }

  /** A worker that dies takes the batch with it: a crash there is a bug, not a bad file (those come back as errors). */
  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const entry of this.pending.values()) entry.reject(error);
    for (const job of this.waiting) job.reject(error);
    this.pending.clear();
    this.waiting.length = 0;
  }
}

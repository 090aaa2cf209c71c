/**
 * One upload's CPU work — intake, and scoring when asked — as it runs on a pool thread (or, without one, in the
 * caller's thread). Everything crossing the thread boundary is plain data: a core's IntakeError travels as its
 * status, code and message, since structured cloning keeps an Error's message but not its class.
 */
import type { MessagePort } from 'node:worker_threads';
import { IntakeError, type IntakeErrorCode, type PreparedReport, type ReportMetadata } from '../intake/intake.types';
import { intakeReport, OcrNeeded, prepareText, type IntakeInput, type IntakeResult, type RecognisedScan } from '../intake/prepare-report';
import type { RubricRegistry } from '../rubric/rubric-loader';
import { planDigest, score, scoreReport } from '../scoring/engine';
import type { ScoreCard } from '../scoring/engine/score-card.types';

export interface IntakeTask {
  input: IntakeInput;
  maxBytes: number;
  overrides?: Partial<ReportMetadata>;
  /** the scan's text, recognised by the caller after an `ocr` outcome */
  recognised?: RecognisedScan;
  /**
   * score the prepared report too (POST /check): with the rubric named (`id` or `id@version`), else with the one
   * the report's year chooses (RubricRegistry.select) — the year is known only once intake has read the file
   */
  score?: { rubricRef?: string; profile?: string };
  /**
   * the intake is for storing (ReportsService.store): only what is stored comes back (StoredIntake), and a scored
   * one (a batch item) brings its card as stored and the report's plan digest as JSON
   */
  forStorage?: boolean;
  /** told once the thread begins the work: the file's time limit starts then */
  started?: MessagePort;
}

/**
 * What is stored of an intake (report-columns.ts textColumns): the prepared report without its `original` (the
 * same text as `extracted`, which a structured clone would copy twice) and without the offset map from the
 * normalised text to it (four bytes a character), which only a draft's evidence and copy detection read.
 */
export type StoredIntake = Omit<IntakeResult, 'prepared'> & { prepared: Pick<PreparedReport, 'normalised' | 'sections' | 'metadata'> };

/**
 * A card as it is stored: its JSON text, made on the thread (the text crosses to the caller as one string, where
 * the card's object graph, 24 KB serialised, took 160 µs to clone and its JSON.stringify on the caller's thread 66 µs,
 * plus the collection of all those objects there), and the fields the rows and the caller's checks read.
 */
export interface StoredCard {
  json: string;
  rubric: ScoreCard['rubric'];
  profile: ScoreCard['profile'];
  total: number;
  grade: string;
}

export function storedCard(card: ScoreCard): StoredCard {
  return { json: JSON.stringify(card), rubric: card.rubric, profile: card.profile, total: card.total, grade: card.grade };
}

export function storedIntake(intake: IntakeResult): StoredIntake {
  const { normalised, sections, metadata } = intake.prepared;
  return { format: intake.format, sha256: intake.sha256, extracted: intake.extracted, chars: intake.chars, prepared: { normalised, sections, metadata } };
}

/** A stored report scored again from its extracted text (an assessment job), as ScoringService prepares it. */
export interface StoredScoringTask {
  original: string;
  metadata: Partial<ReportMetadata>;
  rubricId: string;
  rubricVersion: string;
  profile: string;
  /** why this rubric was chosen, kept on the card */
  note?: string;
  /** a recognised scan's pages and confidence, for the card to say so (it changes no score) */
  ocr?: { pages: number; confidence: number };
  started?: MessagePort;
}

export type IntakeOutcome =
  | { kind: 'done'; intake: IntakeResult; card?: ScoreCard }
  /** a `forStorage` task: the intake as stored and, when scored, the card and plan digest as their JSON texts */
  | { kind: 'stored'; intake: StoredIntake; card?: StoredCard; planDigestJson?: string }
  | { kind: 'ocr'; format: 'image' | 'pdf'; pages?: number }
  | { kind: 'refused'; status: IntakeError['status']; message: string; code?: IntakeErrorCode }
  /** the profile asked for is not one the rubric chosen by the report's year declares */
  | { kind: 'profile-not-declared'; rubricId: string; rubricVersion: string };

export async function runIntakeTask(task: IntakeTask, rubrics: RubricRegistry): Promise<IntakeOutcome> {
  task.started?.postMessage('started');
  task.started?.close();
  const input = 'bytes' in task.input ? { ...task.input, bytes: asBuffer(task.input.bytes) } : task.input;
  try {
    const intake = await intakeReport(input, { maxBytes: task.maxBytes, overrides: task.overrides, recognised: task.recognised, deferOcr: true });
    if (!task.score) return task.forStorage ? { kind: 'stored', intake: storedIntake(intake) } : { kind: 'done', intake };
    const { rubricRef, profile } = task.score;
    // the same rule as stored reports and batches: a named rubric wins, else the report's year chooses, with a note
    const { rubric, note } = rubrics.select(rubricRef, intake.prepared.metadata?.year);
    if (profile && !rubric.profiles[profile]) return { kind: 'profile-not-declared', rubricId: rubric.id, rubricVersion: rubric.version };
    const card = scoreReport(intake.prepared, rubric, profile, note);
    if (!task.forStorage) return { kind: 'done', intake, card };
    // a batch item stores its assessment from this card: what plan fulfilment needs is read here, on the thread
    return { kind: 'stored', intake: storedIntake(intake), card: storedCard(card), planDigestJson: JSON.stringify(planDigest(intake.prepared, rubric)) };
  } catch (error) {
    if (error instanceof OcrNeeded) return { kind: 'ocr', format: error.format, pages: error.pages };
    if (error instanceof IntakeError) return { kind: 'refused', status: error.status, message: error.message, code: error.code };
    throw error;
  }
}

/** A stored report's card, and what plan fulfilment needs of it as JSON, from one preparation of its text. */
export interface StoredScoring {
  card: StoredCard;
  planDigestJson: string;
}

export function runStoredScoringTask(task: StoredScoringTask, rubrics: RubricRegistry): StoredScoring {
  task.started?.postMessage('started');
  task.started?.close();
  const prepared = prepareText(task.original, task.metadata);
  const rubric = rubrics.get(task.rubricId, task.rubricVersion);
  const card = score(prepared, rubric, task.profile, task.note);
  if (task.ocr) card.report.ocr = task.ocr;
  return { card: storedCard(card), planDigestJson: JSON.stringify(planDigest(prepared, rubric)) };
}

/** A Buffer posted to a thread arrives as a plain Uint8Array. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

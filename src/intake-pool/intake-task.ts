/**
 * One upload's CPU work — intake, and scoring when asked — as it runs on a pool thread (or, without one, in the
 * caller's thread). Everything crossing the thread boundary is plain data: a core's IntakeError travels as its
 * status, code and message, since structured cloning keeps an Error's message but not its class.
 */
import type { MessagePort } from 'node:worker_threads';
import { IntakeError, type IntakeErrorCode, type PreparedReport, type ReportMetadata } from '../intake/intake.types';
import { intakeReport, OcrNeeded, prepareText, type IntakeInput, type IntakeResult, type RecognisedScan } from '../intake/prepare-report';
import type { RubricRegistry } from '../rubric/rubric-loader';
import { planDigest, score, scoreReport, type PlanDigest } from '../scoring/engine';
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
  score?: { rubricRef?: string; profile?: string; planDigest?: boolean };
  /** the intake is for storing (ReportsService.store): only what is stored comes back (StoredIntake) */
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
  started?: MessagePort;
}

export type IntakeOutcome =
  /** `planDigest` when the task asked for it: the prepared report read for plan fulfilment with the card's rubric */
  | { kind: 'done'; intake: IntakeResult | StoredIntake; card?: ScoreCard; planDigest?: PlanDigest }
  | { kind: 'ocr'; format: 'image' | 'pdf'; pages?: number }
  | { kind: 'refused'; status: IntakeError['status']; message: string; code?: IntakeErrorCode }
  /** the profile asked for is not one the rubric chosen by the report's year declares */
  | { kind: 'profile-not-declared'; rubricId: string; rubricVersion: string };

export async function runIntakeTask(task: IntakeTask, rubrics: RubricRegistry): Promise<IntakeOutcome> {
  task.started?.postMessage('started');
  task.started?.close();
  const input = 'bytes' in task.input ? { ...task.input, bytes: asBuffer(task.input.bytes) } : task.input;
  try {
    const full = await intakeReport(input, { maxBytes: task.maxBytes, overrides: task.overrides, recognised: task.recognised, deferOcr: true });
    const intake = task.forStorage ? storedIntake(full) : full;
    if (!task.score) return { kind: 'done', intake };
    const { rubricRef, profile } = task.score;
    // the same rule as stored reports and batches: a named rubric wins, else the report's year chooses, with a note
    const { rubric, note } = rubrics.select(rubricRef, full.prepared.metadata?.year);
    if (profile && !rubric.profiles[profile]) return { kind: 'profile-not-declared', rubricId: rubric.id, rubricVersion: rubric.version };
    const card = scoreReport(full.prepared, rubric, profile, note);
    // a batch item stores its assessment from this card: what plan fulfilment needs is read here, on the thread
    return task.score.planDigest ? { kind: 'done', intake, card, planDigest: planDigest(full.prepared, rubric) } : { kind: 'done', intake, card };
  } catch (error) {
    if (error instanceof OcrNeeded) return { kind: 'ocr', format: error.format, pages: error.pages };
    if (error instanceof IntakeError) return { kind: 'refused', status: error.status, message: error.message, code: error.code };
    throw error;
  }
}

/** A stored report's card, and what plan fulfilment needs of it, from one preparation of its text. */
export interface StoredScoring {
  card: ScoreCard;
  planDigest: PlanDigest;
}

export function runStoredScoringTask(task: StoredScoringTask, rubrics: RubricRegistry): StoredScoring {
  task.started?.postMessage('started');
  task.started?.close();
  const prepared = prepareText(task.original, task.metadata);
  const rubric = rubrics.get(task.rubricId, task.rubricVersion);
  return { card: score(prepared, rubric, task.profile, task.note), planDigest: planDigest(prepared, rubric) };
}

/** A Buffer posted to a thread arrives as a plain Uint8Array. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

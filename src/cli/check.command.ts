import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { megabytes, type OcrConfig } from '../config/app-config';
import { intakeReport } from '../intake/prepare-report';
import { IntakeError, type PreparedReport } from '../intake/intake.types';
import type { RubricRegistry } from '../rubric/rubric-loader';
import type { RubricDefinition } from '../rubric/rubric.types';
import { renderScoreCardText, scoreReport } from '../scoring/engine';
import type { ScoreCard } from '../scoring/engine/score-card.types';
import { CliUsageError, EXIT_BAD_INPUT, EXIT_BELOW_MIN_SCORE, EXIT_OK, oneLine } from './cli-error';

export interface CheckOptions {
  json?: boolean;
  profile?: string;
  rubric?: string;
  minScore?: string;
  /** write the feedback letter (.docx) of the one file checked here */
  docx?: string;
  maxUploadMb: number;
  /** OCR_MAX_PAGES, OCR_PAGE_TIMEOUT_SECONDS, OCR_CONCURRENCY */
  ocr?: OcrConfig;
}

export interface CheckIo {
  out: (text: string) => void;
  err: (text: string) => void;
  color: boolean;
}

type FileOptions = { profile?: string; rubric?: string; maxUploadMb: number; ocr?: OcrConfig };

/** Reads, extracts and scores one file exactly as the API does, without a server, database or Redis. */
export async function scoreFileWithText(file: string, registry: RubricRegistry, options: FileOptions): Promise<{ card: ScoreCard; prepared: PreparedReport; rubric: RubricDefinition }> {
  const stat = await fs.stat(file).catch(() => null);
  if (!stat || !stat.isFile()) throw new CliUsageError(`${file}: no such file`);
  const maxBytes = megabytes(options.maxUploadMb);
  if (stat.size > maxBytes) throw new IntakeError(413, `文件过大：超过 MAX_UPLOAD_MB（${options.maxUploadMb} MB）`);
  const bytes = await fs.readFile(file);
  registry.resolve(options.rubric); // a bad --rubric fails before the file is read
  const intake = await intakeReport({ bytes, filename: path.basename(file) }, { maxBytes, ocr: options.ocr });
  // --rubric wins; else the rubric whose period covers the report year
  const { rubric, note } = registry.select(options.rubric, intake.prepared.metadata?.year);
  return { card: scoreReport(intake.prepared, rubric, options.profile, note), prepared: intake.prepared, rubric };
}

export async function scoreFile(file: string, registry: RubricRegistry, options: FileOptions): Promise<ScoreCard> {
  return (await scoreFileWithText(file, registry, options)).card;
}

/**
 * `--profile` names a profile the rubric declares: the `--rubric` given, else any loaded rubric (each report's
 * year picks its own, and one that lacks the profile fails that file with a message).
 */
export function checkProfileOption(registry: RubricRegistry, options: { profile?: string; rubric?: string }): void {
  if (!options.profile) return;
  let names: string[];
  try {
    names = options.rubric ? Object.keys(registry.resolve(options.rubric).profiles) : registry.profileNames();
  } catch (error) {
    throw new CliUsageError(oneLine(error));
  }
  if (!names.includes(options.profile)) throw new CliUsageError(`--profile must be one of the rubric's profiles: ${names.join(', ')}`);
}

export async function runCheck(files: string[], options: CheckOptions, registry: RubricRegistry, io: CheckIo): Promise<number> {
  checkProfileOption(registry, options);
  let minScore: number | undefined;
  if (options.minScore !== undefined) {
    minScore = Number(options.minScore);
    if (!Number.isFinite(minScore) || minScore < 0 || minScore > 100) throw new CliUsageError('--min-score must be a number from 0 to 100');
  }
  try {
    registry.resolve(options.rubric);
  } catch (error) {
    throw new CliUsageError(oneLine(error));
  }
  if (options.docx !== undefined && files.length !== 1) throw new CliUsageError('--docx writes the letter of one file: give exactly one file');

  let exitCode = EXIT_OK;
  for (const file of files) {
    let card: ScoreCard;
    try {
      const scored = await scoreFileWithText(file, registry, options);
      card = scored.card;
      // the letter quotes the rubric the file was scored with (selected by its year unless --rubric)
      if (options.docx !== undefined) await writeFeedbackLetter(card, scored.rubric, options.docx);
    } catch (error) {
      io.err(`${file}: ${oneLine(error)}`);
      exitCode = EXIT_BAD_INPUT;
      continue;
    }
    if (options.json) io.out(JSON.stringify(card));
    else io.out(`${files.length > 1 ? `== ${file}\n` : ''}${renderScoreCardText(card, { color: io.color })}`);
    if (minScore !== undefined && card.total < minScore && exitCode === EXIT_OK) {
      exitCode = EXIT_BELOW_MIN_SCORE;
      if (!options.json) io.err(`${file}: total ${card.total} is below --min-score ${minScore}`);
    }
  }
  return exitCode;
}

/** The letter is built only when asked for: `check` without --docx never loads docx. */
async function writeFeedbackLetter(card: ScoreCard, rubric: RubricDefinition, out: string): Promise<void> {
  const { buildFeedbackLetter } = await import('../documents/feedback-letter');
  const letter = await buildFeedbackLetter({ card, rubric, date: new Date() });
  await fs.writeFile(out, letter).catch((error: NodeJS.ErrnoException) => {
    throw new CliUsageError(`${out}: cannot write the letter (${error.code ?? error.message})`);
  });
}

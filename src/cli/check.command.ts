import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { megabytes } from '../config/app-config';
import { intakeReport } from '../intake';
import { IntakeError } from '../intake/intake.types';
import type { RubricRegistry } from '../rubric/rubric-loader';
import { PROFILE_NAMES, type ProfileName } from '../rubric/rubric.types';
import { renderScoreCardText, scoreReport } from '../scoring/engine';
import type { ScoreCard } from '../scoring/engine/score-card.types';
import { CliUsageError, EXIT_BAD_INPUT, EXIT_BELOW_MIN_SCORE, EXIT_OK, oneLine } from './cli-error';

export interface CheckOptions {
  json?: boolean;
  profile?: string;
  rubric?: string;
  minScore?: string;
  maxUploadMb: number;
}

export interface CheckIo {
  out: (text: string) => void;
  err: (text: string) => void;
  color: boolean;
}

/** Reads, extracts and scores one file exactly as the API does, without a server, database or Redis. */
export async function scoreFile(file: string, registry: RubricRegistry, options: { profile?: string; rubric?: string; maxUploadMb: number }): Promise<ScoreCard> {
  const stat = await fs.stat(file).catch(() => null);
  if (!stat || !stat.isFile()) throw new CliUsageError(`${file}: no such file`);
  const maxBytes = megabytes(options.maxUploadMb);
  if (stat.size > maxBytes) throw new IntakeError(413, `file is larger than MAX_UPLOAD_MB (${options.maxUploadMb} MB)`);
  const bytes = await fs.readFile(file);
  const rubric = registry.resolve(options.rubric);
  const intake = await intakeReport({ bytes, filename: path.basename(file) }, { maxBytes });
  return scoreReport(intake.prepared, rubric, options.profile);
}

export async function runCheck(files: string[], options: CheckOptions, registry: RubricRegistry, io: CheckIo): Promise<number> {
  if (options.profile && !PROFILE_NAMES.includes(options.profile as ProfileName)) {
    throw new CliUsageError(`--profile must be one of ${PROFILE_NAMES.join(', ')}`);
  }
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

  let exitCode = EXIT_OK;
  for (const file of files) {
    let card: ScoreCard;
    try {
      card = await scoreFile(file, registry, options);
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

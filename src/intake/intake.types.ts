import type { ClientError } from '../common/client-error';
import type { ErrorCode } from '../common/error-codes';
/**
 * What intake produces from any file an agency has: pure data, shared by the API, the CLI, the workers and
 * the scoring engine.
 */

export type ReportFormat = 'txt' | 'html' | 'docx' | 'doc' | 'ofd' | 'pdf' | 'image';
/**
 * The level of government intake detected (province, city, county_government, department, township). A plain
 * key, as a rubric's profile names are: the rubric's profiles list the levels they apply to, so intake (a core
 * the rubric loader uses for its term check) needs nothing from the rubric.
 */
export type ReportLevel = string;
export type Script = 'simplified' | 'traditional' | 'mixed';

/** One heading-led section, with spans into the NORMALISED text (half-open [start, end)). */
export interface Section {
  heading: string; // normalised heading text, without its numbering marker
  marker: string; // the marker as normalised: `一、`, `(一)`, `1.`, `一是`, `第一`
  level: number; // 1 = 一、 ; 2 = （一） ; 3 = 1. / 1、 ; 4 = 一是 / 第一
  ordinal?: number; // the marker's number: 二、 → 2, (四 → 4, 3. → 3
  inline?: boolean; // found inside a paragraph (one-paragraph report, 一是…二是… run), not at a line start
  label?: boolean; // an unnumbered label heading ("存在的问题：", "下一步工作打算"); marker is ''
  start: number; // start of the heading line
  headingEnd: number; // end of the heading text (body starts here)
  end: number; // end of the section including its children
  children: Section[];
}

/**
 * The level of government that reports, as detected from the text. Which profile a level is scored with
 * belongs to the rubric (its profiles' `levels`), chosen in the engine (resolveProfile), not here.
 */
export type GovernmentLevel = 'province' | 'city' | 'county' | 'department' | 'township';
export const GOVERNMENT_LEVELS: readonly GovernmentLevel[] = ['province', 'city', 'county', 'department', 'township'];
export const isGovernmentLevel = (value: unknown): value is GovernmentLevel => GOVERNMENT_LEVELS.includes(value as GovernmentLevel);
/**
 * A level a user gave (or a stored `level` column): a level of government is what intake would have detected,
 * so the rubric still picks the profile from it; anything else is a profile key the user named.
 */
export function levelOverride(value: string | null | undefined): { governmentLevel?: GovernmentLevel; level?: ReportLevel } {
  if (!value) return {};
  return isGovernmentLevel(value) ? { governmentLevel: value } : { level: value };
}
/** Where a detected field came from: the title line, the body, a labelled page field, a default, or the user. */
export type MetadataSource = 'title' | 'body' | 'field' | 'default' | 'override';
export type MetadataField = 'title' | 'issuer' | 'year' | 'level' | 'publishedAt';

export interface ReportMetadata {
  title?: string;
  issuer?: string;
  year?: number; // report year (the year reported on), not the publication year
  /** the profile to score with, when the user names one; intake never sets it (the rubric decides from governmentLevel) */
  level?: ReportLevel;
  /** the issuer's level of government as detected; absent when nothing names it */
  governmentLevel?: GovernmentLevel;
  publishedAt?: string; // ISO date YYYY-MM-DD
  script: Script;
  /** set when the text was recognised from images (scanned PDF, photo): pages and mean confidence 0–1 */
  ocr?: { pages: number; confidence: number };
  /** where each field came from; `level: 'default'` means the type was not recognised */
  sources?: Partial<Record<MetadataField, MetadataSource>>;
}

/**
 * A report ready for scoring.
 * `original` is the extracted text as the agency wrote it (their script, their punctuation);
 * `normalised` is what matching runs on; `toOriginal[i]` is the index in `original` of normalised char i,
 * with `toOriginal[normalised.length] === original.length`-ish end sentinel (see mapSpan).
 */
export interface PreparedReport {
  original: string;
  normalised: string;
  toOriginal: Int32Array | number[];
  sections: Section[];
  metadata: ReportMetadata;
}

/** Maps a half-open span of the normalised text to a half-open span of the original text. */
export function mapSpan(toOriginal: ArrayLike<number>, start: number, end: number): [number, number] {
  if (end <= start) {
    const at = toOriginal[start];
    return [at, at];
  }
  return [toOriginal[start], toOriginal[end - 1] + 1];
}

/** Bad input that will never succeed: HTTP status and a message for the agency; CLI exits 2 with it. */
export class IntakeError extends Error implements ClientError {
  readonly clientError = true as const;
  /** the machine code; by default the one for the status (an empty report, too large, a format, unreadable) */
  readonly code: IntakeErrorCode;
  constructor(
    public readonly status: 400 | 413 | 415 | 422,
    message: string,
    code?: IntakeErrorCode,
  ) {
    super(message);
    this.name = 'IntakeError';
    this.code = code ?? INTAKE_CODE_BY_STATUS[status];
  }
}

export type IntakeErrorCode = Extract<ErrorCode, 'EMPTY_REPORT' | 'FILE_TOO_LARGE' | 'TOO_MANY_PAGES' | 'UNSUPPORTED_FORMAT' | 'UNREADABLE_REPORT' | 'NOT_CHINESE' | 'HTML_TOO_DEEP' | 'XML_TOO_DEEP' | 'INTAKE_TIMEOUT' | 'INTAKE_MEMORY_EXCEEDED'>;
const INTAKE_CODE_BY_STATUS: Record<IntakeError['status'], IntakeErrorCode> = { 400: 'EMPTY_REPORT', 413: 'FILE_TOO_LARGE', 415: 'UNSUPPORTED_FORMAT', 422: 'UNREADABLE_REPORT' };

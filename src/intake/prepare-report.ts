/**
 * The intake entry point: any file an agency has → a PreparedReport, or an IntakeError saying what is wrong.
 */
import { checkImage } from './image-check';
import { createHash } from 'node:crypto';
import { IntakeError, type PreparedReport, type ReportFormat, type ReportMetadata } from './intake.types';
import { sniff } from './sniff';
import { normaliseForMatching } from './normalise';
import { detectSections } from './sections';
import { detectMetadata } from './metadata';
import { stripReadingAnnotations } from './reading-annotations';

/*
 * Each format's extractor (cheerio + linkedom, mammoth, unpdf: most of intake's start-up) is required the first
 * time a file of that format arrives, so that a one-file `scorecard check` on a .txt loads none of them.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const extractors = {
  html: () => require('./extract-html') as typeof import('./extract-html'),
  docx: () => require('./extract-docx') as typeof import('./extract-docx'),
  pdf: () => require('./extract-pdf') as typeof import('./extract-pdf'),
  doc: () => require('./extract-doc') as typeof import('./extract-doc'),
  ofd: () => require('./extract-ofd') as typeof import('./extract-ofd'),
  ocr: () => require('./ocr') as typeof import('./ocr'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

export type IntakeInput = { bytes: Buffer; filename?: string } | { text: string };

export interface IntakeOptions {
  /** Uploads above this are refused with 413 (the API passes MAX_UPLOAD_MB). */
  maxBytes?: number;
  overrides?: Partial<ReportMetadata>;
  /** OCR limits for scans and images (the API and the CLI pass AppConfig.ocr; default DEFAULT_OCR_LIMITS) */
  ocr?: import('./ocr').OcrLimits;
  /**
   * Throw OcrNeeded instead of recognising a scan here: a worker thread with a time limit per file hands OCR
   * (child processes with their own per-page limits) back to its caller.
   */
  deferOcr?: boolean;
  /** The scan's text as recognised by the caller after an OcrNeeded: intake continues from it. */
  recognised?: RecognisedScan;
}

export interface RecognisedScan {
  format: 'image' | 'pdf';
  text: string;
  pages: number;
  confidence: number;
}

/** The file is a scan (an image, a PDF without a text layer): its text has to be recognised first. */
export class OcrNeeded extends Error {
  constructor(
    readonly format: 'image' | 'pdf',
    /** pages of a PDF scan */
    readonly pages?: number,
  ) {
    super(`${format} needs OCR`);
    this.name = 'OcrNeeded';
  }
}

/**
 * What intake would have done itself without `deferOcr`: recognise the scan, under the OCR limits; `onPage`
 * hears each recognised page (queued reports show it as progress).
 */
export async function recogniseScan(
  bytes: Buffer,
  needed: Pick<OcrNeeded, 'format' | 'pages'>,
  limits?: import('./ocr').OcrLimits,
  onPage?: import('./ocr').OcrProgress,
): Promise<RecognisedScan> {
  const ocr = extractors.ocr();
  const result = needed.format === 'image' ? await ocr.ocrImage(bytes, limits, onPage) : await ocr.ocrPdf(bytes, needed.pages ?? 0, limits, onPage);
  return { format: needed.format, ...result };
}

export interface IntakeResult {
  format: ReportFormat;
  /** sha256 of the uploaded bytes (for {text}: of its UTF-8 encoding), hex. */
  sha256: string;
  /** The extracted text (= prepared.original): what evidence offsets point into. */
  extracted: string;
  prepared: PreparedReport;
  /** Characters of the normalised text. */
  chars: number;
}

/** How messages name a format to the agency. */
const FORMAT_NAMES: Record<ReportFormat, string> = { txt: '文本', html: '网页', docx: 'Word .docx', doc: 'Word .doc', ofd: 'OFD', pdf: 'PDF', image: '图片' };

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
/** Fewer Han characters than this is not a Chinese report (an English file, a form with a stray name). */
export const MIN_CHINESE_CHARS = 10;

export async function intakeReport(input: IntakeInput, options: IntakeOptions = {}): Promise<IntakeResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const bytes = 'bytes' in input ? input.bytes : Buffer.from(input.text, 'utf8');
  if (bytes.length === 0) throw new IntakeError(400, '报告为空：没有收到文件内容。');
  if (bytes.length > maxBytes)
    throw new IntakeError(
      413,
      `文件过大：${(bytes.length / 1024 / 1024).toFixed(1)} MB，上限为 ${(maxBytes / 1024 / 1024).toFixed(1)} MB（MAX_UPLOAD_MB）。`,
    );

  let format: ReportFormat;
  let extracted: string;
  let ocr: { pages: number; confidence: number } | undefined;
  if ('text' in input) {
    format = 'txt';
    extracted = input.text.replace(/^\ufeff/, '');
  } else if (options.recognised) {
    ({ format, text: extracted, ...ocr } = options.recognised);
  } else {
    const sniffed = sniff(bytes, input.filename);
    format = sniffed.format;
    if (format === 'txt') extracted = sniffed.decoded!.text.replace(/^\ufeff/, '');
    else if (format === 'html') {
      const { extractHtmlText, decodeHtml } = extractors.html();
      extracted = extractHtmlText(decodeHtml(bytes));
    } else if (format === 'docx') extracted = await extractors.docx().extractDocx(bytes);
    else if (format === 'doc') extracted = await extractors.doc().extractDoc(bytes);
    else if (format === 'ofd') extracted = await extractors.ofd().extractOfd(bytes);
    else if (format === 'image') {
      checkImage(bytes);
      if (options.deferOcr) throw new OcrNeeded('image');
      ({ text: extracted, ...ocr } = await extractors.ocr().ocrImage(bytes, options.ocr));
    } else {
      const pdf = extractors.pdf();
      try {
        extracted = await pdf.extractPdf(bytes);
      } catch (e) {
        if (!(e instanceof pdf.NoTextLayerError)) throw e;
        if (options.deferOcr) throw new OcrNeeded('pdf', e.pages);
        ({ text: extracted, ...ocr } = await extractors.ocr().ocrPdf(bytes, e.pages, options.ocr));
      }
    }
  }

  // Reading annotations (法(fǎ)治(zhì)) go before anything reads the text, so no quote can contain them.
  extracted = stripReadingAnnotations(extracted);
  if (!/\S/.test(extracted.replace(/[\u3000\u00a0\u200b\ufeff]/g, ' ')))
    throw new IntakeError(
      400,
      format === 'txt' ? '报告为空：只有空白字符。' : `文件中没有文字（${FORMAT_NAMES[format]}）。`,
    );

  const prepared = prepareText(extracted, options.overrides);
  // Evidence offsets point into the recognised text; the card says it was recognised, and how surely.
  if (ocr) prepared.metadata.ocr = { pages: ocr.pages, confidence: Math.round(ocr.confidence * 1000) / 1000 };
  const han = countHan(prepared.normalised);
  if (han < MIN_CHINESE_CHARS)
    throw new IntakeError(
      422,
      han === 0
        ? '文本中没有中文：本服务评估中文的政府工作报告。'
        : `文本中几乎没有中文（只有 ${han} 个汉字）：本服务评估中文的政府工作报告。`,
      'NOT_CHINESE',
    );

  return {
    format,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    extracted,
    prepared,
    chars: prepared.normalised.length,
  };
}

/** Already-extracted text → PreparedReport (synchronous; engine tests and benchmarks use it directly). */
export function prepareText(original: string, overrides?: Partial<ReportMetadata>): PreparedReport {
  const { normalised, toOriginal, simplified } = normaliseForMatching(original);
  const sections = detectSections(normalised);
  const metadata = detectMetadata(normalised, sections, overrides, original, simplified);
  return { original, normalised, toOriginal, sections, metadata };
}

function countHan(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x3400 && c <= 0x9fff) n++;
  }
  return n;
}

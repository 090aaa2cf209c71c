export * from './intake.types';
export { decodeText, decodeBytes, canonicalEncoding, binaryShare, type Decoded } from './decode';
export { sniffFormat, sniff, type Sniffed } from './sniff';
export { extractHtml, extractHtmlText, decodeHtml, htmlCharset } from './extract-html';
export { extractDocx, checkZip, DEFAULT_ZIP_LIMITS, type ZipLimits } from './extract-docx';
export { extractPdf } from './extract-pdf';
export { extractDoc, isWord97 } from './extract-doc';
export { extractOfd } from './extract-ofd';
export {
  normaliseForMatching,
  toSimplifiedAligned,
  toSimplifiedConverter,
  foldChars,
  isJunkLine,
  type Normalised,
} from './normalise';
export { detectSections, addLabelHeadings, flattenSections, chineseNumeral, HEADING_MAX } from './sections';
export { detectMetadata, detectScript, isoDate, issuerFromTitle } from './metadata';
export { governmentLevelOf } from './issuer-level';
export {
  intakeReport,
  prepareText,
  DEFAULT_MAX_BYTES,
  MIN_CHINESE_CHARS,
  type IntakeInput,
  type IntakeOptions,
  type IntakeResult,
} from './prepare-report';

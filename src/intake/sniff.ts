/**
 * File type by content, not by name: agencies rename files, and browsers send whatever MIME type.
 */
import { IntakeError, type ReportFormat } from './intake.types';
import { binaryShare, decodeBytes, type Decoded } from './decode';

const ZIP_LOCAL = Buffer.from('PK\x03\x04', 'latin1');
const ZIP_EMPTY = Buffer.from('PK\x05\x06', 'latin1');
const DOCX_PART = Buffer.from('word/document.xml', 'latin1');

/** Known binary formats that are not reports we can read, with what to tell the agency. */
const OTHER_TYPES: Array<[Buffer, string]> = [
  [Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'legacy Word .doc (or .xls/.wps) files are not supported: save it as .docx or PDF'],
  [Buffer.from('{\\rtf', 'latin1'), 'RTF files are not supported: save it as .docx, PDF or plain text'],
  [Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'this is a PNG image, not a report document: upload the text as .docx, PDF or .txt'],
  [Buffer.from([0xff, 0xd8, 0xff]), 'this is a JPEG image, not a report document: upload the text as .docx, PDF or .txt'],
  [Buffer.from('GIF8', 'latin1'), 'this is a GIF image, not a report document'],
  [Buffer.from([0x1f, 0x8b]), 'gzip archives are not supported: upload the report itself (.txt, .html, .docx or .pdf)'],
  [Buffer.from('Rar!', 'latin1'), 'RAR archives are not supported: upload the report itself (.txt, .html, .docx or .pdf)'],
  [Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]), '7z archives are not supported: upload the report itself'],
];

const HTML_MARKER = /<(?:!doctype\s+html|html|head|body|meta|title|p|div|article|section|table|span|br|h[1-6])[\s>/]/i;

export interface Sniffed {
  format: ReportFormat;
  /** For txt/html: the decoded text, so it is decoded only once. */
  decoded?: Decoded;
}

export function sniffFormat(bytes: Buffer, filename?: string): ReportFormat {
  return sniff(bytes, filename).format;
}

export function sniff(bytes: Buffer, filename?: string): Sniffed {
  if (bytes.length === 0) throw new IntakeError(400, 'The file is empty.');
  if (startsWith(bytes, Buffer.from('%PDF-', 'latin1'))) return { format: 'pdf' };
  if (startsWith(bytes, ZIP_LOCAL) || startsWith(bytes, ZIP_EMPTY)) {
    // Every zip names its parts in plain bytes (local headers and central directory), so this also holds
    // for a truncated .docx, which then fails in extraction with a 422 rather than here with a 415.
    if (bytes.indexOf(DOCX_PART) >= 0) return { format: 'docx' };
    throw new IntakeError(
      415,
      'Unsupported file type: a zip archive that is not a Word .docx document (no word/document.xml). Upload the report as .docx, PDF, HTML or plain text.',
    );
  }
  for (const [magic, message] of OTHER_TYPES) {
    if (startsWith(bytes, magic)) throw new IntakeError(415, `Unsupported file type: ${message}.`);
  }
  const decoded = decodeBytes(bytes);
  // Binary data decodes to control characters and U+FFFD whatever the guessed encoding.
  if (binaryShare(decoded.text) > 0.01) {
    throw new IntakeError(
      415,
      'Unsupported file type: the file is binary data, not text, .html, .docx or PDF (it contains control bytes that no text file has).',
    );
  }
  const head = decoded.text.slice(0, 2048).trimStart();
  const looksHtml =
    (head.startsWith('<') && HTML_MARKER.test(head.slice(0, 1024))) ||
    (/\.x?html?$/i.test(filename ?? '') && HTML_MARKER.test(decoded.text.slice(0, 65536)));
  return { format: looksHtml ? 'html' : 'txt', decoded };
}

function startsWith(bytes: Buffer, magic: Buffer): boolean {
  return bytes.length >= magic.length && bytes.subarray(0, magic.length).equals(magic);
}

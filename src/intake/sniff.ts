/**
 * File type by content, not by name: agencies rename files, and browsers send whatever MIME type.
 */
import { IntakeError, type ReportFormat } from './intake.types';
import { binaryShare, decodeBytes, type Decoded } from './decode';
import { isOleFile, isWord97 } from './extract-doc';

const ZIP_LOCAL = Buffer.from('PK\x03\x04', 'latin1');
const ZIP_EMPTY = Buffer.from('PK\x05\x06', 'latin1');
const DOCX_PART = Buffer.from('word/document.xml', 'latin1');
const OFD_PART = Buffer.from('OFD.xml', 'latin1');
/** Scans and photos that OCR reads: PNG, JPEG, TIFF (both byte orders). */
const IMAGE_MAGIC = [
  Buffer.from([0x89, 0x50, 0x4e, 0x47]),
  Buffer.from([0xff, 0xd8, 0xff]),
  Buffer.from([0x49, 0x49, 0x2a, 0x00]),
  Buffer.from([0x4d, 0x4d, 0x00, 0x2a]),
];
const WPS_NAME = /\.wps$/i;
const NOT_WORD97_WPS =
  '不支持的文件类型：这个 .wps 文件不是 Word 97 兼容格式（金山 WPS 专有格式无法读取）。请在 WPS 中“另存为” .docx 后重新上传。';

/** Known binary formats that are not reports we can read, with what to tell the agency. */
const OTHER_TYPES: Array<[Buffer, string]> = [
  [Buffer.from('{\\rtf', 'latin1'), '不支持 RTF 文件：请另存为 .docx、PDF 或纯文本后上传'],
  [Buffer.from('GIF8', 'latin1'), '这是 GIF 动图，不是报告文档：扫描件请用 PNG、JPG 或 TIF'],
  [Buffer.from([0x1f, 0x8b]), '不支持 gzip 压缩包：请上传报告文件本身（.docx、.doc、.ofd、PDF、HTML 或纯文本），批量评估请用 .zip'],
  [Buffer.from('Rar!', 'latin1'), '不支持 RAR 压缩包：请上传报告文件本身（.docx、.doc、.ofd、PDF、HTML 或纯文本），批量评估请用 .zip'],
  [Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]), '不支持 7z 压缩包：请上传报告文件本身，批量评估请用 .zip'],
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
  if (bytes.length === 0) throw new IntakeError(400, '文件为空：没有收到内容。');
  if (startsWith(bytes, Buffer.from('%PDF-', 'latin1'))) return { format: 'pdf' };
  if (startsWith(bytes, ZIP_LOCAL) || startsWith(bytes, ZIP_EMPTY)) {
    // Every zip names its parts in plain bytes (local headers and central directory), so this also holds
    // for a truncated .docx, which then fails in extraction with a 422 rather than here with a 415.
    if (bytes.indexOf(DOCX_PART) >= 0) return { format: 'docx' };
    if (bytes.indexOf(OFD_PART) >= 0) return { format: 'ofd' };
    throw new IntakeError(
      415,
      '不支持的文件类型：这个压缩包既不是 Word .docx 文档（缺少 word/document.xml），也不是 OFD 文档（缺少 OFD.xml）。请上传 .docx、.doc、.ofd、PDF、HTML 或纯文本报告。',
    );
  }
  if (IMAGE_MAGIC.some((m) => startsWith(bytes, m))) return { format: 'image' };
  if (isWord97(bytes)) return { format: 'doc' };
  if (WPS_NAME.test(filename ?? '')) throw new IntakeError(415, NOT_WORD97_WPS);
  if (isOleFile(bytes))
    throw new IntakeError(415, '不支持的文件类型：这是 Excel/PowerPoint 等 Office 97 文件，不是 Word 文档。请上传 .docx、.doc、PDF 或纯文本报告。');
  for (const [magic, message] of OTHER_TYPES) {
    if (startsWith(bytes, magic)) throw new IntakeError(415, `不支持的文件类型：${message}。`);
  }
  const decoded = decodeBytes(bytes);
  // Binary data decodes to control characters and U+FFFD whatever the guessed encoding.
  if (binaryShare(decoded.text) > 0.01) {
    throw new IntakeError(
      415,
      '不支持的文件类型：文件是二进制数据，不是文本、网页、Word、OFD 或 PDF 报告（含有文本文件不会有的控制字符）。',
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

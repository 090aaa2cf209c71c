/**
 * Word 97 .doc (and .wps files saved in the Word 97 container) → text, one paragraph per line.
 *
 * word-extractor reads the OLE compound file without native code. It drops automatic list numbers, as Word 97
 * stores them outside the text stream; headings typed by hand (一、…) survive, which is how most .doc reports
 * are written.
 */
import { IntakeError } from './intake.types';

interface WordDocument {
  getBody(options?: { filterUnicode?: boolean }): string;
}
interface WordExtractorClass {
  new (): { extract(source: Buffer): Promise<WordDocument> };
}

let extractorClass: WordExtractorClass | undefined;
// word-extractor ships no types; loaded on first use so the CLI's start-up does not pay for it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadExtractor = (): WordExtractorClass => (extractorClass ??= require('word-extractor') as WordExtractorClass);

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** The main stream of a Word 97 file, as its directory entry names it (UTF-16LE). */
const WORD_STREAM = Buffer.from('WordDocument', 'utf16le');

export const isOleFile = (bytes: Buffer): boolean =>
  bytes.length >= OLE_MAGIC.length && bytes.subarray(0, OLE_MAGIC.length).equals(OLE_MAGIC);

/** An OLE file is a Word 97 document when its directory has a WordDocument stream (.xls/.ppt do not). */
export const isWord97 = (bytes: Buffer): boolean => isOleFile(bytes) && bytes.indexOf(WORD_STREAM) >= 0;

export async function extractDoc(bytes: Buffer): Promise<string> {
  let body: string;
  try {
    const doc = await new (loadExtractor())().extract(bytes);
    // The default filter turns “” and — into ASCII; the report's own punctuation is kept.
    body = doc.getBody({ filterUnicode: false });
  } catch (e) {
    throw new IntakeError(422, `无法读取 Word 97 (.doc) 文件：文件已损坏或不完整（${reason(e)}）。请另存为 .docx 或 PDF 后重新上传。`);
  }
  return body
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[\t\u0007]+/g, ' ').replace(/\s+$/, ''))
    .filter((l) => l.trim().length > 0)
    .join('\n');
}

function reason(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 120);
}

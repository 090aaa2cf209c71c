/**
 * .docx → text, one paragraph per line, with Word's automatic list labels, after checking the zip cannot blow
 * up memory.
 */
import { IntakeError } from './intake.types';
import { DEFAULT_ZIP_LIMITS, readZipParts, shortReason, type ZipLimits } from './zip-parts';
import { docxText } from './docx-text';

export { DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip-parts';

const PARTS = new Set(['word/document.xml', 'word/numbering.xml', 'word/styles.xml']);

export async function extractDocx(bytes: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<string> {
  const parts = await readZipParts(bytes, '.docx', (name) => PARTS.has(name), limits);
  const document = parts.get('word/document.xml');
  if (!document) throw new IntakeError(422, '无法读取 .docx 文件：缺少正文部件 word/document.xml，文件已损坏或不是 Word 文档。');
  try {
    return docxText({ document, numbering: parts.get('word/numbering.xml'), styles: parts.get('word/styles.xml') });
  } catch (e) {
    if (e instanceof IntakeError) throw e;
    throw new IntakeError(422, `无法读取 .docx 文件：文件已损坏或不完整（${shortReason(e)}）。`);
  }
}

/** Checks the zip's sizes and inflates its XML parts without keeping them (a bomb fails here). */
export async function checkZip(bytes: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<void> {
  await readZipParts(bytes, '.docx', (name) => /\.(xml|rels)$/i.test(name), limits);
}

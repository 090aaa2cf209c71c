/**
 * .docx → text, one paragraph per line, after checking the zip cannot blow up memory.
 */
import * as mammoth from 'mammoth';
import * as yauzl from 'yauzl';
import { IntakeError } from './intake.types';

export interface ZipLimits {
  /** Total uncompressed size of all entries. */
  maxUncompressedBytes: number;
  /** Uncompressed : compressed, over the whole archive (real .docx files are about 3–10:1). */
  maxRatio: number;
  /** Ratio is only meaningful once a file is big enough to matter. */
  ratioFloorBytes: number;
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxUncompressedBytes: 50 * 1024 * 1024,
  maxRatio: 100,
  ratioFloorBytes: 5 * 1024 * 1024,
  maxEntries: 5000,
};

const CORRUPT = 'Cannot read the .docx file (无法读取 .docx 文件): it is damaged or incomplete';

export async function extractDocx(bytes: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<string> {
  await checkZip(bytes, limits);
  let raw: string;
  try {
    raw = (await mammoth.extractRawText({ buffer: bytes })).value;
  } catch (e) {
    throw new IntakeError(422, `${CORRUPT} (${shortReason(e)}).`);
  }
  // mammoth ends every paragraph with a blank line; one line per paragraph is enough.
  return raw
    .split(/\n/)
    .map((l) => l.replace(/\s+$/, ''))
    .filter((l) => l.trim().length > 0)
    .join('\n');
}

/**
 * Reads the central directory only (no inflating) and rejects archives whose declared sizes are absurd;
 * then inflates the XML parts mammoth will read through yauzl, which fails an entry whose real size exceeds
 * its declared size, so a lying header cannot get past the declared-size check.
 */
export async function checkZip(bytes: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true }, (err, z) => (err ? reject(err) : resolve(z!))),
  ).catch((e: unknown) => {
    throw new IntakeError(422, `${CORRUPT} (${shortReason(e)}).`);
  });
  const entries: yauzl.Entry[] = [];
  let total = 0;
  try {
    if (zip.entryCount > limits.maxEntries)
      throw new IntakeError(422, `The .docx file has ${zip.entryCount} parts; a report has a few dozen. Refusing it as a possible zip bomb.`);
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        entries.push(entry);
        total += entry.uncompressedSize;
        if (total > limits.maxUncompressedBytes) {
          reject(bombError(total, bytes.length, limits));
          return;
        }
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', (e: unknown) => reject(e));
      zip.readEntry();
    });
    if (total > limits.ratioFloorBytes && total / Math.max(1, bytes.length) > limits.maxRatio)
      throw bombError(total, bytes.length, limits);
    for (const entry of entries) {
      if (/\.(xml|rels)$/i.test(entry.fileName)) await drain(zip, entry);
    }
  } catch (e) {
    if (e instanceof IntakeError) throw e;
    throw new IntakeError(422, `${CORRUPT} (${shortReason(e)}).`);
  } finally {
    zip.close();
  }
}

function bombError(total: number, compressed: number, limits: ZipLimits): IntakeError {
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  return new IntakeError(
    422,
    `The .docx file expands to more than ${mb(Math.min(total, Number.MAX_SAFE_INTEGER))} MB from ${mb(compressed)} MB ` +
      `(limit ${mb(limits.maxUncompressedBytes)} MB, ratio ${limits.maxRatio}:1): refusing it as a possible zip bomb.`,
  );
}

function drain(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<void> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error('no stream'));
      stream.on('data', () => undefined);
      stream.on('end', () => resolve());
      stream.on('error', reject);
    });
  });
}

function shortReason(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0].slice(0, 160);
}

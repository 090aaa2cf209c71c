/**
 * Reading the XML parts of an office zip (.docx, .ofd) without letting a zip bomb exhaust memory.
 *
 * The central directory is read first (no inflating) and archives whose declared sizes are absurd are refused;
 * then only the wanted parts are inflated through yauzl, which fails an entry whose real size exceeds its
 * declared size, so a lying header cannot get past the declared-size check.
 */
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

/** Names of the entries and the inflated content of those `wanted` selects (keyed by name). */
export async function readZipParts(
  bytes: Buffer,
  kind: string,
  wanted: (name: string) => boolean,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<Map<string, Buffer>> {
  const corrupt = (e: unknown) => new IntakeError(422, `无法读取 ${kind} 文件：文件已损坏或不完整（${shortReason(e)}）。`);
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true }, (err, z) => (err ? reject(err) : resolve(z!))),
  ).catch((e: unknown) => {
    throw corrupt(e);
  });
  const entries: yauzl.Entry[] = [];
  let total = 0;
  const parts = new Map<string, Buffer>();
  try {
    if (zip.entryCount > limits.maxEntries)
      throw new IntakeError(422, `${kind} 文件含 ${zip.entryCount} 个部件，正常报告只有几十个：疑为压缩炸弹，已拒绝。`);
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        entries.push(entry);
        total += entry.uncompressedSize;
        if (total > limits.maxUncompressedBytes) {
          reject(bombError(kind, total, bytes.length, limits));
          return;
        }
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', (e: unknown) => reject(e));
      zip.readEntry();
    });
    if (total > limits.ratioFloorBytes && total / Math.max(1, bytes.length) > limits.maxRatio)
      throw bombError(kind, total, bytes.length, limits);
    for (const entry of entries) {
      const name = entry.fileName.replace(/^\/+/, '');
      if (wanted(name)) parts.set(name, await inflate(zip, entry));
    }
  } catch (e) {
    if (e instanceof IntakeError) throw e;
    throw corrupt(e);
  } finally {
    zip.close();
  }
  return parts;
}

function bombError(kind: string, total: number, compressed: number, limits: ZipLimits): IntakeError {
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  return new IntakeError(
    422,
    `${kind} 文件解压后超过 ${mb(Math.min(total, Number.MAX_SAFE_INTEGER))} MB（压缩 ${mb(compressed)} MB；上限 ${mb(limits.maxUncompressedBytes)} MB、` +
      `压缩比 ${limits.maxRatio}:1）：疑为压缩炸弹，已拒绝。`,
  );
}

/** One entry's bytes, whole: callers check sizes from the central directory before inflating. */
export function inflate(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error('no stream'));
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => resolve(Buffer.concat(chunks)));
      stream.on('error', reject);
    });
  });
}

export function shortReason(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0].slice(0, 160);
}

import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { CliUsageError } from '../cli-error';
import { batchLimits, BatchInputError, isZipName, readZip } from '../../batches/upload';

/** What a folder may hold; anything else in a folder is not a report (explicit file arguments are always tried). */
const REPORT_FILE = /\.(txt|html?|docx?|wps|ofd|pdf|png|jpe?g|tiff?|zip)$/i;

export interface BatchSource {
  file: string;
  /** read lazily from disk, or the bytes of a zip entry */
  path?: string;
  bytes?: Buffer;
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else if (entry.isFile() && REPORT_FILE.test(entry.name)) out.push(full);
  }
  return out;
}

/** Files, folders (recursively) and zips → one source per report, in a stable order. */
export async function collectSources(paths: string[], maxUploadMb: number): Promise<BatchSource[]> {
  const limits = batchLimits(maxUploadMb);
  const sources: BatchSource[] = [];
  for (const p of paths) {
    const stat = await fs.stat(p).catch(() => null);
    if (!stat) throw new CliUsageError(`${p}: no such file or directory`);
    const files = stat.isDirectory() ? await walk(p) : [p];
    for (const file of files) {
      if (!isZipName(file)) {
        sources.push({ file, path: file });
        continue;
      }
      try {
        for (const entry of await readZip(await fs.readFile(file), { ...limits, maxFiles: Number.MAX_SAFE_INTEGER })) sources.push({ file: `${file}/${entry.filename}`, bytes: entry.bytes });
      } catch (error) {
        if (error instanceof BatchInputError) throw new CliUsageError(`${file}: ${error.message}`);
        throw error;
      }
    }
  }
  if (sources.length === 0) throw new CliUsageError('batch: no report files (.txt, .html, .docx, .doc, .wps, .ofd, .pdf, .png, .jpg, .tif, .zip) found');
  return sources;
}


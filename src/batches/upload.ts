/**
 * What a batch upload holds: report files given one by one or in zips (folders allowed), and an optional CSV
 * manifest with each file's metadata. Everything is checked before anything is stored: a zip with an unsafe
 * path, too many files or too many bytes, or a manifest that does not fit the files, refuses the whole upload.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import * as iconv from 'iconv-lite';
import * as yauzl from 'yauzl';
import { megabytes } from '../config/app-config';
import { inflate } from '../intake/zip-parts';
import type { GovernmentLevel } from '../intake/intake.types';
import { PROFILE_NAME_PATTERN } from '../rubric/rubric.types';

export interface BatchLimits {
  maxFiles: number;
  /** one report (a file, or a zip entry) */
  maxFileBytes: number;
  /** all reports together, uncompressed */
  maxTotalBytes: number;
}

export const DEFAULT_MAX_BATCH_FILES = 5000;

export function batchLimits(maxUploadMb: number): BatchLimits {
  const maxFileBytes = megabytes(maxUploadMb);
  return { maxFiles: DEFAULT_MAX_BATCH_FILES, maxFileBytes, maxTotalBytes: 25 * maxFileBytes };
}

/** Bad batch input: the API answers 400 with the message and stores nothing; the CLI exits 2 with it. */
export class BatchInputError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413 = 400,
  ) {
    super(message);
    this.name = 'BatchInputError';
  }
}

export interface ManifestRow {
  file: string;
  issuer?: string;
  /** a level of government, or a profile key (checked against the loaded rubrics when the batch is created) */
  level?: string;
  year?: number;
  publishedAt?: string;
}

export interface BatchFile {
  filename: string;
  bytes: Buffer;
  sha256: string;
  issuer?: string;
  /** a level of government, or a profile key (checked against the loaded rubrics when the batch is created) */
  level?: string;
  year?: number;
  publishedAt?: string;
}

const HEADER_ALIASES: Record<string, keyof ManifestRow> = {
  file: 'file', filename: 'file', 'file name': 'file', path: 'file', 文件: 'file', 文件名: 'file', 文件名称: 'file',
  issuer: 'issuer', 单位: 'issuer', 报告单位: 'issuer', 发布单位: 'issuer', 发文单位: 'issuer', 报送单位: 'issuer',
  level: 'level', 层级: 'level', 类型: 'level', 单位类型: 'level',
  year: 'year', 年度: 'year', 年份: 'year', 报告年度: 'year',
  publishedat: 'publishedAt', published_at: 'publishedAt', published: 'publishedAt', 发布日期: 'publishedAt', 日期: 'publishedAt',
};

// Chinese names of the levels of government (the rubric maps a level to its profile); a profile key the rubric
// declares passes as written and is checked against the loaded rubrics when the batch is created
const LEVEL_ALIASES: Record<string, GovernmentLevel> = {
  省: 'province', 省级: 'province', 省政府: 'province', 省级政府: 'province',
  市: 'city', 地级市: 'city', 设区的市: 'city', 市政府: 'city', 设区的市政府: 'city', 自治州: 'city', 盟: 'city',
  县: 'county', 区: 'county', 县级市: 'county', 旗: 'county', 区县: 'county', 县区: 'county', 区县政府: 'county', 县政府: 'county', 区政府: 'county', 政府: 'county', 市县政府: 'county',
  部门: 'department', 政府部门: 'department',
  乡镇: 'township', 乡: 'township', 镇: 'township', 街道: 'township', '乡镇(街道)': 'township', '乡镇（街道）': 'township', 乡镇街道: 'township',
};

/** The manifest CSV: a header row (English or Chinese names), one row per file. */
export function parseManifest(csv: Buffer | string): ManifestRow[] {
  let text = typeof csv === 'string' ? csv : csv.toString('utf8');
  // Excel in a Chinese locale saves CSV as GBK: undecodable UTF-8 means it was not UTF-8
  if (typeof csv !== 'string' && text.includes('\ufffd')) text = iconv.decode(csv, 'gb18030');
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
  } catch (error) {
    throw new BatchInputError(`清单（manifest）不是可读的 CSV 文件（${(error as Error).message}）`);
  }
  if (records.length === 0) throw new BatchInputError('清单（manifest）为空');
  const header = records[0].map((h, i) => {
    const key = HEADER_ALIASES[h.replace(/^\ufeff/, '').trim().toLowerCase()];
    if (!key) throw new BatchInputError(`清单（manifest）第 ${i + 1} 列“${h}”无法识别：可用的列为 file、issuer、level、year、publishedAt`);
    return key;
  });
  if (!header.includes('file')) throw new BatchInputError('清单（manifest）须有 file 列，写明每个文件名');
  const rows: ManifestRow[] = [];
  records.slice(1).forEach((record, r) => {
    const line = r + 2;
    const row: ManifestRow = { file: '' };
    header.forEach((key, i) => {
      const value = (record[i] ?? '').trim();
      if (!value) return;
      if (key === 'file') row.file = value.replace(/\\/g, '/');
      else if (key === 'issuer') row.issuer = value.slice(0, 200);
      else if (key === 'level') {
        const level = LEVEL_ALIASES[value] ?? (PROFILE_NAME_PATTERN.test(value.toLowerCase()) ? value.toLowerCase() : undefined);
        if (!level) throw new BatchInputError(`清单第 ${line} 行：level“${value}”无法识别，可填 省级政府、设区的市政府、区县政府、政府部门、乡镇（街道），或评分类型名称`);
        row.level = level;
      } else if (key === 'year') {
        const year = Number(value.replace(/年度?$/, ''));
        if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new BatchInputError(`清单第 ${line} 行：year“${value}”不是年份`);
        row.year = year;
      } else if (key === 'publishedAt') {
        const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(value);
        if (!m) throw new BatchInputError(`清单第 ${line} 行：publishedAt“${value}”不是日期（YYYY-MM-DD）`);
        row.publishedAt = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
      }
    });
    if (!row.file) throw new BatchInputError(`清单第 ${line} 行：缺少文件名`);
    rows.push(row);
  });
  return rows;
}

/** A name inside a zip: `../`, absolute paths and drive letters could write or read outside any folder. */
export function safeEntryPath(raw: string): string {
  const name = raw.replace(/\\/g, '/');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.split('/').some((part) => part === '..') || name.includes('\0')) {
    throw new BatchInputError(`压缩包内的路径“${raw}”不安全（绝对路径或含 ../）：已拒绝该压缩包`);
  }
  return name.replace(/^(\.\/)+/, '');
}

function entryName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  // bit 11: the name is UTF-8; without it Chinese Windows tools write GBK
  if (entry.generalPurposeBitFlag & 0x800) return raw.toString('utf8');
  const utf8 = raw.toString('utf8');
  return utf8.includes('\ufffd') ? iconv.decode(raw, 'gb18030') : utf8;
}

const IGNORED = (name: string) => name.startsWith('__MACOSX/') || path.posix.basename(name).startsWith('.') || name.endsWith('/');

/** Entries of a zip, checked from the central directory before anything is inflated. */
export async function readZip(bytes: Buffer, limits: BatchLimits, budget = { files: 0, bytes: 0 }): Promise<Array<{ filename: string; bytes: Buffer }>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true }, (err, z) => (err ? reject(err) : resolve(z!))),
  ).catch((error: Error) => {
    throw new BatchInputError(`不是可读的 zip 压缩包（${error.message}）`);
  });
  const entries: Array<{ entry: yauzl.Entry; name: string }> = [];
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        try {
          const name = safeEntryPath(entryName(entry));
          if (!IGNORED(name)) {
            budget.files += 1;
            budget.bytes += entry.uncompressedSize;
            if (budget.files > limits.maxFiles) throw new BatchInputError(`文件过多：一个批次最多 ${limits.maxFiles} 个文件`);
            if (entry.uncompressedSize > limits.maxFileBytes)
              throw new BatchInputError(`压缩包内的“${name}”解压后为 ${mb(entry.uncompressedSize)}，单份报告最大 ${mb(limits.maxFileBytes)}`);
            if (budget.bytes > limits.maxTotalBytes)
              throw new BatchInputError(`压缩包解压后超过 ${mb(limits.maxTotalBytes)}：已拒绝`);
            entries.push({ entry, name });
          }
          zip.readEntry();
        } catch (error) {
          reject(error);
        }
      });
      zip.on('end', () => resolve());
      zip.on('error', (error: Error) => reject(error));
      zip.readEntry();
    });
    const out: Array<{ filename: string; bytes: Buffer }> = [];
    for (const { entry, name } of entries) out.push({ filename: name, bytes: await inflate(zip, entry) });
    return out;
  } catch (error) {
    if (error instanceof BatchInputError) throw error;
    throw new BatchInputError(`无法读取 zip 压缩包（${(error as Error).message}）`);
  } finally {
    zip.close();
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export const isZipName = (name: string) => /\.zip$/i.test(name);

/**
 * The files of one batch: zips expanded (entries named by their path inside; several zips also by the zip's
 * name), limits checked, manifest rows joined by path or, when unique, by bare file name.
 */
export async function collectBatchFiles(uploads: Array<{ filename: string; bytes: Buffer }>, manifest: ManifestRow[] | undefined, limits: BatchLimits): Promise<BatchFile[]> {
  const budget = { files: 0, bytes: 0 };
  const zips = uploads.filter((u) => isZipName(u.filename)).length;
  const files: Array<{ filename: string; bytes: Buffer }> = [];
  for (const upload of uploads) {
    if (isZipName(upload.filename)) {
      const prefix = zips > 1 ? `${upload.filename.replace(/\.zip$/i, '')}/` : '';
      for (const entry of await readZip(upload.bytes, limits, budget)) files.push({ filename: `${prefix}${entry.filename}`, bytes: entry.bytes });
    } else {
      budget.files += 1;
      budget.bytes += upload.bytes.length;
      if (budget.files > limits.maxFiles) throw new BatchInputError(`文件过多：一个批次最多 ${limits.maxFiles} 个文件`);
      if (upload.bytes.length > limits.maxFileBytes) throw new BatchInputError(`“${upload.filename}”大小为 ${mb(upload.bytes.length)}，单份报告最大 ${mb(limits.maxFileBytes)}`);
      if (budget.bytes > limits.maxTotalBytes) throw new BatchInputError(`批次总大小超过 ${mb(limits.maxTotalBytes)}`);
      files.push({ filename: path.posix.basename(upload.filename.replace(/\\/g, '/')), bytes: upload.bytes });
    }
  }
  if (files.length === 0) throw new BatchInputError('上传中没有报告文件：请以 multipart 字段 files 发送（一个或多个文件，或一个 .zip）');

  const byPath = new Map(files.map((f) => [f.filename, f]));
  const byBase = new Map<string, Array<{ filename: string }>>();
  for (const f of files) {
    const base = path.posix.basename(f.filename);
    byBase.set(base, [...(byBase.get(base) ?? []), f]);
  }
  const meta = new Map<string, ManifestRow>();
  const unmatched: string[] = [];
  for (const row of manifest ?? []) {
    const hit = byPath.get(row.file) ?? (byBase.get(path.posix.basename(row.file))?.length === 1 ? byBase.get(path.posix.basename(row.file))![0] : undefined);
    if (hit) meta.set(hit.filename, row);
    else unmatched.push(row.file);
  }
  if (unmatched.length) throw new BatchInputError(`清单中的文件不在上传内容中：${unmatched.slice(0, 5).join('、')}${unmatched.length > 5 ? `（另有 ${unmatched.length - 5} 个）` : ''}`);

  return files.map((f) => {
    const row = meta.get(f.filename);
    return {
      filename: f.filename.slice(0, 500),
      bytes: f.bytes,
      sha256: createHash('sha256').update(f.bytes).digest('hex'),
      ...(row?.issuer ? { issuer: row.issuer } : {}),
      ...(row?.level ? { level: row.level } : {}),
      ...(row?.year ? { year: row.year } : {}),
      ...(row?.publishedAt ? { publishedAt: row.publishedAt } : {}),
    };
  });
}

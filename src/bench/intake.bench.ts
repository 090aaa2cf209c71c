/**
 * Part 4: intake of the fixture variants (.docx, .pdf, .html; plain and GBK .txt for reference), files per
 * second on one core. "extract" is the format's extractor alone (bytes → text); "intake" is intakeReport, as
 * the API and the CLI run it (sniff, extract, normalise, sections, metadata, sha256).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeBytes, extractDocx, extractHtml, extractPdf, intakeReport } from '../intake';
import { distribution, FIXTURES, now, type Dist } from './util';

export interface IntakeFormatResult {
  format: string;
  files: number;
  avgBytes: number;
  extract: { perSecond: number; perFile: Dist };
  intake: { perSecond: number; perFile: Dist };
}

const FORMATS: Array<{ format: string; suffix: string; extract: (b: Buffer) => Promise<string> | string }> = [
  { format: 'docx', suffix: '.docx', extract: (b) => extractDocx(b) },
  { format: 'pdf', suffix: '.pdf', extract: (b) => extractPdf(b) },
  { format: 'html', suffix: '.html', extract: (b) => extractHtml(b) },
  { format: 'txt (GBK)', suffix: '.gbk.txt', extract: (b) => decodeBytes(b).text },
  { format: 'txt (UTF-8)', suffix: '.oneline.txt', extract: (b) => decodeBytes(b).text },
];

async function timeLoop(files: Array<{ name: string; bytes: Buffer }>, seconds: number, fn: (f: { name: string; bytes: Buffer }) => Promise<unknown>): Promise<{ perSecond: number; perFile: Dist }> {
  for (const f of files) await fn(f); // warm-up
  for (const f of files) await fn(f);
  const times: number[] = [];
  const t0 = now();
  let i = 0;
  while (now() - t0 < seconds * 1000 || times.length < files.length) {
    const f = files[i++ % files.length];
    const t = now();
    await fn(f);
    times.push(now() - t);
  }
  const total = now() - t0;
  return { perSecond: (times.length * 1000) / total, perFile: distribution(times) };
}

export async function runIntakeBench(args: { seconds: number }): Promise<IntakeFormatResult[]> {
  const dir = path.join(FIXTURES, 'variants');
  const results: IntakeFormatResult[] = [];
  for (const spec of FORMATS) {
    const files = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(spec.suffix))
      .sort()
      .map((name) => ({ name, bytes: fs.readFileSync(path.join(dir, name)) }));
    if (files.length === 0) continue;
    const extract = await timeLoop(files, args.seconds, async (f) => spec.extract(f.bytes));
    const intake = await timeLoop(files, args.seconds, async (f) => intakeReport({ bytes: f.bytes, filename: f.name }));
    results.push({ format: spec.format, files: files.length, avgBytes: files.reduce((s, f) => s + f.bytes.length, 0) / files.length, extract, intake });
  }
  return results;
}

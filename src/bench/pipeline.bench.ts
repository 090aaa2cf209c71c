/**
 * Part 2: files on disk → score cards in a results file.
 *  - `scorecard batch FILES --out FILE.json` as a user runs it (a separate process, start-up included), when
 *    the command exists in this build;
 *  - the same stages in-process over the same files, each timed: read, decode/extract, normalise, score, write.
 *    The floor is reading the files and writing results of the same size with no work between.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { prepareText, sniff, extractHtmlText, decodeHtml } from '../intake';
import { loadRubricDirectory } from '../rubric/rubric-loader';
import { scoreReport } from '../scoring/engine';
import { cpuAtExit, readExitCpu, type ExitCpu } from './cpu-at-exit';
import { DIST, now, ROOT, RUBRIC_DIR, runNode } from './util';

export const STAGES = ['read', 'decode/extract', 'normalise', 'score', 'write'] as const;
export type Stage = (typeof STAGES)[number];

export interface StageResult {
  files: number;
  totalMs: number;
  perSecond: number;
  stageMs: Record<Stage, number>;
  floor: { totalMs: number; perSecond: number };
}

export async function runPipelineStages(args: { listFile: string; outDir: string; warmup: number }): Promise<StageResult> {
  const files = fs.readFileSync(args.listFile, 'utf8').split('\n').filter(Boolean);
  const rubric = loadRubricDirectory(RUBRIC_DIR).current();
  const stageMs: Record<Stage, number> = { read: 0, 'decode/extract': 0, normalise: 0, score: 0, write: 0 };

  const one = async (file: string, acc: Record<Stage, number> | null, out: string[]) => {
    let t = now();
    const bytes = await fs.promises.readFile(file);
    let t2 = now();
    if (acc) acc.read += t2 - t;
    t = t2;
    const name = path.basename(file);
    const sniffed = sniff(bytes, name);
    const text = sniffed.format === 'html' ? extractHtmlText(decodeHtml(bytes)) : sniffed.decoded!.text.replace(/^\ufeff/, '');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    t2 = now();
    if (acc) acc['decode/extract'] += t2 - t;
    t = t2;
    const prepared = prepareText(text);
    t2 = now();
    if (acc) acc.normalise += t2 - t;
    t = t2;
    const card = scoreReport(prepared, rubric);
    t2 = now();
    if (acc) acc.score += t2 - t;
    t = t2;
    out.push(JSON.stringify({ file, sha256, card }));
    if (acc) acc.write += now() - t;
  };

  // warm-up on a few files (not timed), as a long batch would be after its first seconds
  const scratch: string[] = [];
  for (const file of files.slice(0, args.warmup)) await one(file, null, scratch);

  const out: string[] = [];
  const t0 = now();
  for (const file of files) await one(file, stageMs, out);
  const tw = now();
  const outFile = path.join(args.outDir, 'stages-out.json');
  await fs.promises.writeFile(outFile, `[\n${out.join(',\n')}\n]\n`);
  stageMs.write += now() - tw;
  const totalMs = now() - t0;

  // floor: the same reads and a write of the same size
  const sizes = out.map((s) => s.length);
  const f0 = now();
  const blank: string[] = [];
  for (let i = 0; i < files.length; i++) {
    const bytes = await fs.promises.readFile(files[i]);
    blank.push('x'.repeat(sizes[i]) + (bytes.length > 0 ? '' : ' '));
  }
  await fs.promises.writeFile(path.join(args.outDir, 'floor-out.json'), blank.join(',\n'));
  const floorMs = now() - f0;
  return { files: files.length, totalMs, perSecond: (files.length * 1000) / totalMs, stageMs, floor: { totalMs: floorMs, perSecond: (files.length * 1000) / floorMs } };
}

export interface CliBatchResult {
  available: boolean;
  files?: number;
  ms?: number;
  perSecond?: number;
  startupMs?: number;
  results?: number | null;
  exitCode?: number;
  note?: string;
  /** the command's own summary line on stderr (scored, failed, copy pairs, seconds) */
  summary?: string;
  /** CPU time of the whole run, all threads and the main thread alone */
  cpu?: ExitCpu | null;
}

const CLI = path.join(DIST, 'cli', 'main.js');

/** Is `scorecard batch` in this build? (`batch --help` exits 0 only when the command exists.) */
export async function cliBatchAvailable(): Promise<boolean> {
  if (!fs.existsSync(CLI)) return false;
  const { code, stdout } = await runNode([CLI, 'batch', '--help'], { logFile: '/dev/null' });
  return code === 0 && /batch/i.test(stdout);
}

/** How many results a batch output file holds, whatever its exact shape (array, {results|items|cards}, or JSON lines). */
export function countResults(file: string): number | null {
  if (!fs.existsSync(file)) return null;
  const text = fs.readFileSync(file, 'utf8');
  try {
    const data = JSON.parse(text) as unknown;
    if (Array.isArray(data)) return data.length;
    if (data && typeof data === 'object') {
      for (const key of ['results', 'items', 'cards', 'reports', 'files']) {
        const v = (data as Record<string, unknown>)[key];
        if (Array.isArray(v)) return v.length;
      }
    }
    return null;
  } catch {
    return text.split('\n').filter((l) => l.trim().startsWith('{')).length;
  }
}

export async function runCliBatch(files: string[], workDir: string, tag = ''): Promise<CliBatchResult> {
  if (!(await cliBatchAvailable())) return { available: false, note: '`scorecard batch` is not in this build yet' };
  const env = { ...process.env, LOG_LEVEL: 'warn' };
  const log = path.join(workDir, `cli-batch${tag}.log`);
  // start-up alone: the same command on one file
  const one = await runNode([CLI, 'batch', files[0], '--out', path.join(workDir, `batch-one${tag}.json`)], { env, cwd: ROOT, logFile: log });
  const out = path.join(workDir, `batch-out${tag}.json`);
  const bigLog = path.join(workDir, `cli-batch-run${tag}.log`);
  const cpuFile = path.join(workDir, `cli-batch-cpu${tag}.json`);
  const measured = cpuAtExit(cpuFile);
  const run = await runNode([...measured.flags, CLI, 'batch', ...files, '--out', out], { env: { ...env, ...measured.env }, cwd: ROOT, logFile: bigLog });
  const summary = fs
    .readFileSync(bigLog, 'utf8')
    .split('\n')
    .filter((l) => /scored/.test(l))
    .pop()
    ?.trim();
  return {
    summary,
    available: true,
    files: files.length,
    ms: run.ms,
    perSecond: (files.length * 1000) / run.ms,
    startupMs: one.ms,
    results: countResults(out),
    exitCode: run.code,
    cpu: readExitCpu(cpuFile),
  };
}

export interface PipelineFloorResult {
  files: number;
  ms: number;
  perSecond: number;
  matches: number;
  cpu?: ExitCpu | null;
}

/**
 * The floor of `scorecard batch`, as a whole process too: a Node process that reads the same files and runs one
 * compiled RegExp of the rubric's outline terms over each (what any scorer has to do at the least). Its wall
 * clock, start-up included, is taken by the caller; `runPipelineFloorChild` is the child's body.
 */
export function runPipelineFloorChild(args: { listFile: string; termsFile: string }): { matches: number } {
  const files = fs.readFileSync(args.listFile, 'utf8').split('\n').filter(Boolean);
  const terms = JSON.parse(fs.readFileSync(args.termsFile, 'utf8')) as string[];
  const sorted = terms.slice().sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  const re = new RegExp(sorted.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  let matches = 0;
  for (const file of files) for (const _ of fs.readFileSync(file, 'utf8').matchAll(re)) matches++;
  return { matches };
}

export async function runPipelineFloor(listFile: string, termsFile: string, files: number): Promise<PipelineFloorResult> {
  const cpuFile = `${listFile}.floor-cpu.json`;
  const measured = cpuAtExit(cpuFile);
  const { code, stdout, ms } = await runNode([...measured.flags, path.join(DIST, 'bench', 'main.js'), '--child', 'pipeline-floor', JSON.stringify({ listFile, termsFile })], { env: { ...process.env, ...measured.env }, logFile: '/dev/null' });
  if (code !== 0) throw new Error(`pipeline floor exited with ${code}`);
  const { matches } = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { matches: number };
  return { files, ms, perSecond: (files * 1000) / ms, matches, cpu: readExitCpu(cpuFile) };
}

/**
 * Small helpers shared by the benchmark parts: paths, statistics, child processes, formatting.
 * Nothing here is used by the service itself.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** dist/ (the compiled app this file belongs to): the bench spawns dist/main.js, dist/worker.js, dist/cli/main.js. */
export const DIST = path.resolve(__dirname, '..');
/** The repository root (fixtures, rubrics, BENCHMARKS.md). BENCH_ROOT overrides it for a build kept elsewhere. */
export const ROOT = process.env.BENCH_ROOT ? path.resolve(process.env.BENCH_ROOT) : path.resolve(DIST, '..');
export const RUBRIC_DIR = path.join(ROOT, 'rubrics');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');

export const now = (): number => Number(process.hrtime.bigint()) / 1e6; // ms

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export interface Dist {
  n: number;
  mean: number;
  p50: number;
  p99: number;
  max: number;
}

export function distribution(values: ArrayLike<number>): Dist {
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) sum += sorted[i];
  return { n: sorted.length, mean: sum / sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs tasks with at most `limit` in flight. */
export async function pool<T>(items: T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  });
  await Promise.all(lanes);
}

/** Every process the bench starts, so that each one (and only those) is ended on the way out. */
const children = new Set<ChildProcess>();

export function startProcess(command: string, args: string[], options: SpawnOptions & { logFile?: string }): ChildProcess {
  const { logFile, ...rest } = options;
  const stdio: SpawnOptions['stdio'] = logFile ? ['ignore', fs.openSync(logFile, 'a'), fs.openSync(logFile, 'a')] : ['ignore', 'pipe', 'pipe'];
  const child = spawn(command, args, { stdio, ...rest });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export async function stopProcess(child: ChildProcess, timeoutMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

export function killAllChildren(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Runs `node ARGS` to completion and returns its stdout (stderr goes to ours, or to `logFile`). */
export function runNode(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; logFile?: string } = {}): Promise<{ code: number; stdout: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = now();
    const child = spawn(process.execPath, args, {
      cwd: options.cwd ?? ROOT,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', options.logFile ? fs.openSync(options.logFile, 'a') : 'inherit'],
    });
    children.add(child);
    let stdout = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.once('error', reject);
    child.once('close', (code) => {
      children.delete(child);
      resolve({ code: code ?? -1, stdout, ms: now() - t0 });
    });
  });
}

/** Runs one bench part in a fresh Node process (`dist/bench/main.js --child NAME`) and returns its JSON result. */
export async function runChild<T>(name: string, args: Record<string, unknown>, nodeFlags: string[] = []): Promise<T> {
  const { code, stdout } = await runNode([...nodeFlags, path.join(__dirname, 'main.js'), '--child', name, JSON.stringify(args)]);
  const line = stdout.trim().split('\n').pop() ?? '';
  if (code !== 0) throw new Error(`bench child "${name}" exited with ${code}: ${stdout.slice(-500)}`);
  return JSON.parse(line) as T;
}

export function machine(): { cpu: string; cores: number; memoryGb: number; node: string; platform: string; load: number[] } {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGb: os.totalmem() / 1024 ** 3,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    load: os.loadavg(),
  };
}

export const fmt = (n: number, digits = 0): string =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '—';
export const ms = (n: number): string => (n >= 100 ? fmt(n, 0) : n >= 10 ? fmt(n, 1) : n >= 1 ? fmt(n, 2) : fmt(n, 3));
export const mb = (bytes: number): string => fmt(bytes / 1024 / 1024, 1);

/** A process's CPU time so far in ms (utime + stime of all its threads, Linux /proc), or null elsewhere. */
export function processCpuMs(pid: number | undefined): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // fields[11] and [12] are utime and stime (the 14th and 15th of the whole line), in clock ticks of 10 ms
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** The pids of every running process whose command name is `name` (Linux /proc), e.g. redis-server, postgres. */
export function pidsNamed(name: string): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) out.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/**
 * INTAKE_THREADS of each service process in these runs. The API and 2 workers on 2 cores with the default (a
 * thread per core in each) ran 6 intake threads for 2 cores: in the full run of 2026-12-02 15:13 that cost
 * 18.4–26.2 ms of CPU a report for 72–94 reports/s and a worker peak of 342.8 MB; with 1 a process (the full run at 15:28) 15.8–24.1 ms for 80–108/s and 320.8 MB.
 */
export const QUEUE_INTAKE_THREADS = 1;

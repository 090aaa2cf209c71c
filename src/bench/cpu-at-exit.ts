/**
 * Preloaded (`node --require`) into a command the bench times as a whole process: when the process exits, writes
 * its CPU time to BENCH_CPU_FILE — all threads together (getrusage, which counts threads that have already ended,
 * such as a batch's scoring threads) and the main thread alone (/proc) — so the bench can say where a run's time
 * went without profiling it.
 */
import * as fs from 'node:fs';
import { isMainThread } from 'node:worker_threads';

export interface ExitCpu {
  /** user + system time of every thread of the process, ms */
  totalMs: number;
  /** user + system time of the main thread, ms (null off Linux) */
  mainThreadMs: number | null;
}

/** User + system time of this process's main thread so far, ms (Linux /proc; null elsewhere). */
export function mainThreadMs(): number | null {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, in clock ticks of 10 ms
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

const file = process.env.BENCH_CPU_FILE;
if (file && isMainThread) {
  process.on('exit', () => {
    const usage = process.cpuUsage();
    const cpu: ExitCpu = { totalMs: (usage.user + usage.system) / 1000, mainThreadMs: mainThreadMs() };
    fs.writeFileSync(file, JSON.stringify(cpu));
  });
}

/** Node flags and environment that make a process write its ExitCpu to `file`. */
export function cpuAtExit(file: string): { flags: string[]; env: NodeJS.ProcessEnv } {
  return { flags: ['--require', __filename], env: { BENCH_CPU_FILE: file } };
}

export function readExitCpu(file: string): ExitCpu | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as ExitCpu;
  } catch {
    return null;
  }
}

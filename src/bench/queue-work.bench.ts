/**
 * The queue's work floor: what a batch item computes (intake and scoring in one pass, and what its rows store: the
 * card's JSON and the plan digest), for the queue part's own files, in one warm process, one file after another:
 * no HTTP, no BullMQ, no database, no thread hand-off. Its CPU time a report is what the 2 cores must give each
 * report whatever the queue around it costs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runIntakeTask } from '../intake-pool/intake-task';
import { loadRubricDirectory } from '../rubric/rubric-loader';
import { mainThreadMs } from './cpu-at-exit';

export interface QueueWorkResult {
  files: number;
  /** user + system time of the whole process (V8's helper threads included), per report */
  cpuMsPerReport: number;
  /** the same on the calling thread only (/proc/self/task), or null where that is not readable */
  mainThreadMsPerReport: number | null;
  wallMs: number;
  warmUp: number;
}

const WARM_UP = 100;

export async function runQueueWork(args: { files: string[]; rubricDir: string }): Promise<QueueWorkResult> {
  const rubrics = loadRubricDirectory(args.rubricDir);
  const task = (file: string) => ({ input: { bytes: fs.readFileSync(file), filename: path.basename(file) }, maxBytes: 20 * 2 ** 20, score: {}, forStorage: true });
  const run = async (t: ReturnType<typeof task>) => {
    const outcome = await runIntakeTask(t, rubrics);
    if (outcome.kind !== 'stored') throw new Error(`${t.input.filename}: intake answered ${outcome.kind}`);
  };
  for (let i = 0; i < Math.min(WARM_UP, args.files.length); i++) await run(task(args.files[i]));
  // the bytes are read before the clock starts: a batch item gets them from its row
  const tasks = args.files.map(task);
  const thread0 = mainThreadMs();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const t of tasks) await run(t);
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const thread1 = mainThreadMs();
  return {
    files: tasks.length,
    cpuMsPerReport: (cpu.user + cpu.system) / 1000 / tasks.length,
    mainThreadMsPerReport: thread0 !== null && thread1 !== null ? (thread1 - thread0) / tasks.length : null,
    wallMs,
    warmUp: Math.min(WARM_UP, args.files.length),
  };
}

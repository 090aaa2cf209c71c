/**
 * Part 5 (worker-like loop): a child process doing a scoring worker's per-job work — prepare the stored text,
 * score it, serialise the card for the database — for N reports, sampling RSS as it goes. Run with --expose-gc
 * so the retained heap can be read after a full collection at 1,000 and at N reports (a leak shows there even
 * when RSS hides it). The real worker processes' RSS is sampled separately in the queue part.
 */
import { prepareText } from '../intake';
import { loadRubricDirectory } from '../rubric/rubric-loader';
import { scoreReport } from '../scoring/engine';
import { readTexts } from './corpus';
import { now, RUBRIC_DIR } from './util';

export interface MemoryCheckpoint {
  reports: number;
  rss: number;
  rssAfterGc: number;
  heapAfterGc: number;
}

export interface MemoryResult {
  reports: number;
  distinctTexts: number;
  startRss: number;
  peakRssSampled: number;
  maxRss: number; // the kernel's high-water mark for the process (VmHWM)
  checkpoints: MemoryCheckpoint[];
  samples: Array<[number, number]>; // [reports done, rss]
  ms: number;
}

export async function runMemoryBench(args: { textsFile: string; n: number; checkpoints: number[] }): Promise<MemoryResult> {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  const rubric = loadRubricDirectory(RUBRIC_DIR).current();
  // a worker holds one report at a time (it loads each from the database): keep only a few hundred texts in
  // memory, cycled, so the corpus itself does not count as the worker's memory
  const texts = readTexts(args.textsFile, 300);
  gc();
  const startRss = process.memoryUsage.rss();
  let peak = startRss;
  const samples: Array<[number, number]> = [[0, startRss]];
  const checkpoints: MemoryCheckpoint[] = [];
  const t0 = now();
  let sink = 0;
  for (let i = 1; i <= args.n; i++) {
    const prepared = prepareText(texts[(i - 1) % texts.length]);
    const card = scoreReport(prepared, rubric);
    sink += JSON.stringify(card).length;
    if (i % 10 === 0) await new Promise((resolve) => setImmediate(resolve)); // a worker yields between jobs
    if (i % 100 === 0) {
      const rss = process.memoryUsage.rss();
      peak = Math.max(peak, rss);
      samples.push([i, rss]);
    }
    if (args.checkpoints.includes(i)) {
      const rss = process.memoryUsage.rss();
      gc();
      const mem = process.memoryUsage();
      checkpoints.push({ reports: i, rss, rssAfterGc: mem.rss, heapAfterGc: mem.heapUsed });
    }
  }
  if (sink === 0) throw new Error('no cards');
  return {
    reports: args.n,
    distinctTexts: texts.length,
    startRss,
    peakRssSampled: peak,
    maxRss: process.resourceUsage().maxRSS * 1024,
    checkpoints,
    samples,
    ms: now() - t0,
  };
}

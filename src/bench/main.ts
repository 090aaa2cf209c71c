#!/usr/bin/env node
/**
 * `npm run bench` (and `npm run bench -- --quick`): builds a corpus from the fixtures in a temp dir, measures the
 * engine, the file pipeline, the queue end to end, intake and worker memory, each next to its floor, and writes
 * BENCHMARKS.md. Figures are measured, never asserted: nothing here fails because a machine is slow.
 *
 *   --quick            about a minute: a smaller corpus and fewer reports per part
 *   --only a,b         only these parts (engine, pipeline, queue, intake, memory); prints, writes no file unless --out
 *   --out FILE         where to write the report (default BENCHMARKS.md at the repository root)
 *   --profile          CPU-profile every part (otherwise only the parts that miss their goal)
 *   --keep             keep the temp dir (corpus, logs, profiles)
 *   --child NAME JSON  internal: run one part in this (fresh) process and print its result as JSON
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildCorpus, type Corpus } from './corpus';
import { runEngineBench, runEngineProfile, type EngineResult } from './engine.bench';
import { runIntakeBench, type IntakeFormatResult } from './intake.bench';
import { runMemoryBench, type MemoryResult } from './memory.bench';
import { runCliBatch, runPipelineFloor, runPipelineFloorChild, runPipelineStages, type StageResult } from './pipeline.bench';
import { runStartupBench } from './startup.bench';
import { runHttpCheck, twelveKbFile } from './http-check.bench';
import { runCopiesBench, type CopiesResult } from './copies.bench';
import { compileRubric } from '../scoring/engine/compile';
import { loadRubricDirectory } from '../rubric/rubric-loader';
import { latestProfile, summariseProfile, type ProfileSummary } from './profile-summary';
import { runCeiling, runEmptyWorker, runQueueE2E, type CeilingResult, type QueueRunResult, type QueueSettings } from './queue.bench';
import { runQueueWork, type QueueWorkResult } from './queue-work.bench';
import { renderReport, evaluateGoals } from './report';
import { killAllChildren, machine, ROOT, RUBRIC_DIR, runChild } from './util';
import { PARTS, type BenchResults, type BenchSizes, type Part } from './results';

export { PARTS, type BenchResults, type BenchSizes, type Part };



export const FULL: BenchSizes = { corpus: 10_000, engine: 10_000, pipeline: 2_000, queue: 1_000, intakeSeconds: 2, memory: 10_000, memoryCheckpoints: [1_000, 10_000], startupRuns: 15, checkSeconds: 15, copies: [1_000, 10_000] };
export const QUICK: BenchSizes = { corpus: 1_500, engine: 1_500, pipeline: 500, queue: 300, intakeSeconds: 0.4, memory: 3_000, memoryCheckpoints: [1_000, 3_000], startupRuns: 5, checkSeconds: 4, copies: [300, 1_000] };


function parseArgs(argv: string[]) {
  const get = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const only = get('--only');
  const parts = only ? (only.split(',').map((s) => s.trim()) as Part[]) : [...PARTS];
  for (const p of parts) if (!PARTS.includes(p)) throw new Error(`--only: unknown part "${p}" (expected ${PARTS.join(', ')})`);
  return {
    quick: argv.includes('--quick'),
    parts,
    only: Boolean(only),
    out: get('--out'),
    profile: argv.includes('--profile'),
    keep: argv.includes('--keep'),
  };
}

async function child(name: string, json: string): Promise<void> {
  const args = JSON.parse(json || '{}') as Record<string, unknown>;
  let result: unknown;
  if (name === 'engine') result = runEngineBench(args as Parameters<typeof runEngineBench>[0]);
  else if (name === 'engine-profile') result = runEngineProfile(args as Parameters<typeof runEngineProfile>[0]);
  else if (name === 'stages') result = await runPipelineStages(args as Parameters<typeof runPipelineStages>[0]);
  else if (name === 'intake') result = await runIntakeBench(args as Parameters<typeof runIntakeBench>[0]);
  else if (name === 'pipeline-floor') result = runPipelineFloorChild(args as Parameters<typeof runPipelineFloorChild>[0]);
  else if (name === 'copies') result = runCopiesBench(args as Parameters<typeof runCopiesBench>[0]);
  else if (name === 'memory') result = await runMemoryBench(args as Parameters<typeof runMemoryBench>[0]);
  else if (name === 'queue-work') result = await runQueueWork(args as Parameters<typeof runQueueWork>[0]);
  else if (name === 'empty-worker') {
    await runEmptyWorker(args as Parameters<typeof runEmptyWorker>[0]);
    process.exit(0);
  } else throw new Error(`unknown bench child ${name}`);
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
}

async function redisVersion(url: string): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const IORedis = require('ioredis') as typeof import('ioredis').default;
  const client = new IORedis(url, { maxRetriesPerRequest: 1, lazyConnect: true, connectTimeout: 3000 });
  try {
    await client.connect();
    const info = await client.info('server');
    return /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
  } finally {
    client.disconnect();
  }
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function profiled<T>(dir: string, prefix: string, run: (flags: string[]) => Promise<T>): Promise<{ result: T; summary: ProfileSummary | null }> {
  const profDir = path.join(dir, 'profiles', prefix);
  fs.mkdirSync(profDir, { recursive: true });
  const result = await run(['--cpu-prof', `--cpu-prof-dir=${profDir}`, '--cpu-prof-interval=500']);
  const file = latestProfile(profDir);
  return { result, summary: file ? summariseProfile(file) : null };
}

/**
 * Sections of the existing file whose heading says "(measured separately)" (OCR and document formats, measured by
 * scripts of their own): kept when the bench rewrites the file, so that a run of the bench does not erase them.
 */
function measuredSeparately(file: string): string {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const sections = text.split(/^(?=## )/m).filter((section) => /^## .*\(measured separately\)/.test(section));
  return sections.length ? `\n${sections.join('').trimEnd()}\n` : '';
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') return child(argv[1], argv[2]);
  const opts = parseArgs(argv);
  const sizes = opts.quick ? QUICK : FULL;
  const started = Date.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fzs-bench-'));
  const redisUrl = (process.env.REDIS_URL ?? '').trim() || 'redis://127.0.0.1:6379';
  const results: BenchResults = {
    quick: opts.quick,
    command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
    machine: machine(),
    loadAfter: [],
    redis: await redisVersion(redisUrl).catch((e: Error) => `unreachable (${e.message})`),
    sizes,
    profiles: {},
    errors: {},
  };
  const cleanup = () => {
    killAllChildren();
    if (!opts.keep) fs.rmSync(work, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  log(`work dir ${work}; load ${results.machine.load.map((l) => l.toFixed(2)).join(' ')}`);

  try {
    const wants = (p: Part) => opts.parts.includes(p);
    const needsCorpus = opts.parts.some((p) => p !== 'intake');
    let corpus: Corpus | null = null;
    if (needsCorpus) {
      // the pipeline's goal corpus is its plain and traditional files: two in five of the corpus
      const n = wants('engine') || wants('memory') ? sizes.corpus : Math.max(Math.ceil(sizes.pipeline * 2.5), sizes.queue);
      log(`building a corpus of ${n} reports`);
      corpus = buildCorpus(path.join(work, 'corpus'), n);
      const mix: Record<string, number> = {};
      for (const f of corpus.files) mix[f.variant] = (mix[f.variant] ?? 0) + 1;
      results.corpus = { files: corpus.files.length, mix, avgChars: corpus.avgChars, minChars: corpus.minChars, maxChars: corpus.maxChars, buildMs: corpus.buildMs };
      log(`corpus built in ${(corpus.buildMs / 1000).toFixed(1)} s (avg ${corpus.avgChars.toFixed(0)} chars)`);
    }

    const attempt = async (part: Part, fn: () => Promise<void>) => {
      if (!wants(part)) return;
      log(`${part} ...`);
      try {
        await fn();
      } catch (error) {
        results.errors[part] = (error as Error).stack ?? String(error);
        log(`${part} failed: ${(error as Error).message}`);
      }
    };

    await attempt('engine', async () => {
      const args = { textsFile: corpus!.textsFile, n: sizes.engine };
      results.engine = await runChild<EngineResult>('engine', args);
      const e = results.engine;
      log(`engine ${e.engine.perSecond.toFixed(0)}/s, floor ${e.floor.perSecond.toFixed(0)}/s, ratio ${e.ratio.toFixed(2)}`);
      {
        // always: the engine's hot spots go to its owner whether or not the goal is met
        const p = await profiled(work, 'engine', (flags) => runChild<{ reports: number }>('engine-profile', { ...args, n: Math.min(args.n, 500), seconds: opts.quick ? 2 : 5 }, flags));
        if (p.summary) results.profiles.engine = p.summary;
      }
    });

    await attempt('startup', async () => {
      const file = corpus!.files.find((f) => f.variant === 'plain')!.file;
      results.startup = await runStartupBench({ file, runs: sizes.startupRuns });
      log(`startup: check ${results.startup.check.p50.toFixed(0)} ms, node -e 0 ${results.startup.floor.p50.toFixed(0)} ms`);
    });

    await attempt('pipeline', async () => {
      // the goal's corpus: plain UTF-8 reports, simplified and traditional (the format mix is run after it)
      const files = corpus!.files.filter((f) => f.variant === 'plain' || f.variant === 'trad').slice(0, sizes.pipeline).map((f) => f.file);
      const mixed = corpus!.files.slice(0, sizes.pipeline).map((f) => f.file);
      const listFile = path.join(work, 'pipeline-files.txt');
      fs.writeFileSync(listFile, files.join('\n'));
      const termsFile = path.join(work, 'terms.json');
      fs.writeFileSync(termsFile, JSON.stringify(compileRubric(loadRubricDirectory(RUBRIC_DIR).current()).terms));
      const floor = await runPipelineFloor(listFile, termsFile, files.length);
      const cli = await runCliBatch(files, work);
      const mixedCli = await runCliBatch(mixed, work, '-mixed');
      const stageArgs = { listFile, outDir: work, warmup: Math.min(100, files.length) };
      const stages = await runChild<StageResult>('stages', stageArgs);
      results.pipeline = { cli, mixed: mixedCli, floor, stages };
      log(`pipeline: cli ${cli.available ? `${cli.perSecond!.toFixed(0)}/s` : 'n/a'} (floor ${floor.perSecond.toFixed(0)}/s), mixed formats ${mixedCli.perSecond?.toFixed(0)}/s, in-process ${stages.perSecond.toFixed(0)}/s`);
      const headline = cli.available ? cli.perSecond! : stages.perSecond;
      if (opts.profile || (headline < 1000 && !opts.quick)) {
        const p = await profiled(work, 'pipeline', (flags) => runChild<StageResult>('stages', stageArgs, flags));
        if (p.summary) results.profiles.pipeline = p.summary;
      }
    });

    await attempt('check', async () => {
      const file = twelveKbFile(corpus!.files.filter((f) => f.variant === 'plain').slice(0, 30).map((f) => f.file));
      results.check = await runHttpCheck({ file, workDir: work, seconds: sizes.checkSeconds, connections: 20 });
      const c = results.check;
      log(`POST /check p50 ${c.check.p50} ms p99 ${c.check.p99} ms; /health p99 ${c.healthDuring.p99} ms (alone ${c.healthAlone.p99} ms)`);
    });

    await attempt('queue', async () => {
      const settings: QueueSettings = { redisUrl, concurrency: Number(process.env.WORKER_CONCURRENCY) || 4, inFlight: 16, workDir: work };
      const files = corpus!.files.slice(0, sizes.queue);
      const runs: QueueRunResult[] = [];
      const ceilings: CeilingResult[] = [];
      // the issue's runs: 2 worker processes, each database, POST /reports and one POST /batches; the ceiling
      // between them, so that it sees the same load
      const workers = 2;
      for (const [store, via] of [['sqlite', 'reports'], ['postgres', 'reports'], ['sqlite', 'batch'], ['postgres', 'batch']] as const) {
        if (via === 'batch' && ceilings.length === 0) {
          ceilings.push(await runCeiling(sizes.queue, workers, settings));
          log(`empty jobs ${workers} worker(s): ${ceilings[ceilings.length - 1].perSecond.toFixed(0)}/s`);
        }
        let r: QueueRunResult;
        try {
          r = await runQueueE2E(files, workers, settings, store, via);
        } catch (error) {
          // one run failing (PostgreSQL not up, say) keeps the others' figures
          results.errors.queue = `${results.errors.queue ? `${results.errors.queue}\n` : ''}${store}, POST /${via === 'batch' ? 'batches' : 'reports'}: ${(error as Error).message}`;
          log(`queue ${store} ${via} failed: ${(error as Error).message}`);
          continue;
        }
        runs.push(r);
        log(`queue ${workers} worker(s), ${store}, POST /${via === 'batch' ? 'batches' : 'reports'}: ${r.perSecond.toFixed(0)}/s (${r.done} done, ${r.failed} failed, ${r.rejected} rejected)`);
      }
      results.queue = { settings: { concurrency: settings.concurrency, inFlight: settings.inFlight }, runs, ceilings };
      // the work floor: what the items compute, for the same files, with no queue around it
      results.queue.work = await runChild<QueueWorkResult>('queue-work', { files: files.map((f) => f.file), rubricDir: RUBRIC_DIR });
      log(`queue work floor: ${results.queue.work.cpuMsPerReport.toFixed(2)} ms of CPU a report`);
      if (opts.profile || (Math.max(...runs.map((r) => r.perSecond)) < 300 && !opts.quick)) {
        const profileDir = path.join(work, 'profiles', 'queue');
        fs.mkdirSync(profileDir, { recursive: true });
        await runQueueE2E(files, 2, { ...settings, profileDir });
        const api = latestProfile(profileDir, 'main-');
        const worker = latestProfile(profileDir, 'worker-');
        if (api) results.profiles.api = summariseProfile(api);
        if (worker) results.profiles.worker = summariseProfile(worker);
      }
    });

    await attempt('intake', async () => {
      results.intake = await runChild<IntakeFormatResult[]>('intake', { seconds: sizes.intakeSeconds });
    });

    await attempt('copies', async () => {
      results.copies = await runChild<CopiesResult>('copies', { sizes: sizes.copies }, ['--expose-gc']);
      log(`copies: ${results.copies.runs.map((r) => `${r.reports} in ${(r.ms / 1000).toFixed(1)} s`).join(', ')}`);
    });

    await attempt('memory', async () => {
      results.memory = await runChild<MemoryResult>('memory', { textsFile: corpus!.textsFile, n: sizes.memory, checkpoints: sizes.memoryCheckpoints }, ['--expose-gc']);
      log(`memory: peak ${(results.memory.maxRss / 2 ** 20).toFixed(0)} MB`);
    });
  } finally {
    cleanup();
  }

  results.durationMs = Date.now() - started;
  results.loadAfter = os.loadavg();
  const markdown = renderReport(results);
  const target = opts.out ? path.resolve(opts.out) : opts.only ? null : path.join(ROOT, 'BENCHMARKS.md');
  if (target) {
    fs.writeFileSync(target, markdown + measuredSeparately(target));
    log(`wrote ${target}`);
  } else process.stdout.write(markdown);
  for (const g of evaluateGoals(results)) log(`${g.met === null ? '—' : g.met ? 'met' : 'MISSED'}: ${g.goal}: ${g.measured}`);
  if (Object.keys(results.errors).length) {
    log(`parts that failed: ${Object.keys(results.errors).join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: Error) => {
  killAllChildren();
  process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});

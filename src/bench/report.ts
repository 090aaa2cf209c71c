/**
 * BENCHMARKS.md from one bench run: every figure is taken from `BenchResults`, none is typed in by hand.
 */
import type { BenchResults, GoalCheck } from './results';

export type { GoalCheck };
import type { ProfileSummary } from './profile-summary';
import { fmt, mb, ms, QUEUE_INTAKE_THREADS } from './util';
import { checkSection, copiesSection, moreGoals, pipelineFloorLines, startupSection } from './report-sections';
import { FIXES, ingestName, limitsSection } from './report-limits';


const MB = 1024 * 1024;
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

function workerPeak(r: BenchResults): number | null {
  const peaks = (r.queue?.runs ?? []).flatMap((run) => run.workerProbes.map((p) => p.maxRss));
  return peaks.length ? Math.max(...peaks) : null;
}

export function evaluateGoals(r: BenchResults): GoalCheck[] {
  const goals: GoalCheck[] = [];
  const e = r.engine;
  goals.push({
    goal: 'Engine ≥ 2,000 reports/s on one core',
    measured: e ? `${fmt(e.engine.perSecond)} reports/s` : 'not measured',
    met: e ? e.engine.perSecond >= 2000 : null,
  });
  goals.push({
    goal: 'Engine within 3× of the one-RegExp floor',
    measured: e ? `${e.ratio.toFixed(2)}× (floor ${fmt(e.floor.perSecond)} reports/s)` : 'not measured',
    met: e ? e.ratio <= 3 : null,
  });
  goals.push(...moreGoals(r));
  const q = r.queue;
  for (const database of ['sqlite', 'postgres'] as const) {
    const runs = (q?.runs ?? []).filter((run) => (run.database ?? 'sqlite') === database);
    const ceiling = q?.ceilings.find((c) => c.workers === 2);
    goals.push({
      goal: `Queue end to end ≥ 300 reports/s with ${database === 'sqlite' ? 'SQLite' : 'PostgreSQL'} (2 worker processes)`,
      measured: runs.length
        ? runs.map((run) => `${ingestName(run)} ${fmt(run.perSecond)}/s${ceiling ? ` (${(run.perSecond / ceiling.perSecond).toFixed(3)} of BullMQ's ${fmt(ceiling.perSecond)} empty jobs/s)` : ''}`).join('; ')
        : 'not measured',
      met: runs.length ? runs.every((run) => run.perSecond >= 300) : null,
    });
  }
  const peak = Math.max(workerPeak(r) ?? 0, r.memory?.maxRss ?? 0);
  goals.push({
    goal: 'Worker peak RSS < 300 MB',
    measured: peak ? `${mb(peak)} MB` : 'not measured',
    met: peak ? peak < 300 * MB : null,
  });
  const m = r.memory;
  if (m && m.checkpoints.length >= 2) {
    const [a, b] = [m.checkpoints[0], m.checkpoints[m.checkpoints.length - 1]];
    const heapGrowth = b.heapAfterGc - a.heapAfterGc;
    const rssGrowth = b.rssAfterGc - a.rssAfterGc;
    goals.push({
      goal: `Worker memory flat from ${fmt(a.reports)} to ${fmt(b.reports)} reports`,
      measured: `RSS ${mb(a.rss)} → ${mb(b.rss)} MB; retained heap after GC ${mb(a.heapAfterGc)} → ${mb(b.heapAfterGc)} MB`,
      met: heapGrowth < 5 * MB && rssGrowth < 0.1 * a.rssAfterGc,
    });
  } else goals.push({ goal: 'Worker memory flat from 1,000 to 10,000 reports', measured: 'not measured', met: null });
  const probes = (q?.runs ?? []).flatMap((run) => run.workerProbes);
  if (probes.length) {
    const block = Math.max(...probes.map((x) => x.loopDelay.maxMs));
    const lock = q!.runs[0].lockDurationMs;
    goals.push({
      goal: 'Scoring never blocks BullMQ lock renewal (longest event-loop block ≪ renewal interval)',
      measured: `longest block ${ms(block)} ms vs renewal every ${fmt(lock / 2)} ms (lock ${fmt(lock)} ms)`,
      met: block < lock / 2 / 10,
    });
  }
  return goals;
}

function profileTable(title: string, s: ProfileSummary | undefined): string[] {
  if (!s) return [];
  const out = [`**${title}** — self time by function (top ${s.functions.length}), then by file:`, '', '| share | function | where |', '| ---: | --- | --- |'];
  for (const f of s.functions) out.push(`| ${pct(f.share)} | \`${f.name}\` | ${f.where} |`);
  out.push('', '| share | file |', '| ---: | --- |');
  for (const f of s.files.slice(0, 8)) out.push(`| ${pct(f.share)} | ${f.where} |`);
  out.push('');
  return out;
}

export function renderReport(r: BenchResults): string {
  const L: string[] = [];
  const m = r.machine;
  const goals = evaluateGoals(r);
  const loadNote = Math.max(...m.load.slice(0, 2), ...r.loadAfter.slice(0, 2)) > m.cores * 0.5;
  L.push('# Benchmarks', '');
  L.push(
    `Measured by \`${r.command}\` on ${r.startedAt.slice(0, 10)} (${r.startedAt.slice(11, 19)} UTC, ${fmt(r.durationMs / 1000)} s).` +
      ` ${r.quick ? 'This is the **quick** run (smaller corpus and fewer reports per part); the goals are stated for the full run, `npm run bench`.' : ''}`,
    'Every figure below is written by the bench from what it measured in that one run (`src/bench/`); nothing is asserted in tests.',
    '',
  );
  L.push('## Machine', '');
  L.push(`| | |`, `| --- | --- |`);
  L.push(`| CPU | ${m.cpu}, ${m.cores} cores |`);
  L.push(`| memory | ${fmt(m.memoryGb, 1)} GB |`);
  L.push(`| Node | ${m.node} |`);
  L.push(`| OS | ${m.platform} |`);
  L.push(`| Redis | ${r.redis} |`);
  L.push(`| load average (1/5/15 min) | before ${m.load.map((x) => x.toFixed(2)).join(' / ')}, after ${r.loadAfter.map((x) => x.toFixed(2)).join(' / ')} |`);
  L.push('');
  if (loadNote)
    L.push(
      `> The machine was not idle (load above half its ${m.cores} cores before or after the run: other work, such as test suites, shared the cores). ` +
        'Throughput figures are lower and noisier than on an idle machine; the ratios to the floors, measured side by side in the same processes, are the steadier figures.',
      '',
    );

  L.push('## Goals', '', '| goal | measured | met |', '| --- | --- | :---: |');
  for (const g of goals) L.push(`| ${g.goal} | ${g.measured} | ${g.met === null ? '—' : g.met ? 'yes' : '**no**'} |`);
  L.push('');

  if (r.corpus) {
    const c = r.corpus;
    L.push('## Corpus', '');
    L.push(
      `${fmt(c.files)} reports built in a temp dir from the 3 real reports in \`test/fixtures/reports/\` and their variants in \`test/fixtures/variants/\`` +
        ` (${Object.entries(c.mix)
          .map(([k, v]) => `${k} ${fmt(v)}`)
          .join(', ')}: plain UTF-8 text, traditional characters, a web page with navigation, the body as one paragraph, GBK bytes).` +
        ' Each report swaps its issuer\'s place name for a generated one, shifts the report year and gets one sentence no other report has, so every file has its own sha256.' +
        ` Normalised length ${fmt(c.minChars)}–${fmt(c.maxChars)} characters (mean ${fmt(c.avgChars)}): the fixtures already lie inside the 3,000–5,000 the goals are stated for, so nothing is sliced.` +
        ` Built in ${fmt(c.buildMs / 1000, 1)} s.`,
      '',
    );
  }

  L.push('## 1. Engine', '');
  const e = r.engine;
  if (e) {
    L.push('| | reports/s (one core) | p50 / report | p99 / report | max / report |', '| --- | ---: | ---: | ---: | ---: |');
    L.push(`| engine \`score(prepared, rubric, profile)\` | ${fmt(e.engine.perSecond)} | ${ms(e.engine.perReport.p50)} ms | ${ms(e.engine.perReport.p99)} ms | ${ms(e.engine.perReport.max)} ms |`);
    L.push(`| floor: one RegExp of all ${fmt(e.terms)} terms, \`matchAll\` once | ${fmt(e.floor.perSecond)} | ${ms(e.floor.perReport.p50)} ms | ${ms(e.floor.perReport.p99)} ms | ${ms(e.floor.perReport.max)} ms |`);
    L.push(`| (inside the engine: its trie scan \`scanTerms\` alone) | ${fmt(e.scan.perSecond)} | ${ms(e.scan.perReport.p50)} ms | ${ms(e.scan.perReport.p99)} ms | ${ms(e.scan.perReport.max)} ms |`);
    L.push('');
    L.push(
      `**Ratio engine / floor: ${e.ratio.toFixed(2)}×.** ${fmt(e.reports)} prepared reports (mean ${fmt(e.avgChars)} normalised characters), scored once each after a JIT warm-up on 300,` +
        ' in a child process of its own; engine, floor and scan run in alternating blocks of 500 of the same reports so that load from elsewhere hits all three alike.' +
        ` The scan is ${pct(e.scan.perReport.mean / e.engine.perReport.mean)} of the engine's time per report: the rest is sentence splitting, section roles, figures and building the card.`,
      '',
    );
    L.push(...profileTable('Engine profile (`node --cpu-prof`, scoring only)', r.profiles.engine));
  } else L.push(r.errors.engine ? `Failed: \`${r.errors.engine.split('\n')[0]}\`` : 'Not run.', '');

  L.push(...startupSection(r));
  L.push('## 2. Pipeline: files on disk → score cards', '');
  const p = r.pipeline;
  if (p) {
    const s = p.stages;
    if (p.cli.available)
      L.push(
        `\`scorecard batch\` over ${fmt(p.cli.files!)} files → **${fmt(p.cli.perSecond!)} reports/s** (${fmt(p.cli.ms! / 1000, 2)} s wall clock including start-up; the same command on one file takes ${fmt(p.cli.startupMs!)} ms; exit code ${p.cli.exitCode}; ${p.cli.results ?? '?'} results in the output file).` +
          (p.cli.summary ? ` Its own summary: \`${p.cli.summary}\`.` : '') +
          ' Besides intake and scoring, `scorecard batch` runs copy detection across all the files (MinHash + LSH, then exact shingle overlap on candidate pairs). This corpus is 3 reports in many wrappings, so every report is a near-copy of a third of the others: the worst case for that step, far from a real season, and part of the gap between the command and the stage split below.',
        '',
      );
    else L.push(`\`scorecard batch\` was not in this build (${p.cli.note}); the figure is the same stages run in-process over the same files, below.`, '');
    L.push(...pipelineFloorLines(r));
    L.push(
      `The same ${fmt(s.files)} files through the same stages in one process, each stage timed: **${fmt(s.perSecond)} reports/s**; floor (read every file and write results of the same size, no work between): ${fmt(s.floor.perSecond)} reports/s.`,
      '',
    );
    L.push('| stage | time | share | per report |', '| --- | ---: | ---: | ---: |');
    const total = Object.values(s.stageMs).reduce((a, b) => a + b, 0);
    for (const [stage, t] of Object.entries(s.stageMs)) L.push(`| ${stage} | ${fmt(t)} ms | ${pct(t / total)} | ${ms(t / s.files)} ms |`);
    L.push('');
    L.push(
      'Stages: *read* `fs.readFile`; *decode/extract* sniffing, charset detection and decoding (GBK, UTF-8), HTML extraction (cheerio + Readability) and the sha256; *normalise* `prepareText` (traditional → simplified, half-width folding, sections, metadata);' +
        ' *score* `score()`; *write* the JSON of each card and the results file. Run sequentially, as `scorecard batch` does, after 100 files of warm-up.',
      '',
    );
    L.push(...profileTable('Pipeline profile (in-process stages)', r.profiles.pipeline));
  } else L.push(r.errors.pipeline ? `Failed: \`${r.errors.pipeline.split('\n')[0]}\`` : 'Not run.', '');

  L.push(...checkSection(r));
  L.push('## 3. Queue end to end: POST /reports or POST /batches → BullMQ workers → SQLite or PostgreSQL', '');
  const q = r.queue;
  if (q && q.runs.length) {
    L.push(
      '| database | reports sent as | worker processes | reports | reports/s until all done | ingest reports/s | empty-job BullMQ ceiling | ratio to ceiling | job time p50 / p99 / max | request p50 / p99 |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const run of q.runs) {
      const c = q.ceilings.find((x) => x.workers === run.workers);
      const j = run.jobMs;
      L.push(
        `| ${run.database === 'postgres' ? 'PostgreSQL' : 'SQLite'} | ${ingestName(run)} | ${run.workers} | ${fmt(run.done)} done${run.failed ? `, ${run.failed} failed` : ''}${run.rejected ? `, ${run.rejected} rejected` : ''} | **${fmt(run.perSecond)}** | ${fmt(run.ingestPerSecond)} | ${c ? `${fmt(c.perSecond)} jobs/s` : '—'} | ${c ? `${(run.perSecond / c.perSecond).toFixed(2)}` : '—'} | ${j ? `${ms(j.p50)} / ${ms(j.p99)} / ${ms(j.max)} ms` : '—'} | ${ms(run.requestMs.p50)} / ${ms(run.requestMs.p99)} ms |`,
      );
    }
    L.push('');
    L.push(
      `Each run: a fresh SQLite file or PostgreSQL database (on 127.0.0.1, BENCH_PG_URL) and a fresh queue prefix; \`dist/main.js\` with RUN_WORKER=false (the API) and \`dist/worker.js\` processes, WORKER_CONCURRENCY=${q.settings.concurrency}, INTAKE_THREADS=${QUEUE_INTAKE_THREADS} in each process (three processes share the cores; see Scaling out in README), on the same ${r.machine.cores} cores as the bench client.` +
        ` The client sends ${fmt(q.runs[0].reports)} corpus files (the format mix above): as one multipart POST /reports each with ${q.settings.inFlight} requests in flight, or all in one multipart POST /batches (the API stores the bytes, the workers do intake, scoring and the items; the request time is that one request), using one admin key` +
        ' (RATE_LIMIT_PER_MINUTE is raised for the run: the default 600/min per key would measure the throttle, not the service); the clock runs from the first request until the database holds every assessment as `done`.' +
        ' Job time is the assessment\'s finishedAt − startedAt (load rows, prepare, score, write the card). The ceiling is BullMQ alone on the same Redis: the same number of worker processes with the same concurrency and lock options and an empty processor,' +
        ` fed ${fmt(q.ceilings[0]?.jobs ?? 0)} jobs with the scoring jobs' options by a producer with the same ${q.settings.inFlight} adds in flight.`,
      '',
    );
    for (const run of q.runs) {
      const api = run.apiProbe;
      L.push(
        `- ${run.database === 'postgres' ? 'PostgreSQL' : 'SQLite'}, ${ingestName(run)}, ${run.workers} worker process${run.workers > 1 ? 'es' : ''}: worker RSS ${run.workerProbes.map((w) => `${mb(w.rssAtStart)} → ${mb(w.rss)} MB (peak ${mb(w.maxRss)} MB)`).join('; ')}; longest event-loop block in a worker ${ms(Math.max(...run.workerProbes.map((w) => w.loopDelay.maxMs)))} ms (p99 ${ms(Math.max(...run.workerProbes.map((w) => w.loopDelay.p99Ms)))} ms)` +
          (run.finaliseMs !== undefined ? `; the batch was finalised (copy detection, plan fulfilment) ${fmt(run.finaliseMs / 1000, 1)} s after its last assessment, inside these figures` : '') +
          (api ? `; API RSS peak ${mb(api.maxRss)} MB, its longest event-loop block ${ms(api.loopDelay.maxMs)} ms.` : '.'),
      );
    }
    L.push('');
    const costed = q.runs.filter((run) => run.cpuMsPerReport);
    if (costed.length) {
      L.push(
        'CPU time per report (user + system, from /proc, over the same runs; PostgreSQL is every `postgres` process on the machine, idle ones included):',
        '',
        '| database | reports sent as | API | workers | Redis | PostgreSQL | bench client | all | the 2 cores allow at most |',
        '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        ...costed.map((run) => {
          const c = run.cpuMsPerReport!;
          return `| ${run.database === 'postgres' ? 'PostgreSQL' : 'SQLite'} | ${ingestName(run)} | ${ms(c.api)} ms | ${ms(c.workers)} ms | ${ms(c.redis)} ms | ${ms(c.postgres)} ms | ${ms(c.client)} ms | **${ms(c.total)} ms** | ${fmt((r.machine.cores * 1000) / c.total)} reports/s |`;
        }),
        '',
      );
    }
    if (q.work) {
      const w = q.work;
      L.push(
        `Floor of the work itself: intake and scoring of the same ${fmt(w.files)} files as a batch item does them, with what its rows store (the card's JSON, the plan digest), in one warm process, one file after another, with no HTTP, queue, database or thread hand-off (\`runIntakeTask\`, after ${w.warmUp} files of warm-up): **${ms(w.cpuMsPerReport)} ms of CPU a report**${w.mainThreadMsPerReport !== null ? ` (${ms(w.mainThreadMsPerReport)} ms on its thread, the rest V8's helper threads)` : ''}, so the ${r.machine.cores} cores give at most ${fmt((r.machine.cores * 1000) / w.cpuMsPerReport)} reports/s of this mix before anything around it costs a millisecond.`,
        '',
      );
    }
    if (r.errors.queue) L.push(`Runs that failed: \`${r.errors.queue.split('\n').join('`; `')}\``, '');
    L.push(...profileTable('API process profile (2 workers, a separate profiled run)', r.profiles.api));
    L.push(...profileTable('Worker process profile (2 workers, a separate profiled run)', r.profiles.worker));
  } else L.push(r.errors.queue ? `Failed: \`${r.errors.queue.split('\n')[0]}\`` : 'Not run.', '');

  L.push('## 4. Intake', '');
  if (r.intake) {
    L.push('| format | fixture files | mean size | extraction/s | p50 / p99 per file | full intake/s | p50 / p99 per file |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const x of r.intake)
      L.push(
        `| ${x.format} | ${x.files} | ${fmt(x.avgBytes / 1024, 1)} KB | ${fmt(x.extract.perSecond)} | ${ms(x.extract.perFile.p50)} / ${ms(x.extract.perFile.p99)} ms | ${fmt(x.intake.perSecond)} | ${ms(x.intake.perFile.p50)} / ${ms(x.intake.perFile.p99)} ms |`,
      );
    L.push(
      '',
      '*Extraction* is the format\'s extractor alone (bytes → text: `extractDocx`, `extractPdf`, `extractHtml`, `decodeBytes`); *full intake* is `intakeReport` as the API and the CLI run it (sniff, extract, normalise, sections, metadata, sha256).' +
        ' One core, sequential, the fixture variants in turn after a warm-up. The .txt rows are the reference: intake with nothing to extract.',
      '',
    );
  } else L.push(r.errors.intake ? `Failed: \`${r.errors.intake.split('\n')[0]}\`` : 'Not run.', '');

  L.push('## 5. Memory', '');
  const mem = r.memory;
  if (mem) {
    L.push('| reports scored | RSS | RSS after full GC | retained heap after full GC |', '| ---: | ---: | ---: | ---: |');
    L.push(`| 0 | ${mb(mem.startRss)} MB | | |`);
    for (const c of mem.checkpoints) L.push(`| ${fmt(c.reports)} | ${mb(c.rss)} MB | ${mb(c.rssAfterGc)} MB | ${mb(c.heapAfterGc)} MB |`);
    L.push('');
    L.push(
      `A worker-like loop in a child process (\`node --expose-gc\`): for each of ${fmt(mem.reports)} reports (${fmt(mem.distinctTexts)} distinct corpus texts, cycled), prepare the stored text, score it and serialise the card, yielding to the event loop every 10 reports, as a worker does per job.` +
        ` Peak RSS ${mb(mem.maxRss)} MB (kernel high-water mark), ${mb(mem.peakRssSampled)} MB sampled every 100 reports; ${fmt(mem.ms / 1000, 1)} s.`,
    );
    const peak = workerPeak(r);
    if (peak) L.push(`The real worker processes of part 3 (Nest, TypeORM, BullMQ and the engine) peaked at ${mb(peak)} MB RSS.`);
    L.push('');
  } else L.push(r.errors.memory ? `Failed: \`${r.errors.memory.split('\n')[0]}\`` : 'Not run.', '');

  L.push('## Scoring and BullMQ lock renewal', '');
  if (e || q) {
    const probes = (q?.runs ?? []).flatMap((run) => run.workerProbes);
    const lock = q?.runs[0]?.lockDurationMs ?? 30_000;
    L.push(
      `A worker holds each job's lock for WORKER_LOCK_MS = ${fmt(lock)} ms and BullMQ renews it every ${fmt(lock / 2)} ms from the same event loop, so a synchronous scoring step longer than that would let the lock lapse and the job be taken as stalled.` +
        (e ? ` Scoring one report takes ${ms(e.engine.perReport.p50)} ms at the median, ${ms(e.engine.perReport.p99)} ms at p99 and ${ms(e.engine.perReport.max)} ms at most (part 1).` : '') +
        (probes.length
          ? ` In the real workers of part 3 the longest event-loop block, measured with \`perf_hooks.monitorEventLoopDelay\` while the reports were processed and the batches finalised, was ${ms(Math.max(...probes.map((x) => x.loopDelay.maxMs)))} ms` +
            ` — ${fmt(lock / 2 / Math.max(...probes.map((x) => x.loopDelay.maxMs)))}× shorter than the renewal interval. Scoring in the worker's own thread does not starve lock renewal; a sandboxed processor or worker thread is not needed at these report sizes. The longest blocks are in the one-POST /batches runs (those of the POST /reports runs are far shorter, in the list above): finalising a batch, copy detection prepares the batch's documents and quotes its pairs in one stretch each (its comparisons give the event loop a turn every 1,000 pairs), which grows with the batch, not with a report.`
          : ''),
      '',
    );
  }

  L.push(...copiesSection(r));
  L.push(...limitsSection(goals, r));

  if (Object.keys(r.errors).length) {
    L.push('## Parts that failed', '');
    for (const [part, err] of Object.entries(r.errors)) L.push(`- ${part}: \`${err!.split('\n')[0]}\``);
    L.push('');
  }
  L.push('## Changes made while benchmarking', '');
  for (const f of FIXES) L.push(`- ${f}`);
  L.push('');
  L.push('## Reproducing', '');
  L.push(
    '```bash',
    'npm ci                      # Redis on REDIS_URL (default redis://127.0.0.1:6379)',
    'npm run bench               # full run, writes BENCHMARKS.md (about 4–6 minutes on 2 cores)',
    'npm run bench -- --quick    # about a minute',
    'npm run bench -- --only engine,intake --profile --keep   # some parts, printed, with CPU profiles kept in the temp dir',
    '```',
    '',
  );
  return `${L.join('\n')}\n`;
}

/**
 * BENCHMARKS.md sections and goals for the parts issue 16 added: `scorecard check` start-up, the pipeline's
 * whole-process floor, POST /check latency and copy detection at season scale. Every figure comes from
 * `BenchResults`.
 */
import type { BenchResults, GoalCheck } from './results';
import { fmt, ms } from './util';

export function moreGoals(r: BenchResults): GoalCheck[] {
  const goals: GoalCheck[] = [];
  const s = r.startup;
  goals.push({
    goal: '`scorecard check FILE` on a .txt ≤ 350 ms wall',
    measured: s ? `${fmt(s.check.p50)} ms median (node -e 0: ${fmt(s.floor.p50)} ms; ${s.ratio.toFixed(1)}×)` : 'not measured',
    met: s ? s.check.p50 <= 350 : null,
  });
  const p = r.pipeline;
  const cli = p?.cli.available ? p.cli : null;
  goals.push({
    goal: 'Pipeline (`scorecard batch`, 2,000 files) ≥ 1,000 reports/s',
    measured: cli ? `${fmt(cli.perSecond!)} reports/s` : 'not measured',
    met: cli ? cli.perSecond! >= 1000 : null,
  });
  goals.push({
    goal: 'Pipeline ≤ 5× its floor (read + one RegExp of the terms, whole process)',
    measured: cli && p?.floor ? `${(p.floor.perSecond / cli.perSecond!).toFixed(1)}× (floor ${fmt(p.floor.perSecond)} reports/s)` : 'not measured',
    met: cli && p?.floor ? p.floor.perSecond / cli.perSecond! <= 5 : null,
  });
  const c = r.check;
  goals.push({
    goal: 'POST /check (12 KB .txt, 20 clients) p50 ≤ 10 ms, p99 ≤ 40 ms',
    measured: c ? `p50 ${fmt(c.check.p50)} ms, p99 ${fmt(c.check.p99)} ms (${fmt(c.check.perSecond)} requests/s)` : 'not measured',
    met: c ? c.check.p50 <= 10 && c.check.p99 <= 40 : null,
  });
  goals.push({
    goal: '/health p99 ≤ 20 ms meanwhile',
    measured: c ? `p99 ${fmt(c.healthDuring.p99)} ms (alone: ${fmt(c.healthAlone.p99)} ms)` : 'not measured',
    met: c ? c.healthDuring.p99 <= 20 : null,
  });
  const k = r.copies;
  if (k && k.runs.length >= 2) {
    const [a, b] = [k.runs[0], k.runs[k.runs.length - 1]];
    const n = b.reports / a.reports;
    goals.push({
      goal: `Copy detection ${fmt(a.reports)} → ${fmt(b.reports)} reports well below quadratic`,
      measured: `${fmt(a.ms / 1000, 1)} s → ${fmt(b.ms / 1000, 1)} s: ${k.growth.toFixed(1)}× for ${fmt(n)}× the reports (quadratic: ${fmt(n * n)}×)`,
      met: k.growth < n * n * 0.25,
    });
  } else goals.push({ goal: 'Copy detection 1,000 → 10,000 reports well below quadratic', measured: 'not measured', met: null });
  return goals;
}

export function startupSection(r: BenchResults): string[] {
  const s = r.startup;
  const L = ['## One draft: `scorecard check FILE` start-up', ''];
  if (!s) return [...L, r.errors.startup ? `Failed: \`${r.errors.startup.split('\n')[0]}\`` : 'Not run.', ''];
  L.push(
    '| command | runs | p50 | p99 | max |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| \`node dist/cli/main.js check ${s.file}\` | ${s.runs} | ${fmt(s.check.p50)} ms | ${fmt(s.check.p99)} ms | ${fmt(s.check.max)} ms |`,
    `| floor: \`node -e 0\` | ${s.runs} | ${fmt(s.floor.p50)} ms | ${fmt(s.floor.p99)} ms | ${fmt(s.floor.max)} ms |`,
    '',
    `**Ratio ${s.ratio.toFixed(1)}× the floor.** Wall clock of each process as spawned by the bench, the two commands alternating run by run after one warm-up run (which also fills the parsed-rubric cache, as any earlier use of the command does). ` +
      'What the command loads: the CLI requires each command\'s module when that command runs, intake requires each format\'s extractor on the first file of that format, iconv-lite and chardet only for text that is not UTF-8, and the rubric\'s parsed YAML comes from a cache keyed by its sha256 (the `yaml` parser took 100–300 ms of a run); `test/cli-startup.e2e-spec.ts` checks that no Nest, TypeORM, sqlite3, BullMQ, exceljs, PDF, Word, HTML or OCR package is loaded for a .txt.',
    '',
    'Reproduce alone: `hyperfine -N "node -e 0" "node dist/cli/main.js check test/fixtures/reports/000_461a89b47b0cee9b.txt"`.',
    '',
  );
  return L;
}

export function pipelineFloorLines(r: BenchResults): string[] {
  const p = r.pipeline;
  if (!p?.floor) return [];
  const L = [
    `Floor, as a whole process too: \`node\` reading the same ${fmt(p.floor.files)} files and running one compiled RegExp of the rubric's terms over each (${fmt(p.floor.matches)} matches): ${fmt(p.floor.ms)} ms, **${fmt(p.floor.perSecond)} reports/s**` +
      (p.cli.available ? `; \`scorecard batch\` is **${(p.floor.perSecond / p.cli.perSecond!).toFixed(1)}×** it.` : '.'),
    '',
  ];
  L.push(...pipelineCpuLines(r));
  if (p.mixed?.available)
    L.push(
      `The same command over ${fmt(p.mixed.files!)} files of the whole format mix (plain, traditional, HTML, one-paragraph and GBK, in turn): ${fmt(p.mixed.perSecond!)} reports/s (${fmt(p.mixed.ms! / 1000, 2)} s).` +
        (p.mixed.summary ? ` Its summary: \`${p.mixed.summary}\`.` : ''),
      '',
    );
  return L;
}

/** Where the command's time went, from its CPU time at exit: what the 1,000 reports/s goal allows a report on these cores. */
export function pipelineCpuLines(r: BenchResults): string[] {
  const p = r.pipeline;
  const cli = p?.cli.cpu;
  if (!p?.cli.available || !cli) return [];
  const files = p.cli.files!;
  const main = cli.mainThreadMs;
  const floor = p.floor?.cpu;
  return [
    `CPU time of the run (user + system of every thread, \`getrusage\` at exit): \`scorecard batch\` ${fmt(cli.totalMs)} ms, **${ms(cli.totalMs / files)} ms a report**` +
      (main !== null ? ` (its main thread ${fmt(main)} ms: start-up, the file list, preparing and banding the copy-detection documents, the results file; the other ${fmt(cli.totalMs - main)} ms on its scoring threads — intake, scoring, shingles, the cards' JSON, then the candidate pairs' comparisons — and on V8's helper threads)` : '') +
      (floor ? `; the floor ${fmt(floor.totalMs)} ms, ${ms(floor.totalMs / files)} ms a report` : '') +
      `. At 1,000 reports/s the ${r.machine.cores} cores give a report at most ${ms((r.machine.cores * 1000) / 1000)} ms of CPU, start-up and copy detection included.`,
    '',
  ];
}

export function checkSection(r: BenchResults): string[] {
  const c = r.check;
  const L = ['## POST /check latency', ''];
  if (!c) return [...L, r.errors.check ? `Failed: \`${r.errors.check.split('\n')[0]}\`` : 'Not run.', ''];
  const row = (name: string, x: typeof c.check) => `| ${name} | ${fmt(x.requests)} | ${fmt(x.perSecond)} | ${fmt(x.p50)} ms | ${fmt(x.p90)} ms | ${fmt(x.p99)} ms | ${fmt(x.max)} ms | ${x.errors + x.non2xx} |`;
  L.push(
    '| requests | count | per s | p50 | p90 | p99 | max | errors + non-2xx |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    row(`POST /check, ${c.connections} clients`, c.check),
    row('GET /health meanwhile, 1 client', c.healthDuring),
    row('floor: GET /health alone, 1 client', c.healthAlone),
    ...(c.floor ? [row(`floor: the same POSTs to a bare node:http server, ${c.connections} clients`, c.floor)] : []),
    '',
    `\`dist/main.js\` (one process, a temp SQLite file, QUEUE_MODE=inline: /check stores and queues nothing) gets a ${fmt(c.fileBytes / 1024, 1)} KB UTF-8 .txt as multipart from ${c.connections} autocannon connections for ${c.seconds} s while one more connection asks GET /health; the floor is /health alone before the load. Latencies as autocannon measures them (ms, whole request), after a warm-up of 200 checks. The clients run in the bench process on the same 2 cores as the API.`,
    '',
  );
  if (c.floor) {
    const f = c.floor.cpuMsPerRequest;
    L.push(
      `The POST floor is \`src/bench/check-floor-server.ts\`, started after the API has stopped: it reads each body whole and answers with ${fmt(c.answerBytes / 1024, 1)} KB of JSON (the size of one real /check answer), nothing else. ` +
        (f && c.cpuMsPerRequest ? `Its CPU per request: ${ms(f.server)} ms in the server and ${ms(f.client)} ms in the clients, against ${ms(c.cpuMsPerRequest.api)} ms in the API and ${ms(c.cpuMsPerRequest.client)} ms in the clients for /check (per request served, /health included). ` : '') +
        'HTTP on loopback with 20 clients is not what keeps /check from its goal: the work behind each request is.',
      '',
    );
  }
  return L;
}

export function copiesSection(r: BenchResults): string[] {
  const k = r.copies;
  const L = ['## Copy detection at season scale', ''];
  if (!k) return [...L, r.errors.copies ? `Failed: \`${r.errors.copies.split('\n')[0]}\`` : 'Not run.', ''];
  L.push('| reports | time | per report | heap retained after | peak RSS of the process | planted copies found | pairs reported |', '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const x of k.runs)
    L.push(`| ${fmt(x.reports)} | ${fmt(x.ms / 1000, 2)} s | ${ms(x.ms / x.reports)} ms | ${fmt(x.heapMb, 1)} MB | ${fmt(x.maxRssMb)} MB | ${x.found} / ${x.planted} | ${fmt(x.pairs)} |`);
  L.push(
    '',
    `**Growth ${k.growth.toFixed(1)}×** from the first to the last size (linear: ${fmt(k.runs[k.runs.length - 1].reports / k.runs[0].reports)}×). ` +
      `\`detectCopies\` in a child process (\`--expose-gc\`) over a generated season (\`src/bench/copies.bench.ts\`, mean ${fmt(k.avgChars)} characters): every report opens with the same two sentences, the rest are the fixtures\' phrases drawn at random with about one character in six swapped, and 3 % of the reports copy fifteen consecutive sentences (about a third) of another. ` +
      'Peak RSS is the process high-water mark (the season\'s texts included) after each size in turn. Planted copies not found are pairs LSH did not make candidates (32 bands of 2 MinHash rows: a pair sharing a fifth of its shingles is a candidate with probability about 0.7).',
    '',
  );
  return L;
}

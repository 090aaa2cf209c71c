/**
 * Preloaded into the service processes the queue part starts (`node -r dist/bench/probe.js dist/worker.js`);
 * does nothing unless BENCH_PROBE_FILE is set. It samples RSS, keeps the event loop's delay histogram (the
 * longest block is what could starve BullMQ's lock renewal) and writes them as JSON to BENCH_PROBE_FILE.
 * SIGWINCH (not SIGUSR2: Nest's shutdown hooks take that one) once: reset the histogram and start measuring (and the CPU profiler with BENCH_CPU_PROF=DIR);
 * SIGWINCH again: stop, write the profile and the final figures.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface ProbeReport {
  pid: number;
  phase: 'starting' | 'measuring' | 'stopped';
  rss: number;
  rssAtStart: number;
  peakRssSampled: number;
  maxRss: number;
  heapUsed: number;
  loopDelay: { maxMs: number; p99Ms: number; meanMs: number };
  profile?: string;
}

const file = process.env.BENCH_PROBE_FILE;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  let phase: ProbeReport['phase'] = 'starting';
  let rssAtStart = 0;
  let peak = 0;
  let profilePath: string | undefined;
  let session: Session | undefined;
  const profileDir = process.env.BENCH_CPU_PROF;

  const write = () => {
    const rss = process.memoryUsage.rss();
    peak = Math.max(peak, rss);
    const report: ProbeReport = {
      pid: process.pid,
      phase,
      rss,
      rssAtStart,
      peakRssSampled: peak,
      maxRss: process.resourceUsage().maxRSS * 1024,
      heapUsed: process.memoryUsage().heapUsed,
      loopDelay: { maxMs: histogram.max / 1e6, p99Ms: histogram.percentile(99) / 1e6, meanMs: histogram.mean / 1e6 },
      ...(profilePath ? { profile: profilePath } : {}),
    };
    fs.writeFileSync(file, JSON.stringify(report));
  };
  setInterval(write, 200).unref();
  write();

  process.on('SIGWINCH', () => {
    if (phase === 'starting') {
      histogram.reset();
      rssAtStart = process.memoryUsage.rss();
      peak = rssAtStart;
      if (profileDir) {
        session = new Session();
        session.connect();
        session.post('Profiler.enable');
        session.post('Profiler.setSamplingInterval', { interval: 500 });
        session.post('Profiler.start');
      }
      phase = 'measuring';
    } else if (phase === 'measuring') {
      if (session && profileDir) {
        const target = path.join(profileDir, `${path.basename(process.argv[1] ?? 'node', '.js')}-${process.pid}.cpuprofile`);
        session.post('Profiler.stop', (error, result) => {
          if (!error && result) fs.writeFileSync(target, JSON.stringify(result.profile));
        });
        profilePath = target;
      }
      phase = 'stopped';
    }
    write();
  });
}

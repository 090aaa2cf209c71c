/**
 * One draft: `scorecard check FILE` on a .txt with the built CLI (`node dist/cli/main.js`, no npm wrapper), wall
 * clock per run, against `node -e 0` (Node's own start-up: the floor). The two alternate run by run so that load
 * from elsewhere hits both alike; medians are reported. The rubric cache is warmed by one run first, as any
 * second use of the command finds it.
 */
import * as path from 'node:path';
import { DIST, distribution, ROOT, runNode, type Dist } from './util';

export interface StartupResult {
  file: string;
  runs: number;
  check: Dist;
  floor: Dist;
  ratio: number;
  exitCode: number;
}

export async function runStartupBench(args: { file: string; runs: number }): Promise<StartupResult> {
  const cli = [path.join(DIST, 'cli', 'main.js'), 'check', args.file];
  const env = { ...process.env, LOG_LEVEL: 'warn' };
  const first = await runNode(cli, { env, cwd: ROOT, logFile: '/dev/null' });
  const check: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < args.runs; i++) {
    floor.push((await runNode(['-e', '0'], { env, cwd: ROOT })).ms);
    check.push((await runNode(cli, { env, cwd: ROOT, logFile: '/dev/null' })).ms);
  }
  const c = distribution(check);
  const f = distribution(floor);
  return { file: path.basename(args.file), runs: args.runs, check: c, floor: f, ratio: c.p50 / f.p50, exitCode: first.code };
}

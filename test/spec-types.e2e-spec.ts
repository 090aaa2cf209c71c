import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from './support/test-app';

const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');

/**
 * ts-jest compiles each spec on its own (isolatedModules) and the build leaves specs out, so nothing else
 * type-checks them: a spec calling a function with the wrong shape still runs, and can pass for the wrong reason.
 */
describe('the specs type-check', () => {
  it.each([
    ['src, its unit specs, test/ and the client', 'tsconfig.spec.json'],
    ['the browser specs (with the DOM types their page functions use)', 'tsconfig.browser-spec.json'],
  ])('%s (%s)', (_what, config) => {
    const run = spawnSync(process.execPath, [TSC, '-p', path.join(ROOT, config)], { cwd: ROOT, encoding: 'utf8' });
    expect(`${run.stdout}${run.stderr}`).toBe('');
    expect(run.status).toBe(0);
  });
});

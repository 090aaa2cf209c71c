// Defect 8: `npx jest` (no npm script, no flag) must run the PDF specs as `npm test` does: the Jest config
// itself sees to Node's VM-modules flag that unpdf's ES-module pdf.js needs.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from './support/test-app';

describe('running Jest without the npm script', () => {
  it('passes the PDF intake specs with plain `node node_modules/jest/bin/jest.js` and no NODE_OPTIONS', () => {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/jest/bin/jest.js'), '--selectProjects', 'unit', '--ci', 'src/intake/prepare-report.spec.ts'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(run.stderr).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    expect(run.stderr).not.toMatch(/failed/);
    expect(run.status).toBe(0);
  });
});

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, tempDir } from './support/test-app';

const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

function cruise(cwd: string, ...extra: string[]) {
  const run = spawnSync(process.execPath, [DEPCRUISE, 'src', '--config', CONFIG, '--output-type', 'err', ...extra], { cwd, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

function plantTree(files: Record<string, string>): string {
  const dir = tempDir('fzs-layers-');
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'es2022' } }));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('the layer rule (dependency-cruiser)', () => {
  it('src/ has no import cycle, no folder cycle and no upward import (no known violations are kept)', () => {
    const run = cruise(ROOT);
    expect(run.output).not.toMatch(/\berror\b/);
    expect(run.status).toBe(0);
  });

  it('fails on a planted module cycle', () => {
    const dir = plantTree({
      'src/reports/a.ts': "import { b } from './b';\nexport const a = () => b();\n",
      'src/reports/b.ts': "import { a } from './a';\nexport const b = (): number => (a ? 1 : 0);\n",
    });
    const run = cruise(dir);
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/error no-circular: src\/reports\/a\.ts/);
  });

  it('fails on a planted folder cycle that no single module closes', () => {
    const dir = plantTree({
      'src/reports/report.ts': "export class Report {}\n",
      'src/reports/submit.ts': "import { enqueue } from '../scoring/enqueue';\nexport const submit = () => enqueue();\n",
      'src/scoring/enqueue.ts': 'export const enqueue = (): number => 1;\n',
      'src/scoring/score.ts': "import { Report } from '../reports/report';\nexport const score = () => new Report();\n",
    });
    const run = cruise(dir);
    expect(run.status).not.toBe(0);
    expect(run.output).not.toMatch(/no-circular/);
    expect(run.output).toMatch(/error no-folder-cycles: src\/(reports|scoring)/);
  });

  it('fails when the ground or a shared core imports a feature', () => {
    const dir = plantTree({
      'src/reports/report.entity.ts': 'export class Report {}\n',
      'src/common/helper.ts': "import { Report } from '../reports/report.entity';\nexport const make = () => new Report();\n",
      'src/intake/prepare.ts': "import { Report } from '../reports/report.entity';\nexport const prepare = () => new Report();\n",
    });
    const run = cruise(dir);
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/error ground-imports-nothing-above: src\/common\/helper\.ts → src\/reports\/report\.entity\.ts/);
    expect(run.output).toMatch(/error cores-import-only-cores-and-ground: src\/intake\/prepare\.ts → src\/reports\/report\.entity\.ts/);
  });

  it('no feature module is @Global(): each module imports what it uses (only the config ground is global)', () => {
    const modules = fs.readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.module.ts'));
    // the walk reads the feature modules themselves (a walk over nothing would find no @Global())
    expect(modules).toEqual(expect.arrayContaining(['auth', 'batches', 'health', 'reports', 'scoring'].map((f) => path.join(f, `${f}.module.ts`))));
    const global = modules.filter((f) => /@Global\(\)/.test(fs.readFileSync(path.join(ROOT, 'src', f), 'utf8')));
    expect(global).toEqual([path.join('config', 'config.module.ts')]);
  });
});

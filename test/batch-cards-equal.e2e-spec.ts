/**
 * `scorecard batch` (worker threads, the batch's own intake path) and `scorecard check` give the same score card
 * for the same file, byte for byte: whatever the batch does to go faster, it must not score differently.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from './support/processes';
import { BASES } from './support/batch-fixtures';
import { REPORT_FIXTURES, ROOT, tempDir } from './support/test-app';

const VARIANTS = path.join(ROOT, 'test/fixtures/variants');

describe('scorecard batch and scorecard check agree', () => {
  it('gives every file the card check gives it, in every format of the fixtures', () => {
    const files = [
      ...fs.readdirSync(REPORT_FIXTURES).filter((f) => f.endsWith('.txt')).map((f) => path.join(REPORT_FIXTURES, f)),
      ...fs
        .readdirSync(VARIANTS)
        .filter((f) => /\.(txt|html|docx|pdf)$/.test(f))
        .map((f) => path.join(VARIANTS, f)),
    ];
    // the three fixtures as written, and each in each of its seven variants
    expect(files.map((f) => path.basename(f)).sort()).toEqual(BASES.flatMap((base) => [`${base}.txt`, ...['docx', 'gbk.txt', 'html', 'oneline.txt', 'pdf', 'pipes.txt', 'trad.txt'].map((variant) => `${base}.${variant}`)]).sort());
    const out = path.join(tempDir('fzs-batch-eq-'), 'out.json');
    const batch = runCli(['batch', ...files, '--out', out, '--concurrency', '2']);
    expect(batch.code).toBe(0);
    const entries = JSON.parse(fs.readFileSync(out, 'utf8')) as Array<Record<string, unknown>>;
    const byFile = new Map(entries.map((e) => [e.file as string, e]));
    const check = runCli(['check', '--json', ...files]);
    expect(check.code).toBe(0);
    const lines = check.stdout.trim().split('\n');
    expect(lines).toHaveLength(files.length);
    expect([...byFile.keys()].sort()).toEqual([...files].sort());
    files.forEach((file, i) => {
      const entry = byFile.get(file);
      // what batch adds around the card: its file, the plan of the year before, copies among the batch
      const { file: _file, planFulfilment: _plan, duplicates: _dups, ...card } = entry!;
      expect(JSON.stringify(card)).toBe(lines[i]);
    });
  });
});

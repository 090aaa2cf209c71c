import ExcelJS from 'exceljs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/schema';
import { Batch } from '../src/batches/batch.entity';
import { Assessment } from '../src/scoring/assessment.entity';
import { BAD, generateReports, zipOf } from './support/batch-fixtures';
import { runCli } from './support/processes';
import { tempDir, testEnv } from './support/test-app';

describe('scorecard batch', () => {
  const dir = tempDir('fzs-cli-batch-');
  const reports = generateReports(30, 'cli');
  let zipped: string[];

  beforeAll(async () => {
    reports.forEach((r, i) => {
      const folder = path.join(dir, 'in', i % 3 === 0 ? '' : `区${i % 3}/街道`);
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, r.name), r.bytes);
    });
    fs.copyFileSync(path.join(BAD, 'corrupt.docx'), path.join(dir, 'in', 'corrupt.docx'));
    fs.writeFileSync(path.join(dir, 'in', 'notes.md'), '# not a report');
    const extra = generateReports(17, 'cli-zip').slice(-5);
    zipped = extra.map((r) => `镇街/${r.name}`);
    fs.writeFileSync(path.join(dir, 'in', 'more.zip'), await zipOf(extra.map((r) => ({ name: `镇街/${r.name}`, bytes: r.bytes }))));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('scores a folder (recursively, zips included) into a JSON array of cards with their files; failures listed, not fatal', () => {
    const out = path.join(dir, 'out.json');
    const { code, stderr } = runCli(['batch', path.join(dir, 'in'), '--out', out]);
    expect(code).toBe(0);
    const cards = JSON.parse(fs.readFileSync(out, 'utf8')) as Array<{ file: string; total?: number; error?: string; items?: unknown[]; duplicates?: Array<{ file: string; share: number }> }>;
    const failed = cards.filter((c) => c.error);
    expect(failed.map((c) => path.basename(c.file))).toEqual(['corrupt.docx']);
    expect(stderr).toMatch(/corrupt\.docx: .*docx/);
    const scored = cards.filter((c) => !c.error);
    expect(scored).toHaveLength(reports.length + zipped.length);
    expect(scored.map((c) => path.basename(c.file)).sort()).toEqual([...reports.map((r) => r.name), ...zipped.map((z) => path.basename(z))].sort());
    expect(scored.some((c) => c.file.endsWith(`more.zip/${zipped[0]}`))).toBe(true);
    // plain progress lines when stderr is not a terminal
    expect(stderr).toMatch(/^\[1\/36\] /m);
    // the same card as `scorecard check --json` gives for that file
    const sample = scored.find((c) => c.file.endsWith(reports[5].name))!;
    const check = JSON.parse(runCli(['check', '--json', sample.file]).stdout);
    const { file: _file, duplicates, ...card } = sample;
    expect(card).toEqual(check);
    // and it names the batch's files with the same text: the other wrappings of the same fixture report, each a near whole copy
    const base = path.basename(sample.file).slice(0, 20);
    const sameReport = scored.filter((c) => c !== sample && path.basename(c.file).startsWith(base)).map((c) => c.file);
    expect(duplicates?.map((d) => d.file).sort()).toEqual(sameReport.sort());
    expect(duplicates?.every((d) => d.share > 0.9)).toBe(true);
  });

  it('writes CSV (BOM, one row per report) and XLSX', async () => {
    const csv = path.join(dir, 'out.csv');
    expect(runCli(['batch', path.join(dir, 'in'), '--out', csv, '--concurrency', '2']).code).toBe(0);
    const text = fs.readFileSync(csv, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1).trim().split('\r\n')).toHaveLength(reports.length + zipped.length + 1);
    const xlsx = path.join(dir, 'out.xlsx');
    expect(runCli(['batch', path.join(dir, 'in'), '--out', xlsx]).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    expect(workbook.getWorksheet('ranking')!.rowCount).toBe(reports.length + zipped.length + 1);
    // one row per item that some card of the batch (the JSON run above) misses or only partly meets
    const cards = JSON.parse(fs.readFileSync(path.join(dir, 'out.json'), 'utf8')) as Array<{ items?: Array<{ id: string; status: string }> }>;
    const notMet = new Set(cards.flatMap((c) => (c.items ?? []).filter((it) => it.status === 'missing' || it.status === 'partial').map((it) => it.id)));
    const gapIds = (workbook.getWorksheet('gap frequency')!.getColumn(1).values as unknown[]).slice(2);
    expect([...gapIds].sort()).toEqual([...notMet].sort());
    expect(workbook.getWorksheet('failed')!.getRow(2).getCell(1).value).toMatch(/corrupt\.docx$/);
  });

  it.each([
    [['batch', '/no/such/folder', '--out', '/tmp/x.json'], /no such file/],
    [['batch', '.'], /--out/],
    [['batch', '.', '--out', 'x.pdf'], /--out/],
    [['batch', '.', '--out', 'x.json', '--concurrency', '0'], /--concurrency/],
    [['batch', '--out', 'x.json'], /missing required argument/],
  ])('bad arguments %j → exit 2 with one line', (args, message) => {
    const { code, stderr } = runCli(args as string[]);
    expect(code).toBe(2);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  it('--queue goes through BullMQ and a worker into the database, each report scored once', async () => {
    const small = path.join(dir, 'small');
    fs.mkdirSync(small);
    for (const r of reports.slice(12, 20)) fs.writeFileSync(path.join(small, r.name), r.bytes);
    const db = path.join(dir, 'queue.sqlite');
    const out = path.join(dir, 'queued.json');
    const { code, stderr } = runCli(['batch', small, '--queue', '--out', out], { ...testEnv(dir), DATABASE_URL: `sqlite:${db}` });
    expect([code, stderr]).toEqual([0, expect.stringContaining('8 scored, 0 failed')]);
    const cards = JSON.parse(fs.readFileSync(out, 'utf8')) as Array<{ file: string; total: number }>;
    expect(cards).toHaveLength(8);
    const dataSource = new DataSource(buildDataSourceOptions({ type: 'sqlite', database: db }));
    await dataSource.initialize();
    try {
      const rows = await dataSource.getRepository(Assessment).find();
      expect(rows).toHaveLength(8);
      expect(new Set(rows.map((r) => r.reportId)).size).toBe(8);
      expect(rows.map((r) => r.total).sort()).toEqual(cards.map((c) => c.total).sort());
    } finally {
      await dataSource.destroy();
    }
  });

  it('--queue scores with the --rubric and --profile given, as the inline path does (defect 1)', async () => {
    const few = path.join(dir, 'few');
    fs.mkdirSync(few);
    for (const r of reports.slice(20, 23)) fs.writeFileSync(path.join(few, r.name), r.bytes);
    const db = path.join(dir, 'queue-rubric.sqlite');
    const out = path.join(dir, 'queued-rubric.json');
    const { code, stderr } = runCli(['batch', few, '--queue', '--rubric', 'outline-2021-2025@1.0.0', '--profile', 'township', '--out', out], { ...testEnv(dir), DATABASE_URL: `sqlite:${db}` });
    expect([code, stderr]).toEqual([0, expect.stringContaining('3 scored, 0 failed')]);
    const cards = JSON.parse(fs.readFileSync(out, 'utf8')) as Array<{ profile: string; rubric: unknown }>;
    expect(cards.map((c) => c.profile)).toEqual(['township', 'township', 'township']);
    const dataSource = new DataSource(buildDataSourceOptions({ type: 'sqlite', database: db }));
    await dataSource.initialize();
    try {
      const rows = await dataSource.getRepository(Assessment).find();
      expect(rows.map((r) => `${r.rubricId}@${r.rubricVersion} ${r.profile}`)).toEqual(Array(3).fill('outline-2021-2025@1.0.0 township'));
      const [batch] = await dataSource.getRepository(Batch).find();
      expect([batch.rubricVersion, batch.profile]).toEqual(['1.0.0', 'township']);
    } finally {
      await dataSource.destroy();
    }
    // the same cards as the inline path gives for those files with the same flags
    const inline = path.join(dir, 'inline-rubric.json');
    expect(runCli(['batch', few, '--rubric', 'outline-2021-2025@1.0.0', '--profile', 'township', '--out', inline]).code).toBe(0);
    const byFile = (list: Array<{ file: string }>) => Object.fromEntries(list.map(({ file, ...card }) => [path.basename(file), card]));
    expect(byFile(JSON.parse(fs.readFileSync(out, 'utf8')))).toEqual(byFile(JSON.parse(fs.readFileSync(inline, 'utf8'))));
  });

  it('--profile must be one the chosen rubric declares', () => {
    const { code, stderr } = runCli(['batch', path.join(dir, 'in'), '--rubric', 'outline-2021-2025@1.1.0', '--profile', 'ministry', '--out', path.join(dir, 'x.json')]);
    expect(code).toBe(2);
    expect(stderr.trim()).toMatch(/^--profile must be one of .*township/);
  });
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApiKey } from '../src/auth/api-key.entity';
import { buildDataSourceOptions } from '../src/schema';
import { runCli } from './support/processes';
import { REPORT_FIXTURES, ROOT, startTestApp, tempDir, testEnv, waitFor, type TestApp } from './support/test-app';

const JIANGHAI = path.join(REPORT_FIXTURES, '001_1c1d18808efcf126.txt');
const ZENGCHENG = path.join(REPORT_FIXTURES, '000_461a89b47b0cee9b.txt');
const VARIANTS = path.join(ROOT, 'test/fixtures/variants');
const BAD = path.join(ROOT, 'test/fixtures/bad');

describe('scorecard check', () => {
  it('prints one JSON score card per file, one per line', () => {
    const { code, stdout, stderr } = runCli(['check', '--json', JIANGHAI, ZENGCHENG]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const [jianghai, zengcheng] = lines.map((line) => JSON.parse(line));
    expect(jianghai.report).toMatchObject({ year: 2022, level: 'county_government' });
    expect(zengcheng.report).toMatchObject({ year: 2024, level: 'department' });
    for (const card of [jianghai, zengcheng]) {
      expect(Object.keys(card)).toEqual(expect.arrayContaining(['total', 'grade', 'rubric', 'profile', 'report', 'parts', 'items', 'gaps']));
    }
  });

  it('prints a readable card with the total, part bars and gaps', () => {
    const { code, stdout } = runCli(['check', JIANGHAI]);
    expect(code).toBe(0);
    const json = JSON.parse(runCli(['check', '--json', JIANGHAI]).stdout);
    expect(stdout).toContain(String(json.total));
    expect(stdout).toContain('█');
    expect(stdout).toContain(json.gaps[0].itemId);
  });

  it('exits 1 below --min-score and 0 at or above it', () => {
    const total = JSON.parse(runCli(['check', '--json', JIANGHAI]).stdout).total as number;
    expect(runCli(['check', '--json', '--min-score', String(Math.min(100, Math.floor(total) + 1)), JIANGHAI]).code).toBe(1);
    expect(runCli(['check', '--json', '--min-score', String(Math.floor(total)), JIANGHAI]).code).toBe(0);
  });

  it.each([
    [['check', path.join(BAD, 'corrupt.docx')], /corrupt\.docx/],
    [['check', path.join(BAD, 'english.txt')], /english\.txt/],
    [['check', '/no/such/file.txt'], /no such file/],
    [['check', '--profile', 'ministry', JIANGHAI], /--profile/],
    [['check', '--min-score', 'high', JIANGHAI], /--min-score/],
    [['check', '--rubric', 'no-such-rubric', JIANGHAI], /no-such-rubric/],
    [['check', '--no-such-flag', JIANGHAI], /unknown option/],
  ])('bad input %j → exit 2 with one line on stderr', (args, message) => {
    const { code, stdout, stderr } = runCli(args as string[]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  it('scores the .docx and traditional variants like the plain text (±1)', () => {
    const plain = JSON.parse(runCli(['check', '--json', JIANGHAI]).stdout).total;
    for (const variant of ['001_1c1d18808efcf126.docx', '001_1c1d18808efcf126.trad.txt', '001_1c1d18808efcf126.html']) {
      const file = path.join(VARIANTS, variant);
      if (!fs.existsSync(file)) throw new Error(`missing variant fixture ${variant}`);
      const card = JSON.parse(runCli(['check', '--json', file]).stdout);
      expect(Math.abs(card.total - plain)).toBeLessThanOrEqual(1);
    }
  });

  describe('against the API', () => {
    let t: TestApp;
    beforeAll(async () => (t = await startTestApp({ queueMode: 'bullmq' })));
    afterAll(() => t.close());

    it('gives the identical card for the same file and rubric (POST /check and the stored assessment)', async () => {
      const cli = JSON.parse(runCli(['check', '--json', ZENGCHENG]).stdout);
      const checked = await request(t.http).post('/check').set('Authorization', t.admin).attach('file', ZENGCHENG).expect(200);
      expect(checked.body).toEqual(cli);
      const stored = await request(t.http).post('/reports').set('Authorization', t.admin).attach('file', ZENGCHENG).expect(201);
      const assessment = await waitFor(async () => {
        const res = await request(t.http).get(`/reports/${stored.body.id}/assessment`).set('Authorization', t.admin);
        return res.body.status === 'done' ? res.body : undefined;
      });
      expect(assessment.card).toEqual(cli);
    });
  });
});

describe('scorecard rubric', () => {
  it('lists, shows as JSON and validates', () => {
    const list = runCli(['rubric', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/outline-2021-2025@\d+\.\d+\.\d+/);
    const show = runCli(['rubric', 'show', 'outline-2021-2025', '--json']);
    expect(show.code).toBe(0);
    const rubric = JSON.parse(show.stdout);
    expect(rubric.id).toBe('outline-2021-2025');
    // the current version (1.2.0, 1.1.0's checks with a broader vocabulary) declares a profile per level intake detects, and its parts
    expect(rubric.version).toBe('1.2.0');
    expect(Object.keys(rubric.profiles).sort()).toEqual(['city', 'county_government', 'department', 'province', 'township']);
    expect(rubric.parts.map((p: { id: string | number }) => p.id)).toEqual(['report', 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(rubric.parts[10].title).toBe('十 党的领导与推进机制');
    expect(rubric.items.find((item: { id: string }) => item.id === '4.2')).toMatchObject({ part: 4, outlineRef: expect.stringContaining('四') });
    expect(runCli(['rubric', 'validate', path.join(ROOT, 'rubrics/outline-2021-2025.yaml')]).code).toBe(0);
  });

  it('rejects a broken rubric file with exit 2 naming the file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'broken.yaml');
    fs.writeFileSync(file, fs.readFileSync(path.join(ROOT, 'rubrics/outline-2021-2025.yaml'), 'utf8').replace(/weight: \d+(\.\d+)?/, 'weight: -3'));
    const { code, stderr } = runCli(['rubric', 'validate', file]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('broken.yaml');
  });
});

describe('scorecard keys', () => {
  it('creates a key that the API accepts, stores only its hash, lists and revokes it', async () => {
    const dir = tempDir();
    const env = testEnv(dir);
    const created = runCli(['keys', 'create', '--role', 'agency', '--org', '江门市江海区人民政府'], env);
    expect(created.code).toBe(0);
    const key = JSON.parse(created.stdout);
    expect(key).toMatchObject({ role: 'agency', org: '江门市江海区人民政府' });
    // 32 random bytes in base64url behind the prefix
    expect(key.key).toMatch(/^fzs_[A-Za-z0-9_-]{43}$/);

    const dataSource = new DataSource(buildDataSourceOptions({ type: 'sqlite', database: path.join(dir, 'scorecard.sqlite') }));
    await dataSource.initialize();
    const rows = await dataSource.getRepository(ApiKey).find();
    await dataSource.destroy();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0])).not.toContain(key.key);

    const t = await startTestApp({ queueMode: 'inline', env: { DATABASE_URL: env.DATABASE_URL } });
    try {
      await request(t.http).get('/reports').set('Authorization', `Bearer ${key.key}`).expect(200);
      expect(runCli(['keys', 'list'], env).stdout).toContain(key.id);
      expect(runCli(['keys', 'revoke', key.id], env).code).toBe(0);
      await request(t.http).get('/reports').set('Authorization', `Bearer ${key.key}`).expect(401);
    } finally {
      await t.close();
    }
    expect(runCli(['keys', 'create', '--role', 'wizard'], env).code).toBe(2);
    expect(runCli(['keys', 'create', '--role', 'agency'], env).code).toBe(2);
  });
});

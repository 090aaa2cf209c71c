import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ConfigError, loadAppConfig } from '../src/config/app-config';
import { buildDataSourceOptions } from '../src/schema';
import { exited, freePort, runCli, startProcess } from './support/processes';
import { createPostgresDatabase, ROOT, startTestApp, tempDir, testEnv, waitFor, type TestApp } from './support/test-app';

describe('service foundation', () => {
  describe.each(['bullmq', 'inline'] as const)('in %s mode on SQLite', (queueMode) => {
    let t: TestApp;
    beforeAll(async () => (t = await startTestApp({ queueMode })));
    afterAll(() => t.close());

    it('serves /health 200 with database and queue up', async () => {
      const res = await request(t.http).get('/health').expect(200);
      expect(res.body.status).toBe('ok');
      expect(res.body.info.database.status).toBe('up');
      expect(res.body.info.queue).toMatchObject({ status: 'up', mode: queueMode });
    });

    it('serves the OpenAPI document without a key and guards the API', async () => {
      const doc = await request(t.http).get('/docs-json').expect(200);
      expect(Object.keys(doc.body.paths['/reports']).sort()).toEqual(['get', 'post']);
      await request(t.http).get('/reports').expect(401);
    });

    it('answers unknown routes and malformed JSON with a 4xx and no stack trace', async () => {
      const notFound = await request(t.http).get('/no-such-route').set('Authorization', t.admin);
      expect(notFound.status).toBe(404);
      expect(notFound.body).toEqual({ statusCode: 404, error: 'NOT_FOUND', message: expect.stringMatching(/没有这个地址/) });
      const bad = await request(t.http).post('/check').set('Authorization', t.admin).set('Content-Type', 'application/json').send('{"text": ');
      expect(bad.body).toEqual({ statusCode: 400, error: 'MALFORMED_JSON', message: '请求体不是合法的 JSON' });
      expect(JSON.stringify(bad.body)).not.toMatch(/at .*\.(js|ts):\d+/);
    });
  });

  it('reports 503 when the database is gone', async () => {
    const t = await startTestApp({ queueMode: 'inline' });
    try {
      await t.dataSource.destroy();
      const res = await request(t.http).get('/health');
      expect(res.status).toBe(503);
      expect(res.body.details.database.status).toBe('down');
    } finally {
      await t.app.close().catch(() => undefined);
    }
  });

  it('reads the OCR limits from the environment, with defaults, and refuses values that cannot work', () => {
    expect(loadAppConfig({ OCR_MAX_PAGES: '7', OCR_PAGE_TIMEOUT_SECONDS: '30', OCR_CONCURRENCY: '1' }).ocr).toEqual({ maxPages: 7, pageTimeoutMs: 30_000, concurrency: 1 });
    expect(loadAppConfig({}).ocr).toEqual({ maxPages: 40, pageTimeoutMs: 120_000, concurrency: availableParallelism() });
    expect(() => loadAppConfig({ OCR_MAX_PAGES: '-1' })).toThrow(/OCR_MAX_PAGES/);
    expect(() => loadAppConfig({ OCR_PAGE_TIMEOUT_SECONDS: '1e9' })).toThrow(/OCR_PAGE_TIMEOUT_SECONDS/);
    expect(() => loadAppConfig({ OCR_CONCURRENCY: '100' })).toThrow(ConfigError);
  });

  describe('the built server process', () => {
    it.each([
      ['DATABASE_URL', 'mysql://localhost/x', /DATABASE_URL/],
      ['PORT', 'eighty', /PORT/],
      ['PORT', '70000', /PORT/],
      ['QUEUE_MODE', 'kafka', /QUEUE_MODE/],
      ['OCR_MAX_PAGES', 'many', /OCR_MAX_PAGES/],
      ['OCR_PAGE_TIMEOUT_SECONDS', '0', /OCR_PAGE_TIMEOUT_SECONDS/],
      ['OCR_CONCURRENCY', '2.5', /OCR_CONCURRENCY/],
    ])('stops at once on a bad %s with one line naming it', async (variable, value, pattern) => {
      const child = startProcess('main.js', { ...testEnv(tempDir()), [variable]: value });
      expect(await exited(child)).toBe(1);
      const lines = child.output().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(pattern);
    });

    it('refuses to start on a broken rubric file, naming the file and the item', async () => {
      const dir = tempDir();
      const rubric = fs.readFileSync(path.join(ROOT, 'rubrics/outline-2021-2025.yaml'), 'utf8');
      // the first outline item loses its weight's sign: a validation error on that item
      fs.writeFileSync(path.join(dir, 'broken.yaml'), rubric.replace(/(- id: "1\.1"[\s\S]*?weight: )(\d)/, '$1-$2'));
      const child = startProcess('main.js', { ...testEnv(tempDir()), RUBRIC_DIR: dir });
      expect(await exited(child)).toBe(1);
      const lines = child.output().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/broken\.yaml.*1\.1.*weight/);
    });

    it('starts in inline mode with one warning when Redis does not answer, and serves /health', async () => {
      const port = await freePort();
      const dead = await freePort();
      const child = startProcess('main.js', { ...testEnv(tempDir()), PORT: String(port), REDIS_URL: `redis://127.0.0.1:${dead}` });
      try {
        const health = await waitFor(async () => {
          try {
            const res = await request(`http://127.0.0.1:${port}`).get('/health');
            return res;
          } catch {
            return undefined;
          }
        }, 30_000, 'server to listen');
        expect(health.status).toBe(200);
        expect(health.body.info.queue.mode).toBe('inline');
        expect(child.output().match(/QUEUE_MODE=inline/g)).toHaveLength(1);
      } finally {
        child.kill('SIGTERM');
        // a graceful stop: Nest closes the app, then re-raises the signal
        expect([0, 'SIGTERM']).toContain(await exited(child));
        expect(child.output()).not.toMatch(/Error|exception/i);
      }
    });
  });

  it('lists its commands in scorecard --help', () => {
    const { code, stdout } = runCli(['--help']);
    expect(code).toBe(0);
    for (const command of ['check', 'rubric', 'keys', 'migrate']) expect(stdout).toContain(command);
  });

  describe('migrations', () => {
    async function migratedSchemaIsComplete(dataSource: DataSource) {
      await dataSource.initialize();
      await dataSource.runMigrations();
      // what synchronize would still change after the migrations: nothing, on either driver
      const pending = await dataSource.driver.createSchemaBuilder().log();
      const tables = (await dataSource.query(
        dataSource.options.type === 'postgres' ? "select table_name as name from information_schema.tables where table_schema = 'public'" : "select name from sqlite_master where type = 'table'",
      )) as { name: string }[];
      await dataSource.destroy();
      return { pending: pending.upQueries.map((q) => q.query), tables: tables.map((row) => row.name).sort() };
    }

    it('create the same schema on SQLite and PostgreSQL, matching the entities', async () => {
      const sqlite = await migratedSchemaIsComplete(new DataSource(buildDataSourceOptions({ type: 'sqlite', database: `${tempDir()}/m.sqlite` })));
      const pg = await createPostgresDatabase();
      try {
        const postgres = await migratedSchemaIsComplete(new DataSource(buildDataSourceOptions({ type: 'postgres', url: pg.url })));
        expect(sqlite.pending).toEqual([]);
        expect(postgres.pending).toEqual([]);
        expect(postgres.tables).toEqual(sqlite.tables.filter((name) => name !== 'sqlite_sequence'));
        expect(sqlite.tables).toEqual(expect.arrayContaining(['reports', 'assessments', 'api_keys', 'organisations', 'migrations']));
      } finally {
        await pg.drop();
      }
    });

    it('run from the CLI (npm run migrate)', () => {
      const dir = tempDir();
      const { code, stdout } = runCli(['migrate'], testEnv(dir));
      expect(code).toBe(0);
      expect(stdout).toContain('up to date');
    });
  });
});

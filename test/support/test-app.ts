import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { createHttpApp } from '../../src/bootstrap';
import { loadAppConfig, type AppConfig } from '../../src/config/app-config';
import type { QueueMode } from '../../src/config/app-options';

export const ADMIN_KEY = 'test-admin-key-0123456789abcdef';
export const ROOT = path.resolve(__dirname, '../..');
export const REPORT_FIXTURES = path.join(ROOT, 'test/fixtures/reports');
export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestApp {
  app: INestApplication;
  http: ReturnType<INestApplication['getHttpServer']>;
  config: AppConfig;
  dataSource: DataSource;
  admin: string;
  dir: string;
  close(): Promise<void>;
}

export function tempDir(prefix = 'fzs-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The environment of one isolated test service: its own SQLite file and its own queue prefix in Redis. */
export function testEnv(dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: `sqlite:${path.join(dir, 'scorecard.sqlite')}`,
    QUEUE_PREFIX: `fzs-test-${randomUUID().slice(0, 8)}`,
    ADMIN_API_KEY: ADMIN_KEY,
    LOG_LEVEL: 'silent',
    // tests post hundreds of reports a minute; the limit itself is tested with a low value
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '1000000',
    ...extra,
  };
}

export async function startTestApp(options: { queueMode?: QueueMode; worker?: boolean; env?: Record<string, string> } = {}): Promise<TestApp> {
  const dir = tempDir();
  const env = testEnv(dir, options.env);
  const config = loadAppConfig({ ...process.env, ...env });
  const app = await createHttpApp({ config, queueMode: options.queueMode ?? 'bullmq', worker: options.worker ?? true });
  await app.init();
  return {
    app,
    http: app.getHttpServer(),
    config,
    dataSource: app.get(DataSource),
    admin: `Bearer ${ADMIN_KEY}`,
    dir,
    close: async () => {
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns a value (no fixed sleeps in tests); fails after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A fresh PostgreSQL database for one suite, dropped afterwards. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `fzs_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new DataSource({ type: 'postgres', url: PG_ADMIN_URL });
  await admin.initialize();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.destroy();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const again = new DataSource({ type: 'postgres', url: PG_ADMIN_URL });
      await again.initialize();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.destroy();
    },
  };
}

import { availableParallelism } from 'node:os';
import * as path from 'node:path';

export type DatabaseConfig =
  /** busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS, how long a statement waits for the file's lock (default 10 s) */
  | { type: 'sqlite'; database: string; busyTimeoutMs?: number }
  | { type: 'postgres'; url: string };

export type QueueModeSetting = 'bullmq' | 'inline' | 'auto';

export interface AppConfig {
  port: number;
  database: DatabaseConfig;
  redisUrl: string;
  /** Redis key prefix of the queues: separate deployments (or test runs) can share one Redis */
  queuePrefix: string;
  queueMode: QueueModeSetting;
  adminApiKey?: string;
  maxUploadMb: number;
  /** INTAKE_TIMEOUT_SECONDS: one upload's intake (and scoring, for /check) on its pool thread; OCR has its own */
  intakeTimeoutSeconds: number;
  /** INTAKE_MAX_MEMORY_MB: the heap of the pool thread working on one upload */
  intakeMaxMemoryMb: number;
  /** INTAKE_THREADS: uploads worked on at once (default: the cores) */
  intakeThreads: number;
  workerConcurrency: number;
  workerLockMs: number;
  /** how often a consuming process re-queues unfinished rows the queue has lost (RECONCILE_INTERVAL_MS) */
  reconcileIntervalMs: number;
  rateLimitPerMinute: number;
  /** failed authentications (no key, unknown key) one client address may make per minute before 429 */
  authFailuresPerMinute: number;
  /** POST /check without a key (the self-check page at `/`); false requires a key like every other route */
  publicCheck: boolean;
  logLevel: string;
  rubricDir?: string;
  /** limits of the text recognition of scans and photos */
  ocr: OcrConfig;
}

/** OCR_MAX_PAGES, OCR_PAGE_TIMEOUT_SECONDS, OCR_CONCURRENCY: the shape intake's OCR takes (OcrLimits). */
export interface OcrConfig {
  /** scanned pages accepted in one file (413 above) */
  maxPages: number;
  /** time for one page, render and recognition (422 when over) */
  pageTimeoutMs: number;
  /** recognition child processes at once */
  concurrency: number;
}

/** A configuration value that cannot work: the process stops with this one line. */
export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

/** MAX_UPLOAD_MB and its kin in bytes. */
export const megabytes = (mb: number): number => Math.floor(mb * 1024 * 1024);

const DEFAULT_SQLITE_FILE = './data/scorecard.sqlite';

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < 1 || value > max) throw new ConfigError(name, `must be between 1 and ${max}, got ${raw}`);
  return value;
}

function atLeast(value: number, name: string, min: number): number {
  if (value < min) throw new ConfigError(name, `must be at least ${min}, got ${value}`);
  return value;
}

export function parseDatabaseUrl(raw: string | undefined): DatabaseConfig {
  if (raw === undefined || raw.trim() === '') return { type: 'sqlite', database: path.resolve(DEFAULT_SQLITE_FILE) };
  const url = raw.trim();
  if (/^postgres(ql)?:\/\//i.test(url)) {
    try {
      const parsed = new URL(url);
      if (!parsed.hostname) throw new Error('no host');
    } catch {
      throw new ConfigError('DATABASE_URL', `is not a valid postgres:// URL: "${raw}"`);
    }
    return { type: 'postgres', url };
  }
  const sqlite = /^sqlite:(?:\/\/)?(.*)$/i.exec(url);
  if (sqlite) {
    const file = sqlite[1];
    if (!file) throw new ConfigError('DATABASE_URL', 'sqlite: needs a file path, e.g. sqlite:/var/lib/scorecard.sqlite');
    return { type: 'sqlite', database: file === ':memory:' ? file : path.resolve(file) };
  }
  throw new ConfigError('DATABASE_URL', `must start with sqlite: or postgres://, got "${raw}"`);
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['true', '1', 'yes', 'on'].includes(raw)) return true;
  if (['false', '0', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${env[name]}"`);
}

/** Reads and checks the environment once at start; every later reader gets typed values. */
export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = positiveInteger(env, 'PORT', 3000, 65535);
  const database = parseDatabaseUrl(env.DATABASE_URL);
  if (database.type === 'sqlite' && env.SQLITE_BUSY_TIMEOUT_MS?.trim()) database.busyTimeoutMs = positiveInteger(env, 'SQLITE_BUSY_TIMEOUT_MS', 10_000, 600_000);

  const redisUrl = (env.REDIS_URL ?? '').trim() || 'redis://127.0.0.1:6379';
  if (!/^rediss?:\/\/[^/\s]+/i.test(redisUrl)) {
    throw new ConfigError('REDIS_URL', `must be a redis:// or rediss:// URL, got "${env.REDIS_URL}"`);
  }

  const queuePrefix = (env.QUEUE_PREFIX ?? '').trim() || 'fzs';
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(queuePrefix)) {
    throw new ConfigError('QUEUE_PREFIX', `may use letters, digits, _ . - (at most 64), got "${env.QUEUE_PREFIX}"`);
  }

  const rawMode = (env.QUEUE_MODE ?? '').trim();
  if (rawMode !== '' && rawMode !== 'bullmq' && rawMode !== 'inline') {
    throw new ConfigError('QUEUE_MODE', `must be "bullmq" or "inline" (or unset), got "${rawMode}"`);
  }

  const adminApiKey = env.ADMIN_API_KEY?.trim() || undefined;
  if (adminApiKey !== undefined && adminApiKey.length < 16) {
    throw new ConfigError('ADMIN_API_KEY', 'must be at least 16 characters long');
  }

  const rawUpload = env.MAX_UPLOAD_MB?.trim();
  let maxUploadMb = 20;
  if (rawUpload) {
    maxUploadMb = Number(rawUpload);
    if (!Number.isFinite(maxUploadMb) || maxUploadMb <= 0 || maxUploadMb > 1024) {
      throw new ConfigError('MAX_UPLOAD_MB', `must be a number of megabytes between 0 and 1024, got "${rawUpload}"`);
    }
  }

  return {
    port,
    database,
    redisUrl,
    queuePrefix,
    queueMode: rawMode === '' ? 'auto' : (rawMode as QueueModeSetting),
    adminApiKey,
    maxUploadMb,
    intakeTimeoutSeconds: positiveInteger(env, 'INTAKE_TIMEOUT_SECONDS', 20, 3600),
    intakeMaxMemoryMb: atLeast(positiveInteger(env, 'INTAKE_MAX_MEMORY_MB', 512, 65_536), 'INTAKE_MAX_MEMORY_MB', 64),
    intakeThreads: positiveInteger(env, 'INTAKE_THREADS', availableParallelism(), 256),
    workerConcurrency: positiveInteger(env, 'WORKER_CONCURRENCY', 4, 64),
    workerLockMs: positiveInteger(env, 'WORKER_LOCK_MS', 30_000, 600_000),
    reconcileIntervalMs: positiveInteger(env, 'RECONCILE_INTERVAL_MS', 60_000, 86_400_000),
    rateLimitPerMinute: positiveInteger(env, 'RATE_LIMIT_PER_MINUTE', 600, 1_000_000),
    authFailuresPerMinute: positiveInteger(env, 'RATE_LIMIT_AUTH_FAILURES_PER_MINUTE', 30, 1_000_000),
    publicCheck: flag(env, 'PUBLIC_CHECK', true),
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    rubricDir: env.RUBRIC_DIR?.trim() || undefined,
    ocr: {
      maxPages: positiveInteger(env, 'OCR_MAX_PAGES', 40, 1000),
      pageTimeoutMs: positiveInteger(env, 'OCR_PAGE_TIMEOUT_SECONDS', 120, 3600) * 1000,
      // each child holds the models (~200 MB) and keeps a core busy: more than the cores only queues
      concurrency: positiveInteger(env, 'OCR_CONCURRENCY', availableParallelism(), 64),
    },
  };
}

import type { AppConfig } from './app-config';

export type QueueMode = 'bullmq' | 'inline';

/** What one process is: decided in main.ts / worker.ts / the CLI before Nest starts. */
export interface AppOptions {
  config: AppConfig;
  queueMode: QueueMode;
  /** this process consumes scoring jobs (API with in-process worker, or worker only) */
  worker: boolean;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
export const APP_OPTIONS = Symbol('APP_OPTIONS');

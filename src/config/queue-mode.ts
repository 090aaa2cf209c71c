import Redis from 'ioredis';
import type { AppConfig } from './app-config';
import type { QueueMode } from './app-options';

/** True when Redis answers PING within the timeout. */
export async function redisAnswers(redisUrl: string, timeoutMs = 1500): Promise<boolean> {
  const client = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: timeoutMs, retryStrategy: () => null, enableOfflineQueue: false });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * QUEUE_MODE unset: use BullMQ when Redis answers, otherwise score in-process, so the service starts on a
 * laptop with nothing installed and scales out when Redis is there.
 */
export async function resolveQueueMode(config: AppConfig, warn: (line: string) => void): Promise<QueueMode> {
  if (config.queueMode !== 'auto') return config.queueMode;
  if (await redisAnswers(config.redisUrl)) return 'bullmq';
  warn(`Redis did not answer at ${config.redisUrl}: QUEUE_MODE=inline, scoring runs in this process`);
  return 'inline';
}

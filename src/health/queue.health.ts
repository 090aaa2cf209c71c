import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { JobQueue } from '../queue';

@Injectable()
export class QueueHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly queue: JobQueue,
  ) {}

  async check(key = 'queue') {
    const session = this.indicators.check(key);
    try {
      // BullMQ retries commands while Redis is away; a health probe must answer within its own deadline
      const counts = await Promise.race([
        this.queue.driver.counts(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('redis did not answer within 2 s')), 2000).unref()),
      ]);
      return counts === null ? session.up({ mode: 'inline' }) : session.up({ mode: 'bullmq', ...counts });
    } catch (error) {
      return session.down({ mode: 'bullmq', message: (error as Error).message });
    }
  }
}

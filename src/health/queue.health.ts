import { Inject, Injectable, Optional } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Queue } from 'bullmq';
import { APP_OPTIONS, type AppOptions } from '../config/app-options';
import { SCORING_QUEUE } from '../scoring/scoring.constants';

@Injectable()
export class QueueHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
    @Optional() @Inject(getQueueToken(SCORING_QUEUE)) private readonly queue?: Queue,
  ) {}

  async check(key = 'queue') {
    const session = this.indicators.check(key);
    if (this.options.queueMode === 'inline' || !this.queue) return session.up({ mode: 'inline' });
    try {
      // BullMQ retries commands while Redis is away; a health probe must answer within its own deadline
      const counts = await Promise.race([
        this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed'),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('redis did not answer within 2 s')), 2000).unref()),
      ]);
      return session.up({ mode: 'bullmq', ...counts });
    } catch (error) {
      return session.down({ mode: 'bullmq', message: (error as Error).message });
    }
  }
}

import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_OPTIONS, type AppOptions } from '../config/app-options';
import { BullmqDriver } from './bullmq.driver';
import { InlineDriver } from './inline.driver';
import { checkHandlers, type JobHandler, type JobName, type JobRef, type QueueDriver } from './jobs';
import { QueueReconciler, type PendingWorkSource } from './reconciler';

/**
 * The one way features queue work. Handlers are registered while modules initialise; at bootstrap every job
 * name must have exactly one, then the driver starts consuming (inline always; BullMQ when this process is a worker).
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly driver: QueueDriver;
  private readonly handlers = new Map<JobName, JobHandler>();
  private readonly pendingSources: PendingWorkSource[] = [];
  private reconciler?: QueueReconciler;

  constructor(@Inject(APP_OPTIONS) private readonly options: AppOptions) {
    const { config } = options;
    this.driver = options.queueMode === 'bullmq' ? new BullmqDriver(config.redisUrl, config.queuePrefix) : new InlineDriver();
  }

  handle(name: JobName, handler: JobHandler): void {
    if (this.handlers.has(name)) throw new Error(`job ${name} has two handlers`);
    this.handlers.set(name, handler);
  }

  /** Where the reconciler finds a feature's unfinished rows (see QueueReconciler). */
  recoverFrom(source: PendingWorkSource): void {
    this.pendingSources.push(source);
  }

  add(job: JobRef): Promise<void> {
    return this.driver.add(job);
  }

  addFlow(parent: JobRef, children: JobRef[]): Promise<void> {
    return this.driver.addFlow(parent, children);
  }

  async onApplicationBootstrap(): Promise<void> {
    checkHandlers(this.handlers);
    const { reconcileIntervalMs: intervalMs, workerLockMs } = this.options.config;
    this.reconciler = new QueueReconciler(this.driver, this.pendingSources, { lockTtlMs: Math.max(10_000, 2 * intervalMs), runningGraceMs: workerLockMs });
    if (this.options.queueMode !== 'inline' && !this.options.worker) return;
    await this.driver.start(this.handlers);
    // whoever consumes also re-queues what the queue lost: at start, then every RECONCILE_INTERVAL_MS
    this.reconciler.start(intervalMs);
  }

  /**
   * This process's reconciler: passes run on their own only where the process consumes; tests run one at a
   * chosen moment (also in an API-only process, with no worker to take the jobs it re-adds).
   */
  get queueReconciler(): QueueReconciler | undefined {
    return this.reconciler;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.reconciler?.stop();
    await this.driver.close();
  }
}

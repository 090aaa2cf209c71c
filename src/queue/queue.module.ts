import { Module } from '@nestjs/common';
import { JobQueue } from './job-queue';

/** Imported by each feature that queues or handles jobs; one JobQueue per process. */
@Module({ providers: [JobQueue], exports: [JobQueue] })
export class QueueModule {}

import * as v8 from 'node:v8';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { appOptions, configOrExit } from './bootstrap';

/**
 * How far V8 lets the heap grow past what the last full collection kept before it collects again, in percent.
 * With its default (a factor of up to 4 on a machine with a large heap limit) a worker that keeps about 50 MB
 * alive went 500 batch items without one full collection, its heap filling with the jobs' garbage to 155 MB
 * and its RSS from 175 to 300–320 MB. 50 % makes it collect every 25 MB or so (about 10 ms each at this live size).
 * V8 reads the flag at every full collection, so setting it once the process runs is enough.
 */
const HEAP_GROWING_PERCENT = 50;
v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);

/**
 * A worker only: no HTTP. More of these on more machines share one Redis and one PostgreSQL. On SIGTERM the
 * BullMQ worker closes, finishing its active jobs; a job it cannot finish is picked up again as stalled.
 */
async function main(): Promise<void> {
  const config = configOrExit();
  const options = await appOptions(config, true);
  if (options.queueMode !== 'bullmq') {
    process.stderr.write('scorecard worker needs Redis (QUEUE_MODE=bullmq): nothing to consume in inline mode\n');
    process.exit(1);
  }
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(options), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
}

main().catch((error: Error) => {
  process.stderr.write(`scorecard worker failed to start: ${error.message}\n`);
  process.exit(1);
});

import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { appOptions, configOrExit } from './bootstrap';

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

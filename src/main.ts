import { appOptions, configOrExit, createHttpApp } from './bootstrap';

/** API plus an in-process worker (RUN_WORKER=false for an API-only process when separate workers run). */
async function main(): Promise<void> {
  const config = configOrExit();
  const options = await appOptions(config, process.env.RUN_WORKER !== 'false');
  const app = await createHttpApp(options);
  await app.listen(config.port);
}

main().catch((error: Error) => {
  process.stderr.write(`scorecard failed to start: ${error.message}\n`);
  process.exit(1);
});

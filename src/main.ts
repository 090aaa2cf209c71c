import { appOptions, configOrExit, createHttpApp } from './bootstrap';
import { IntakePool } from './intake-pool/intake-pool';

/** API plus an in-process worker (RUN_WORKER=false for an API-only process when separate workers run). */
async function main(): Promise<void> {
  const config = configOrExit();
  const options = await appOptions(config, process.env.RUN_WORKER !== 'false');
  const app = await createHttpApp(options);
  await app.listen(config.port);
  // the intake threads load their parsers and the rubrics now rather than during the first upload
  app.get(IntakePool).warm();
}

main().catch((error: Error) => {
  process.stderr.write(`scorecard failed to start: ${error.message}\n`);
  process.exit(1);
});

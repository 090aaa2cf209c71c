import { NestFactory } from '@nestjs/core';
import { SingleBar } from 'cli-progress';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import { AppModule } from '../../app.module';
import { ApiKeysService, DEFAULT_ORGANISATION } from '../../auth/api-keys.service';
import { CliUsageError, EXIT_OK } from '../cli-error';
import type { AppConfig } from '../../config/app-config';
import { redisAnswers } from '../../config/queue-mode';
import type { ExportFormat } from '../../batches/batch-export';
import { BatchesService } from '../../batches/batches.service';
import { writeOutput } from './batch-output';
import type { BatchSource } from './batch-sources';

/**
 * `scorecard batch --queue`: the batch goes through the same BullMQ flow as POST /batches, into the database at
 * DATABASE_URL. This process runs a worker too, so it finishes on its own; other workers on the same Redis and
 * database help. It waits for the batch and writes the results.
 */
export async function runQueuedBatch(sources: BatchSource[], options: { format: ExportFormat; out: string; name?: string; rubric?: string; profile?: string }, config: AppConfig, io: { err: (text: string) => void; tty: boolean }): Promise<number> {
  if (!(await redisAnswers(config.redisUrl))) throw new CliUsageError(`--queue needs Redis: nothing answers at ${config.redisUrl} (set REDIS_URL)`);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config, queueMode: 'bullmq', worker: true }), { logger: false, abortOnError: false });
  app.enableShutdownHooks();
  try {
    await app.init();
    const batches = app.get(BatchesService);
    const organisation = await app.get(ApiKeysService).findOrCreateOrganisation(DEFAULT_ORGANISATION);
    const files = [];
    for (const s of sources) {
      const bytes = s.bytes ?? (await fs.readFile(s.path!));
      files.push({ filename: s.file.slice(-500), bytes, sha256: createHash('sha256').update(bytes).digest('hex') });
    }
    const batch = await batches.createFor(organisation.id, 'cli', files, { name: options.name, rubric: options.rubric, profile: options.profile });
    io.err(`batch ${batch.id}: ${files.length} files queued`);
    const principal = { keyId: 'cli', role: 'admin' as const, organisationId: null, visibleOrganisationIds: null };
    const bar = io.tty ? new SingleBar({ format: 'scoring [{bar}] {value}/{total} | eta {eta_formatted}', stream: process.stderr }) : null;
    bar?.start(files.length, 0);
    let last = -1;
    for (;;) {
      const view = await batches.findVisible(principal, batch.id);
      const ended = view.done + view.failed;
      if (bar) bar.update(ended);
      else if (ended !== last) io.err(`[${ended}/${view.total}] ${view.status}`);
      last = ended;
      if (view.status === 'done') break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    bar?.stop();
    const full = await batches.findVisible(principal, batch.id);
    const { entries, failed, copies, reportFiles } = await batches.entries(full);
    for (const f of failed) io.err(`${f.file}: ${f.error}`);
    // entries and copy pairs name items and report ids; the CLI's output names files, as the inline path does
    const fileOf = new Map([...reportFiles, ...entries.map((e): [string, string] => [e.reportId!, e.file])]);
    const byFile = entries.map((e) => ({ ...e, key: e.file }));
    const named = copies.map((c) => ({ ...c, a: fileOf.get(c.a) ?? c.a, b: fileOf.get(c.b) ?? c.b }));
    await writeOutput(options.format, options.out, byFile, failed, named);
    io.err(`${entries.length} scored, ${failed.length} failed → ${options.out}`);
    return EXIT_OK;
  } finally {
    await app.close();
  }
}

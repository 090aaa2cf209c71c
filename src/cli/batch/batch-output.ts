import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { toCsv, toXlsx, type ExportFormat } from '../../batches/batch-export';
import { exportRows, gapFrequency, type BatchEntry, type FailedEntry } from '../../batches/batch-report';
import type { CopyPair } from '../../batches/copy-detection';

/** The batch's output file, the same whether the batch ran in this process or through the queue. */
export async function writeOutput(format: ExportFormat, out: string, entries: BatchEntry[], failed: FailedEntry[], copies: CopyPair[]): Promise<void> {
  let body: Buffer;
  if (format === 'json') {
    const duplicates = new Map<string, Array<{ file: string; share: number }>>();
    for (const c of copies) {
      duplicates.set(c.a, [...(duplicates.get(c.a) ?? []), { file: c.b, share: c.shareA }]);
      duplicates.set(c.b, [...(duplicates.get(c.b) ?? []), { file: c.a, share: c.shareB }]);
    }
    const cards = entries.map((e) => ({
      file: e.file,
      ...e.card,
      ...(e.planFulfilment ? { planFulfilment: e.planFulfilment } : {}),
      ...(duplicates.has(e.key) ? { duplicates: duplicates.get(e.key) } : {}),
    }));
    body = Buffer.from(`${JSON.stringify([...cards, ...failed.map((f) => ({ file: f.file, error: f.error }))], null, 2)}\n`, 'utf8');
  } else if (format === 'csv') body = toCsv(exportRows(entries, copies));
  else body = await toXlsx(exportRows(entries, copies), gapFrequency(entries), failed);
  await fs.mkdir(path.dirname(path.resolve(out)), { recursive: true });
  await fs.writeFile(out, body);
}


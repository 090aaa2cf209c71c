import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { toCsv, toXlsx, type ExportFormat } from '../../batches/batch-export';
import { exportRows, gapFrequency, type BatchEntry, type FailedEntry } from '../../batches/batch-report';
import type { CopyPair } from '../../batches/copy-detection';
import { arrayJson, elementJson, withMembers } from './card-json';

/**
 * The batch's output file, the same whether the batch ran in this process or through the queue. `cardJson`, when
 * given, is an entry's card already serialised (cardElementJson, on its scoring thread): only the batch-wide
 * members are added to it here.
 */
export async function writeOutput(
  format: ExportFormat,
  out: string,
  entries: BatchEntry[],
  failed: FailedEntry[],
  copies: CopyPair[],
  cardJson?: (entry: BatchEntry) => Uint8Array | undefined,
): Promise<void> {
  let body: Buffer;
  if (format === 'json') {
    const duplicates = new Map<string, Array<{ file: string; share: number }>>();
    for (const c of copies) {
      duplicates.set(c.a, [...(duplicates.get(c.a) ?? []), { file: c.b, share: c.shareA }]);
      duplicates.set(c.b, [...(duplicates.get(c.b) ?? []), { file: c.a, share: c.shareB }]);
    }
    // most copied first, then by file: pairs of equal share come in whatever order the threads finished them
    for (const list of duplicates.values()) list.sort((x, y) => y.share - x.share || (x.file < y.file ? -1 : x.file > y.file ? 1 : 0));
    const elements = entries.map((e) => {
      const extra = {
        ...(e.planFulfilment ? { planFulfilment: e.planFulfilment } : {}),
        ...(duplicates.has(e.key) ? { duplicates: duplicates.get(e.key) } : {}),
      };
      const made = cardJson?.(e);
      return (made !== undefined ? withMembers(made, extra) : undefined) ?? [elementJson({ file: e.file, ...e.card, ...extra })];
    });
    for (const f of failed) elements.push([elementJson({ file: f.file, error: f.error })]);
    body = arrayJson(elements);
  } else if (format === 'csv') body = toCsv(exportRows(entries, copies));
  else body = await toXlsx(exportRows(entries, copies), gapFrequency(entries), failed);
  await fs.mkdir(path.dirname(path.resolve(out)), { recursive: true });
  await fs.writeFile(out, body);
}


import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, MoreThanOrEqual, Not } from 'typeorm';
import { chunks } from '../database/in-chunks';
import { RawSql } from '../database/raw-sql';
import { base64Column } from '../database/uuid-entity';
import { Batch, BatchItem, type BatchAnalysis, type BatchItemStatus } from './batch.entity';

/** A new batch's row as the service decides it; id, counters' defaults and timestamps are the table's. */
export type NewBatch = Omit<Batch, 'id' | 'assignId' | 'createdAt'>;
/** A new item's row, without the batch it belongs to (known only once the batch is stored). */
export type NewBatchItem = Omit<BatchItem, 'id' | 'assignId' | 'createdAt' | 'batchId' | 'report' | 'ocrProgress'>;

/** What a batch's item list shows (GET /batches/:id/results, the export). */
export type BatchItemSummary = Pick<BatchItem, 'id' | 'position' | 'filename' | 'status' | 'error' | 'reportId' | 'assessmentId'>;

/** What an item job reads of its item (with the file's bytes) and of the item's batch. */
export type ItemToRun = Pick<BatchItem, 'id' | 'batchId' | 'filename' | 'bytes' | 'status' | 'attempts' | 'issuer' | 'level' | 'year' | 'publishedAt'>;
export type BatchOfItem = Pick<Batch, 'id' | 'organisationId' | 'status' | 'rubricFixed' | 'rubricId' | 'rubricVersion' | 'profile'>;

/** The columns an item's ending writes besides its status (finishItem). */
export type ItemOutcome = Partial<Pick<BatchItem, 'reportId' | 'assessmentId' | 'attempts' | 'error'>>;

/** Copy pairs written by one INSERT: a pair quotes up to five passages from each side. */
const COPIES_PER_INSERT = 50;

/** A list needs everything but the analysis blob, which only results and export read. */
const BATCH_FIELDS = {
  id: true,
  organisationId: true,
  name: true,
  status: true,
  total: true,
  done: true,
  failed: true,
  rubricId: true,
  rubricVersion: true,
  createdBy: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
} as const;

/** The batches and batch_items tables: every read and write the batch service and runner make. */
@Injectable()
export class BatchRepository {
  private readonly sql: RawSql;

  constructor(private readonly dataSource: DataSource) {
    this.sql = new RawSql(dataSource);
  }

  /** The batch and all its items in one transaction, so a batch is never seen without its files. */
  async createWithItems(fields: NewBatch, files: NewBatchItem[]): Promise<{ batch: Batch; itemIds: string[] }> {
    return this.dataSource.transaction(async (manager) => {
      const batchRepo = manager.getRepository(Batch);
      const row = await batchRepo.save(batchRepo.create(fields));
      const itemRepo = manager.getRepository(BatchItem);
      const items = files.map((f) => itemRepo.create({ ...f, batchId: row.id }));
      for (const part of chunks(items, 50)) await itemRepo.insert(part);
      return { batch: row, itemIds: items.map((i) => i.id) };
    });
  }

  /** A batch the queue refused: it and its items go together, as they came. */
  async deleteWithItems(batchId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(BatchItem).delete({ batchId });
      await manager.getRepository(Batch).delete({ id: batchId });
    });
  }

  findById(id: string): Promise<Batch | null> {
    return this.dataSource.getRepository(Batch).findOneBy({ id });
  }

  /** Newest first; null organisations means all of them. The analysis blob is left out. */
  page(organisationIds: string[] | null, page: number, limit: number): Promise<[Batch[], number]> {
    const where = organisationIds === null ? {} : { organisationId: In(organisationIds) };
    return this.dataSource.getRepository(Batch).findAndCount({ where, select: BATCH_FIELDS, order: { createdAt: 'DESC', id: 'ASC' }, skip: (page - 1) * limit, take: limit });
  }

  /** The batches not done (queued or running), with when each was created. */
  unfinished(): Promise<Array<Pick<Batch, 'id' | 'createdAt'>>> {
    return this.dataSource.getRepository(Batch).find({ where: { status: In(['queued', 'running']) }, select: { id: true, createdAt: true } });
  }

  /** Whether an item of the batch ended at or after `since` (the batch is still moving). */
  anyItemEndedSince(batchId: string, since: Date): Promise<boolean> {
    return this.dataSource.getRepository(BatchItem).existsBy({ batchId, finishedAt: MoreThanOrEqual(since) });
  }

  /** Queued items of a scanned file with pages recognised so far, in upload order. */
  recognising(batchId: string): Promise<Array<Pick<BatchItem, 'id' | 'filename' | 'ocrProgress'>>> {
    return this.dataSource.getRepository(BatchItem).find({
      where: { batchId, status: 'queued', ocrProgress: Not(IsNull()) },
      select: { id: true, filename: true, ocrProgress: true },
      order: { position: 'ASC' },
    });
  }

  /** Every item of the batch, in upload order, without its bytes. */
  itemSummaries(batchId: string): Promise<BatchItemSummary[]> {
    return this.dataSource.getRepository(BatchItem).find({
      where: { batchId },
      select: { id: true, position: true, filename: true, status: true, error: true, reportId: true, assessmentId: true },
      order: { position: 'ASC' },
    });
  }

  /** Items still queued: for the reconciler's flows and the items a lost job never ended. */
  queuedItems(batchId: string): Promise<Array<Pick<BatchItem, 'id' | 'batchId'>>> {
    return this.dataSource.getRepository(BatchItem).find({ where: { batchId, status: 'queued' }, select: { id: true, batchId: true } });
  }

  /**
   * The item with its bytes and what its job reads of the batch, in one statement (a batch item job's first): null
   * when the item is gone, `batch` null when its batch is.
   */
  async itemToRun(id: string): Promise<{ item: ItemToRun; batch: BatchOfItem | null } | null> {
    const [row] = await this.sql.rows<ItemToRun & { bytes: string | null } & { [K in keyof BatchOfItem as `batch_${K}`]: BatchOfItem[K] | null }>(
      `SELECT i."id", i."batchId", i."filename", i."bytes", i."status", i."attempts", i."issuer", i."level", i."year", i."publishedAt",
        b."id" AS "batch_id", b."organisationId" AS "batch_organisationId", b."status" AS "batch_status", b."rubricFixed" AS "batch_rubricFixed",
        b."rubricId" AS "batch_rubricId", b."rubricVersion" AS "batch_rubricVersion", b."profile" AS "batch_profile"
      FROM "batch_items" i LEFT JOIN "batches" b ON b."id" = i."batchId" WHERE i."id" = ?`,
      [id],
    );
    if (!row) return null;
    const item: ItemToRun = {
      id: row.id,
      batchId: row.batchId,
      filename: row.filename,
      bytes: base64Column.from(row.bytes),
      status: row.status,
      attempts: row.attempts,
      issuer: row.issuer,
      level: row.level,
      year: row.year,
      publishedAt: row.publishedAt,
    };
    if (row.batch_id === null) return { item, batch: null };
    const batch: BatchOfItem = {
      id: row.batch_id,
      organisationId: row.batch_organisationId!,
      status: row.batch_status!,
      // SQLite keeps a boolean as 0 or 1
      rubricFixed: !!row.batch_rubricFixed,
      rubricId: row.batch_rubricId!,
      rubricVersion: row.batch_rubricVersion!,
      profile: row.batch_profile,
    };
    return { item, batch };
  }

  async setOcrProgress(itemId: string, ocrProgress: { pages: number; recognisedPages: number }): Promise<void> {
    await this.dataSource.getRepository(BatchItem).update({ id: itemId }, { ocrProgress });
  }

  /** queued → running, once: only a batch still queued changes. */
  async markStarted(batchId: string): Promise<void> {
    await this.sql.run(`UPDATE "batches" SET "status" = 'running', "startedAt" = ? WHERE "id" = ? AND "status" = 'queued'`, [this.sql.timestamp(new Date()), batchId]);
  }

  /**
   * The status change and the counter move together, and only from `queued`: a job run twice counts once. On
   * PostgreSQL one statement (the item's UPDATE feeds the counter's); on SQLite a transaction of the two.
   */
  async finishItem(item: Pick<BatchItem, 'id' | 'batchId'>, status: Exclude<BatchItemStatus, 'queued'>, fields: ItemOutcome): Promise<void> {
    const columns = Object.entries(fields).filter(([, value]) => value !== undefined);
    const set = [...columns.map(([name]) => `"${name}" = ?`), `"status" = ?`, `"bytes" = NULL`, `"finishedAt" = ?`].join(', ');
    const params = [...columns.map(([, value]) => value), status, this.sql.timestamp(new Date()), item.id];
    const counter = status === 'done' ? `"done" = "done" + 1` : `"failed" = "failed" + 1`;
    const update = `UPDATE "batch_items" SET ${set} WHERE "id" = ? AND "status" = 'queued'`;
    if (this.sql.postgres) {
      await this.sql.run(`WITH ended AS (${update} RETURNING "batchId") UPDATE "batches" SET ${counter} WHERE "id" IN (SELECT "batchId" FROM ended)`, params);
      return;
    }
    await this.sql.transaction(async (run) => {
      const changed = await run(update, params);
      if (changed.affected) await run(`UPDATE "batches" SET ${counter} WHERE "id" = ?`, [item.batchId]);
    });
  }

  /** Report ids of the batch's done items (with repeats and nulls, as stored). */
  async doneReportIds(batchId: string): Promise<Array<string | null>> {
    const items = await this.dataSource.getRepository(BatchItem).find({ where: { batchId, status: 'done' }, select: { reportId: true } });
    return items.map((i) => i.reportId);
  }

  /** The counters as the items say, not as the increments went. */
  async countEnded(batchId: string): Promise<{ done: number; failed: number }> {
    const items = this.dataSource.getRepository(BatchItem);
    const [done, failed] = await Promise.all([items.countBy({ batchId, status: 'done' }), items.countBy({ batchId, status: 'failed' })]);
    return { done, failed };
  }

  /**
   * The batch done with its counters and analysis; started now if no item ever marked it started. Only from
   * unfinished: false when another finalisation was first. The copy pairs go to batch_copies, a row each, in the
   * same transaction (see the BatchCopies migration for why not in the analysis).
   */
  async finish(batchId: string, counts: { done: number; failed: number }, analysis: BatchAnalysis): Promise<boolean> {
    const { copies, ...rest } = analysis;
    const now = this.sql.timestamp(new Date());
    return this.sql.transaction(async (run) => {
      const ended = await run(
        `UPDATE "batches" SET "status" = 'done', "done" = ?, "failed" = ?, "analysis" = ?, "finishedAt" = ?, "startedAt" = COALESCE("startedAt", ?) WHERE "id" = ? AND "status" IN ('queued', 'running')`,
        [counts.done, counts.failed, JSON.stringify({ ...rest, copies: [] }), now, now, batchId],
      );
      if (!ended.affected) return false;
      const rows = copies.map((pair, position) => [batchId, position, JSON.stringify(pair)]);
      for (const part of chunks(rows, COPIES_PER_INSERT)) {
        await run(`INSERT INTO "batch_copies"("batchId", "position", "pair") VALUES ${part.map(() => '(?, ?, ?)').join(', ')}`, part.flat());
      }
      return true;
    });
  }

  /** The copy pairs a batch's finalisation stored (finish), in their order: most copied first. */
  async copies(batchId: string): Promise<BatchAnalysis['copies']> {
    const rows = await this.sql.rows<{ pair: string }>(`SELECT "pair" FROM "batch_copies" WHERE "batchId" = ? ORDER BY "position"`, [batchId]);
    return rows.map((row) => JSON.parse(row.pair) as BatchAnalysis['copies'][number]);
  }
}

import type { DataSource } from 'typeorm';
import { Batch, BatchItem } from '../src/batches/batch.entity';
import { BatchRepository } from '../src/batches/batch.repository';
import { RawSql } from '../src/database/raw-sql';
import { Report } from '../src/reports/report.entity';
import { Assessment } from '../src/scoring/assessment.entity';
import { AssessmentRepository } from '../src/scoring/assessment.repository';
import { openDatabase } from '../src/schema';
import { createPostgresDatabase, tempDir } from './support/test-app';

/**
 * The queue's hand-written statements (src/database/raw-sql.ts) on both databases: what they write reads back
 * through TypeORM's entities as TypeORM's own writes did, and the guarded ones change a row once.
 */
describe.each(['sqlite', 'postgres'] as const)('the per-report statements on %s', (type) => {
  let dataSource: DataSource;
  let drop: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    if (type === 'postgres') {
      const pg = await createPostgresDatabase();
      drop = pg.drop;
      dataSource = await openDatabase({ type: 'postgres', url: pg.url });
    } else dataSource = await openDatabase({ type: 'sqlite', database: `${tempDir()}/rows.sqlite` });
  });
  afterAll(async () => {
    await dataSource.destroy();
    await drop();
  });

  const newBatch = () =>
    new BatchRepository(dataSource).createWithItems(
      { organisationId: 'org-1', name: 'season', status: 'queued', total: 2, done: 0, failed: 0, rubricId: 'outline', rubricVersion: '1.2.0', rubricFixed: true, profile: null, createdBy: 'admin', analysis: null, startedAt: null, finishedAt: null },
      [0, 1].map((position) => ({ position, filename: `dir/${position}.txt`, sha256: `sha-${position}`, size: 6, issuer: position ? '某县人民政府' : null, level: null, year: position ? 2024 : null, publishedAt: null, status: 'queued' as const, error: null, reportId: null, assessmentId: null, bytes: Buffer.from(`正文${position}`), attempts: 0, finishedAt: null })),
    );

  it('reads an item with its bytes and its batch in one statement, and ends each item once, counting it once', async () => {
    const batches = new BatchRepository(dataSource);
    const { batch } = await newBatch();
    // by position: on SQLite createWithItems answers the ids in another order than the files (TypeORM's multi-row insert)
    const itemIds = (await dataSource.getRepository(BatchItem).find({ where: { batchId: batch.id }, order: { position: 'ASC' }, select: { id: true } })).map((i) => i.id);
    expect(await batches.itemToRun(itemIds[1])).toEqual({
      item: { id: itemIds[1], batchId: batch.id, filename: 'dir/1.txt', bytes: Buffer.from('正文1'), status: 'queued', attempts: 0, issuer: '某县人民政府', level: null, year: 2024, publishedAt: null },
      batch: { id: batch.id, organisationId: 'org-1', status: 'queued', rubricFixed: true, rubricId: 'outline', rubricVersion: '1.2.0', profile: null },
    });
    expect(await batches.itemToRun('00000000-0000-0000-0000-000000000000')).toBeNull();

    await batches.markStarted(batch.id);
    await batches.finishItem({ id: itemIds[0], batchId: batch.id }, 'done', { reportId: null, assessmentId: null, attempts: 1 });
    // a job run again: the item is no longer queued, nothing moves
    await batches.finishItem({ id: itemIds[0], batchId: batch.id }, 'done', { attempts: 2 });
    await batches.finishItem({ id: itemIds[1], batchId: batch.id }, 'failed', { error: '无法读取', attempts: 3 });
    const stored = await dataSource.getRepository(Batch).findOneByOrFail({ id: batch.id });
    expect(stored).toMatchObject({ status: 'running', done: 1, failed: 1, startedAt: expect.any(Date) });
    const items = await dataSource.getRepository(BatchItem).find({ where: { batchId: batch.id }, order: { position: 'ASC' } });
    expect(items.map(({ status, attempts, error, bytes }) => ({ status, attempts, error, bytes }))).toEqual([
      { status: 'done', attempts: 1, error: null, bytes: null },
      { status: 'failed', attempts: 3, error: '无法读取', bytes: null },
    ]);
    expect(items.every((item) => item.finishedAt instanceof Date)).toBe(true);
  });

  it('inserts a report and its assessment with nothing read back, and a score job reads and writes them as TypeORM does', async () => {
    const sql = new RawSql(dataSource);
    const report = { id: `r-${type}`, organisationId: 'org-1', sha256: `sha-${type}`, format: 'txt', filename: 'a.txt', profile: null, batchId: null, title: '报告', issuer: '某市人民政府', level: 'city', year: 2024, publishedAt: '2025-01-20', script: 'simplified', chars: 2, extractedText: '正文', normalisedText: '正文', sections: '[]', originalBytes: Buffer.from('正文').toString('base64'), ocr: JSON.stringify({ status: 'done', pages: 2, recognisedPages: 2, confidence: 0.9 }) };
    const createdAt = await sql.insert('reports', report);
    expect((await dataSource.getRepository(Report).findOneByOrFail({ id: report.id })).createdAt).toEqual(createdAt);
    await expect(sql.insert('reports', { ...report, id: `r2-${type}` })).rejects.toThrow();

    const assessments = new AssessmentRepository(dataSource);
    const requestedAt = new Date('2026-03-01T02:03:04.567Z');
    const row = await assessments.insert({ reportId: report.id, rubricId: 'outline', rubricVersion: '1.2.0', profile: 'city', rubricNote: null, status: 'queued', attempts: 0, generation: 0, requestedAt });
    await expect(assessments.insert({ reportId: report.id, rubricId: 'outline', rubricVersion: '1.2.0', profile: 'city', rubricNote: null, status: 'queued', attempts: 0, generation: 0, requestedAt })).rejects.toThrow();
    const toRun = await assessments.toRun(row.id);
    expect(toRun).toEqual({
      assessment: { id: row.id, reportId: report.id, rubricId: 'outline', rubricVersion: '1.2.0', profile: 'city', rubricNote: null, status: 'queued', attempts: 0 },
      report: { id: report.id, extractedText: '正文', title: '报告', issuer: '某市人民政府', level: 'city', year: 2024, publishedAt: '2025-01-20', profile: null, ocr: { status: 'done', pages: 2, recognisedPages: 2, confidence: 0.9 } },
    });

    const startedAt = new Date('2026-03-01T02:03:05.001Z');
    const finishedAt = new Date('2026-03-01T02:03:05.432Z');
    await assessments.markRunning(row.id, { startedAt, attempts: 1 });
    const card = { total: 71.5, grade: '良好', rubric: { id: 'outline', version: '1.2.0' }, profile: 'city' };
    await assessments.markDone(row.id, { json: JSON.stringify(card), total: 71.5, grade: '良好', rubric: card.rubric, profile: 'city' }, finishedAt, JSON.stringify({ year: 2024, plan: [], done: [] }));
    const done = await dataSource.getRepository(Assessment).findOneOrFail({ where: { id: row.id }, select: { id: true, status: true, attempts: true, card: true, total: true, grade: true, error: true, planDigest: true, createdAt: true, requestedAt: true, startedAt: true, finishedAt: true } });
    expect(done).toEqual(expect.objectContaining({ status: 'done', attempts: 1, card, total: 71.5, grade: '良好', error: null, planDigest: { year: 2024, plan: [], done: [] }, createdAt: row.createdAt, requestedAt, startedAt, finishedAt }));
    expect(await assessments.toRun('00000000-0000-0000-0000-000000000000')).toBeNull();
  });

  it('finishes a batch once, its copy pairs stored as rows in their order beside the analysis', async () => {
    const batches = new BatchRepository(dataSource);
    const { batch } = await newBatch();
    // more pairs than one INSERT takes, each quoting a passage of its own, in the order finalisation ranked them
    const copies = Array.from({ length: 120 }, (_, i) => ({ a: `r-${i}`, b: `r-${i + 1}`, shareA: 1 - i / 200, shareB: 0.5, copiedChars: 300 - i, passages: [{ a: `第${i}段「引文」`, b: `第${i}段“引文”`, chars: 4 }] }));
    const planFulfilment = { 'r-1': { previousReportId: 'r-0', previousYear: 2023, planned: 2, done: [], silent: ['甲', '乙'], share: 0 } };
    expect(await batches.finish(batch.id, { done: 2, failed: 0 }, { copies, planFulfilment })).toBe(true);
    // the parent job and the reconciler finalising at once: the second changes nothing and stores no pair twice
    expect(await batches.finish(batch.id, { done: 2, failed: 0 }, { copies: copies.slice(0, 3), planFulfilment: {} })).toBe(false);

    const stored = await dataSource.getRepository(Batch).findOneByOrFail({ id: batch.id });
    expect(stored).toMatchObject({ status: 'done', done: 2, failed: 0, startedAt: expect.any(Date), finishedAt: expect.any(Date) });
    expect(stored.analysis).toEqual({ copies: [], planFulfilment });
    expect(await batches.copies(batch.id)).toEqual(copies);
    expect(await batches.copies('00000000-0000-0000-0000-000000000000')).toEqual([]);
  });
});

import { HttpException } from '@nestjs/common';
import { strictMock, type MockMethods } from '../scoring/test-fixtures';
import type { Principal } from '../auth/principal';
import type { AppConfig } from '../config/app-config';
import { prepareText } from '../intake';
import { readReport, REPORTS } from '../intake/test-fixtures';
import type { JobQueue } from '../queue';
import type { Report } from '../reports/report.entity';
import type { ReportsService } from '../reports/reports.service';
import { loadRubricDirectory, RubricNotFoundError, type RubricRegistry } from '../rubric/rubric-loader';
import type { Assessment } from '../scoring/assessment.entity';
import type { AssessmentRepository } from '../scoring/assessment.repository';
import { score } from '../scoring/engine';
import type { ScoringService } from '../scoring/scoring.service';
import type { Batch } from './batch.entity';
import type { BatchItemSummary, BatchRepository } from './batch.repository';
import type { BatchReportsRepository } from './batch-reports.repository';
import { BatchesService } from './batches.service';
import type { OverridesService } from './overrides/overrides.service';
import type { BatchFile } from './upload';

const registry = loadRubricDirectory();
const rubric = registry.current();
const card = (base: string) => {
  const prepared = prepareText(readReport(base));
  return score(prepared, rubric, prepared.metadata.level ?? 'county_government');
};
const [cardA, cardB] = [card(REPORTS[0]), card(REPORTS[1])];

const BATCH_ID = '11111111-1111-4111-8111-111111111111';
const admin: Principal = { keyId: 'k-admin', role: 'admin', organisationId: null, visibleOrganisationIds: null };
const reviewer: Principal = { keyId: 'k-rev', role: 'reviewer', organisationId: 'org-a', visibleOrganisationIds: ['org-a', 'org-a1'] };
const batchOf = (fields: Partial<Batch> = {}) => ({ id: BATCH_ID, organisationId: 'org-a1', name: '2026 春', status: 'done', rubricId: rubric.id, rubricVersion: rubric.version, analysis: null, ...fields }) as Batch;
const file = (filename: string, extra: Partial<BatchFile> = {}): BatchFile => ({ filename, bytes: Buffer.from(filename), sha256: `sha-${filename}`, ...extra }) as BatchFile;

function build(parts: { batches?: MockMethods<BatchRepository>; reportRows?: MockMethods<BatchReportsRepository>; assessmentRows?: MockMethods<AssessmentRepository>; reports?: MockMethods<ReportsService>; scoring?: MockMethods<ScoringService>; overrides?: MockMethods<OverridesService>; rubrics?: RubricRegistry; queue?: MockMethods<JobQueue> } = {}) {
  const batches = strictMock<BatchRepository>('BatchRepository', parts.batches);
  const reportRows = strictMock<BatchReportsRepository>('BatchReportsRepository', parts.reportRows);
  const assessmentRows = strictMock<AssessmentRepository>('AssessmentRepository', parts.assessmentRows);
  const reports = strictMock<ReportsService>('ReportsService', parts.reports);
  const scoring = strictMock<ScoringService>('ScoringService', parts.scoring);
  const overrides = strictMock<OverridesService>('OverridesService', parts.overrides);
  const queue = strictMock<JobQueue>('JobQueue', parts.queue);
  const config = { maxUploadMb: 20 } as AppConfig;
  const service = new BatchesService(batches, reportRows, assessmentRows, reports, scoring, overrides, parts.rubrics ?? registry, queue, config);
  return { service, batches, reportRows, assessmentRows, reports, scoring, overrides, queue };
}

async function rejection(promise: Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof HttpException)) throw error;
    return { status: error.getStatus(), code: (error.getResponse() as { error: string }).error };
  }
  throw new Error('expected a rejection');
}

describe('BatchesService.createFor', () => {
  const scoring = { resolveRubric: jest.fn(() => rubric), assertProfile: jest.fn() };

  it('stores the batch and its files in upload order, then queues one flow with the ids the rows got', async () => {
    const createWithItems = jest.fn(async () => ({ batch: batchOf({ status: 'queued' }), itemIds: ['i0', 'i1'] }));
    const addFlow = jest.fn(async () => undefined);
    const { service } = build({ batches: { createWithItems }, scoring, queue: { addFlow } });

    const batch = await service.createFor('org-a1', 'k-rev', [file('a.txt', { issuer: '某市政府', year: 2025 }), file('b.txt')]);

    expect(batch.id).toBe(BATCH_ID);
    const [fields, items] = createWithItems.mock.calls[0] as unknown as [Record<string, unknown>, Array<Record<string, unknown>>];
    expect(fields).toMatchObject({ organisationId: 'org-a1', status: 'queued', total: 2, done: 0, failed: 0, rubricId: rubric.id, rubricVersion: rubric.version, rubricFixed: false, profile: null, createdBy: 'k-rev' });
    expect(fields.name).toMatch(/^\d{4}-\d{2}-\d{2} · 2 份报告$/);
    expect(items.map((i) => [i.position, i.filename, i.issuer, i.year, i.status, i.size])).toEqual([
      [0, 'a.txt', '某市政府', 2025, 'queued', 5],
      [1, 'b.txt', null, null, 'queued', 5],
    ]);
    expect(addFlow).toHaveBeenCalledWith({ name: 'batch', jobId: `batch.${BATCH_ID}`, data: { batchId: BATCH_ID } }, [
      { name: 'item', jobId: 'batch-item.i0', data: { itemId: 'i0' } },
      { name: 'item', jobId: 'batch-item.i1', data: { itemId: 'i1' } },
    ]);
  });

  it('keeps a rubric the caller named fixed for every file, and the name and profile given', async () => {
    const createWithItems = jest.fn(async () => ({ batch: batchOf(), itemIds: ['i0'] }));
    const { service } = build({ batches: { createWithItems }, scoring, queue: { addFlow: jest.fn(async () => undefined) } });
    await service.createFor('org-a1', 'k', [file('a.txt')], { name: '抽查', rubric: `${rubric.id}@${rubric.version}`, profile: 'city' });
    expect(scoring.resolveRubric).toHaveBeenLastCalledWith(`${rubric.id}@${rubric.version}`);
    expect((createWithItems.mock.calls[0] as unknown[])[0]).toMatchObject({ name: '抽查', rubricFixed: true, profile: 'city' });
  });

  it('stores nothing when the profile is refused', async () => {
    const refused = new HttpException({ error: 'UNKNOWN_PROFILE' }, 400);
    const { service } = build({ scoring: { resolveRubric: () => rubric, assertProfile: () => { throw refused; } } });
    await expect(service.createFor('org-a1', 'k', [file('a.txt')], { profile: 'nope' })).rejects.toBe(refused);
  });

  it('stores nothing when a file names a level no rubric knows', async () => {
    const { service } = build({ scoring });
    expect(await rejection(service.createFor('org-a1', 'k', [file('a.txt'), file('b.txt', { level: '火星' })]))).toEqual({ status: 400, code: 'UNKNOWN_PROFILE' });
  });

  it('removes the batch and answers 503 when the queue refuses the flow', async () => {
    const deleteWithItems = jest.fn(async () => undefined);
    const { service } = build({
      batches: { createWithItems: async () => ({ batch: batchOf(), itemIds: ['i0'] }), deleteWithItems },
      scoring,
      queue: { addFlow: async () => { throw new Error('redis down'); } },
    });
    expect(await rejection(service.createFor('org-a1', 'k', [file('a.txt')]))).toEqual({ status: 503, code: 'QUEUE_UNAVAILABLE' });
    expect(deleteWithItems).toHaveBeenCalledWith(BATCH_ID);
  });
});

describe('BatchesService.create', () => {
  it('answers 400 INVALID_BATCH_UPLOAD for an upload with no files, before asking whose it is', async () => {
    const { service } = build();
    expect(await rejection(service.create(reviewer, [], undefined))).toEqual({ status: 400, code: 'INVALID_BATCH_UPLOAD' });
  });
});

describe('BatchesService.findVisible and list', () => {
  it('answers 404 for an id that is no UUID without asking the database', async () => {
    const { service } = build();
    expect(await rejection(service.findVisible(admin, 'not-a-uuid'))).toEqual({ status: 404, code: 'BATCH_NOT_FOUND' });
  });

  it("answers 404 for another organisation's batch, as for one that does not exist", async () => {
    const findById = jest.fn(async (id: string) => (id === BATCH_ID ? batchOf({ organisationId: 'org-b' }) : null));
    const { service } = build({ batches: { findById } });
    expect(await rejection(service.findVisible(reviewer, BATCH_ID))).toEqual({ status: 404, code: 'BATCH_NOT_FOUND' });
    expect(await rejection(service.findVisible(reviewer, '22222222-2222-4222-8222-222222222222'))).toEqual({ status: 404, code: 'BATCH_NOT_FOUND' });
    expect((await service.findVisible(admin, BATCH_ID)).organisationId).toBe('org-b');
  });

  it('gives a reviewer a batch of an organisation below its own', async () => {
    const { service } = build({ batches: { findById: async () => batchOf({ organisationId: 'org-a1' }) } });
    expect((await service.findVisible(reviewer, BATCH_ID)).id).toBe(BATCH_ID);
  });

  it('pages over the organisations the caller sees', async () => {
    const page = jest.fn(async () => [[batchOf()], 41] as [Batch[], number]);
    const { service } = build({ batches: { page } });
    expect(await service.list(reviewer, 3, 20)).toEqual({ items: [batchOf()], total: 41, page: 3, limit: 20 });
    expect(page).toHaveBeenCalledWith(['org-a', 'org-a1'], 3, 20);
    await service.list(admin, 1, 5);
    expect(page).toHaveBeenLastCalledWith(null, 1, 5);
  });

  it('asks for files being recognised only while the batch is not done', async () => {
    const recognising = jest.fn(async () => [{ id: 'i0', filename: 'scan.pdf', ocrProgress: { pages: 4, recognisedPages: 1 } }]);
    const { service } = build({ batches: { recognising } });
    expect(await service.recognising(batchOf({ status: 'done' }))).toEqual([]);
    expect(recognising).not.toHaveBeenCalled();
    expect(await service.recognising(batchOf({ status: 'running' }))).toHaveLength(1);
    expect(recognising).toHaveBeenCalledWith(BATCH_ID);
  });
});

describe('BatchesService.entries and results', () => {
  const item = (id: string, position: number, status: BatchItemSummary['status'], extra: Partial<BatchItemSummary> = {}): BatchItemSummary => ({ id, position, filename: `${id}.txt`, status, error: null, reportId: null, assessmentId: null, ...extra });
  const report = (id: string, fields: Partial<Report> = {}) => ({ id, organisationId: 'org-a1', issuer: `issuer-${id}`, year: 2025, level: null, filename: `${id}.txt`, title: null, ...fields }) as Report;
  const assessment = (id: string, reportId: string, fields: Partial<Assessment> = {}) => ({ id, reportId, status: 'done', card: cardA, error: null, rubricId: rubric.id, rubricVersion: rubric.version, ...fields }) as Assessment;

  function withRows(extra: { analysis?: Batch['analysis']; adjustments?: Map<string, unknown[]>; outside?: Report[]; storedCopies?: NonNullable<Batch['analysis']>['copies'] } = {}) {
    const items = [
      item('i0', 0, 'done', { reportId: 'r0', assessmentId: 'a0' }),
      item('i1', 1, 'failed', { error: 'UNREADABLE_REPORT' }),
      item('i2', 2, 'done', { reportId: 'r2', assessmentId: 'a2' }),
      item('i3', 3, 'failed'),
      item('i4', 4, 'done', { reportId: 'r4', assessmentId: 'a4' }),
      item('i5', 5, 'queued'),
    ];
    const headings = jest.fn(async (ids: string[]) => (ids.includes('r0') ? [report('r0'), report('r2'), report('r4')] : (extra.outside ?? [])));
    const findByIds = jest.fn(async () => [assessment('a0', 'r0'), assessment('a2', 'r2', { card: cardB }), assessment('a4', 'r4', { status: 'failed', card: null, error: 'timeout' })]);
    const adjustmentsFor = jest.fn(async () => extra.adjustments ?? new Map());
    const copies = jest.fn(async () => extra.storedCopies ?? []);
    return build({ batches: { itemSummaries: async () => items, copies }, reportRows: { headings }, assessmentRows: { findByIds }, overrides: { adjustmentsFor } });
  }

  it('gives a card per scored file and lists the failed ones, with the assessment that did not give a card', async () => {
    const { service, reportRows, assessmentRows } = withRows();
    const { entries, failed } = await service.entries(batchOf());
    expect(entries.map((e) => [e.key, e.file, e.reportId, e.card.total])).toEqual([
      ['i0', 'i0.txt', 'r0', cardA.total],
      ['i2', 'i2.txt', 'r2', cardB.total],
    ]);
    expect(failed).toEqual([
      { file: 'i1.txt', error: 'UNREADABLE_REPORT' },
      { file: 'i3.txt', error: 'failed' },
      { file: 'i4.txt', error: 'assessment failed: timeout' },
    ]);
    expect(reportRows.headings).toHaveBeenCalledWith(['r0', 'r2', 'r4']);
    expect(assessmentRows.findByIds).toHaveBeenCalledWith(['a0', 'a2', 'a4']);
  });

  it("applies a reviewer's override to the card it shows", async () => {
    const item0 = cardA.items.find((it) => it.status !== 'not_applicable' && it.score < it.max)!;
    const override = { id: 'o1', kind: 'override', itemId: item0.id, status: 'met', reason: '已核实', actor: 'k', at: new Date(0).toISOString() };
    const { service } = withRows({ adjustments: new Map([['r0', [override]]]) });
    const { entries } = await service.entries(batchOf());
    const shown = entries[0].card.items.find((it) => it.id === item0.id)!;
    expect(shown.status).toBe('met');
    expect(shown.score).toBe(item0.max);
    expect(entries[0].card.totalWithoutOverrides).toBe(cardA.total);
    expect(entries[1].card).toBe(cardB);
  });

  it('names earlier reports a copy pair points to outside the batch by their file, or title when stored without one', async () => {
    const copies = [
      { a: 'r0', b: 'old1', shareA: 0.5, shareB: 0.4, copiedChars: 900, earlier: true, passages: [] },
      { a: 'r2', b: 'old2', shareA: 0.3, shareB: 0.3, copiedChars: 500, earlier: true, passages: [] },
      { a: 'r0', b: 'r2', shareA: 0.2, shareB: 0.2, copiedChars: 300, passages: [] },
    ];
    const outside = [report('old1', { filename: '2024年报告.docx', issuer: '某县政府', year: 2024 }), report('old2', { filename: null, title: '2023年法治政府建设情况' })];
    const { service, reportRows } = withRows({ analysis: { copies, planFulfilment: {} }, outside });
    const { reportFiles } = await service.entries(batchOf({ analysis: { copies, planFulfilment: {} } }));
    expect(reportRows.headings).toHaveBeenLastCalledWith(['old1', 'old2']);
    expect(reportFiles.get('old1')).toBe('2024年报告.docx');
    expect(reportFiles.get('old2')).toBe('2023年法治政府建设情况');
  });

  it("reads a batch's copy pairs from their rows, and from its analysis when it was finished before they had rows", async () => {
    const stored = [{ a: 'r0', b: 'r2', shareA: 0.6, shareB: 0.5, copiedChars: 700, passages: [{ a: '同一段话', b: '同一段话', chars: 4 }] }];
    const fromRows = withRows({ storedCopies: stored });
    expect((await fromRows.service.entries(batchOf({ analysis: { copies: [], planFulfilment: {} } }))).copies).toEqual(stored);
    expect(fromRows.batches.copies).toHaveBeenCalledWith(BATCH_ID);

    const older = [{ ...stored[0], copiedChars: 650 }];
    const fromAnalysis = withRows({ storedCopies: stored });
    expect((await fromAnalysis.service.entries(batchOf({ analysis: { copies: older, planFulfilment: {} } }))).copies).toEqual(older);
    expect(fromAnalysis.batches.copies).not.toHaveBeenCalled();
    // not analysed (yet): no pairs, nothing read
    const none = withRows({ storedCopies: stored });
    expect((await none.service.entries(batchOf())).copies).toEqual([]);
    expect(none.batches.copies).not.toHaveBeenCalled();
  });

  it('describes both parties of each copy pair in the results, by file, issuer and year', async () => {
    const copies = [{ a: 'r0', b: 'old1', shareA: 0.5, shareB: 0.4, copiedChars: 900, earlier: true, passages: [] }];
    const analysis = { copies, planFulfilment: { r2: { previousReportId: 'old1', previousYear: 2024, planned: 4, done: [], silent: ['a', 'b', 'c', 'd'], share: 0 } } };
    const rows = withRows({ outside: [report('old1', { filename: '2024年报告.docx', issuer: '某县政府', year: 2024 })] });
    rows.batches.findById = jest.fn(async (_id: string): Promise<Batch | null> => batchOf({ analysis }));
    const results = await rows.service.results(admin, BATCH_ID);
    expect(results.copies).toEqual([
      { ...copies[0], a: { reportId: 'r0', file: 'i0.txt', issuer: 'issuer-r0', year: 2025 }, b: { reportId: 'old1', file: '2024年报告.docx', issuer: '某县政府', year: 2024 }, earlier: true },
    ]);
    expect(results.planFulfilment).toEqual([{ reportId: 'r2', file: 'i2.txt', ...analysis.planFulfilment.r2 }]);
    expect(results.failed).toHaveLength(3);
  });

  it('answers 409 RUBRIC_NOT_LOADED for a batch under a rubric no longer loaded, and keeps other faults 500', async () => {
    const gone = strictMock<RubricRegistry>('RubricRegistry', { get: () => { throw new RubricNotFoundError('outline@0.9'); } });
    expect(() => build({ rubrics: gone }).service.rubricOf({ rubricId: 'outline', rubricVersion: '0.9' })).toThrow(expect.objectContaining({ status: 409 }));
    const broken = new Error('disk');
    const faulty = strictMock<RubricRegistry>('RubricRegistry', { get: () => { throw broken; } });
    expect(() => build({ rubrics: faulty }).service.rubricOf({ rubricId: 'outline', rubricVersion: '1.0.0' })).toThrow(broken);
  });
});

import { BadRequestException, ServiceUnavailableException } from '@nestjs/common';
import { strictMock, type MockMethods } from '../scoring/test-fixtures';
import { prepareText, type IntakeResult } from '../intake';
import { IntakeError } from '../intake/intake.types';
import { readReport, REPORTS } from '../intake/test-fixtures';
import { PermanentJobError, type JobQueue, type PendingWork } from '../queue';
import type { Report } from '../reports/report.entity';
import type { ReportsService } from '../reports/reports.service';
import { loadRubricDirectory } from '../rubric/rubric-loader';
import type { Assessment } from '../scoring/assessment.entity';
import { planDigest, score } from '../scoring/engine';
import type { PlanDigests } from '../scoring/plan-digests';
import type { ScoringService } from '../scoring/scoring.service';
import type { Batch, BatchItem } from './batch.entity';
import type { BatchRepository } from './batch.repository';
import type { BatchReportsRepository } from './batch-reports.repository';
import { storedCard } from '../intake-pool/intake-task';
import { BatchRunner, STRANDED_ITEM } from './batch-runner';

const registry = loadRubricDirectory();
const YEAR = 2025;
const { rubric, note } = registry.select(undefined, YEAR);
const prepared = prepareText(readReport(REPORTS[0]));
const PROFILE = Object.keys(rubric.profiles)[0];
// as the pool thread gives them for storing: the card's JSON with the fields the checks read, the digest as JSON
const card = storedCard({ ...score(prepared, rubric, PROFILE), rubric: { id: rubric.id, version: rubric.version, ...(note ? { note } : {}) } });
const digestJson = JSON.stringify(planDigest(prepared, rubric));
const intake = { prepared } as unknown as IntakeResult;
const { title, issuer } = prepared.metadata;

const itemOf = (fields: Partial<BatchItem> = {}) => ({ id: 'item-1', batchId: 'batch-1', filename: 'dir/a.txt', bytes: Buffer.from('正文'), status: 'queued', attempts: 0, issuer: null, level: null, year: null, publishedAt: null, ...fields }) as BatchItem;
const batchOf = (fields: Partial<Batch> = {}) => ({ id: 'batch-1', organisationId: 'org-1', status: 'running', rubricFixed: false, rubricId: rubric.id, rubricVersion: rubric.version, profile: null, createdAt: new Date('2026-03-01T00:00:00Z'), ...fields }) as Batch;
const reportOf = (fields: Partial<Report> = {}) => ({ id: 'rep-1', organisationId: 'org-1', title: title ?? null, issuer: issuer ?? null, year: YEAR, ocr: null, ...fields }) as Report;
const assessmentOf = (status: Assessment['status'], id = 'as-1') => ({ id, status }) as Assessment;

function build(parts: { batches?: MockMethods<BatchRepository>; reportRows?: MockMethods<BatchReportsRepository>; reports?: MockMethods<ReportsService>; scoring?: MockMethods<ScoringService>; queue?: MockMethods<JobQueue>; digests?: MockMethods<PlanDigests> } = {}) {
  const batches = strictMock<BatchRepository>('BatchRepository', parts.batches);
  const reportRows = strictMock<BatchReportsRepository>('BatchReportsRepository', parts.reportRows);
  const reports = strictMock<ReportsService>('ReportsService', parts.reports);
  const scoring = strictMock<ScoringService>('ScoringService', parts.scoring);
  const queue = strictMock<JobQueue>('JobQueue', parts.queue);
  const digests = strictMock<PlanDigests>('PlanDigests', parts.digests);
  return { runner: new BatchRunner(batches, reportRows, reports, scoring, registry, queue, digests), batches, reports, scoring, reportRows, queue };
}

/** A runner whose item and batch are found; `over` replaces any collaborator's methods. */
function itemRun(over: { item?: Partial<BatchItem>; batch?: Partial<Batch>; batches?: object; reports?: object; scoring?: object } = {}) {
  return build({
    batches: { itemToRun: async () => ({ item: itemOf(over.item), batch: batchOf(over.batch) }), finishItem: jest.fn(async () => undefined), ...over.batches },
    reports: { checkForStorage: async () => ({ intake, card, planDigestJson: digestJson }), store: jest.fn(async () => ({ report: reportOf(), created: true })), ...over.reports },
    scoring: { profileFor: () => PROFILE, recordScored: async () => assessmentOf('done', 'recorded-1'), ...over.scoring },
  });
}

describe('BatchRunner.runItem', () => {
  it('does nothing for an item that is gone, already ended, or whose batch is gone', async () => {
    expect(await build({ batches: { itemToRun: async () => null } }).runner.runItem('x', 1, 3)).toBe('gone');
    expect(await build({ batches: { itemToRun: async () => ({ item: itemOf({ status: 'done' }), batch: batchOf() }) } }).runner.runItem('x', 1, 3)).toBe('already_done');
    expect(await build({ batches: { itemToRun: async () => ({ item: itemOf({ status: 'failed' }), batch: null }) } }).runner.runItem('x', 1, 3)).toBe('already_failed');
    expect(await build({ batches: { itemToRun: async () => ({ item: itemOf(), batch: null }) } }).runner.runItem('x', 1, 3)).toBe('gone');
  });

  it('records the card of the one pass when the stored report is the one just read, and ends the item done', async () => {
    const recordScored = jest.fn(async () => assessmentOf('done', 'recorded-1'));
    const { runner, batches, reports } = itemRun({ item: { attempts: 2, issuer: '某市人民政府', year: 2024 }, scoring: { recordScored } });
    expect(await runner.runItem('item-1', 1, 3)).toBe('done');
    expect(reports.store).toHaveBeenCalledWith('org-1', intake, { bytes: Buffer.from('正文'), filename: 'dir/a.txt' }, null, 'batch-1');
    // the card and the plan digest as the thread made them
    expect(recordScored).toHaveBeenCalledWith(expect.objectContaining({ id: 'rep-1' }), card, expect.any(Date), digestJson);
    // the item's attempts count on from what it had: a job retried after a crash is not attempt 1 again
    expect(batches.finishItem).toHaveBeenCalledWith(expect.objectContaining({ id: 'item-1' }), 'done', { reportId: 'rep-1', assessmentId: 'recorded-1', attempts: 3 });
  });

  it("passes the manifest's metadata and the batch's fixed rubric and profile to the one pass", async () => {
    const check = jest.fn(async () => ({ intake, card }));
    const { runner } = itemRun({ item: { issuer: '某县人民政府', year: 2024, publishedAt: '2025-01-20' }, batch: { rubricFixed: true, profile: PROFILE }, reports: { checkForStorage: check } });
    await runner.runItem('item-1', 1, 3);
    expect(check).toHaveBeenCalledWith({ bytes: Buffer.from('正文'), filename: 'a.txt', stored: 'batch-item' }, { issuer: '某县人民政府', year: 2024, publishedAt: '2025-01-20' }, `${rubric.id}@${rubric.version}`, PROFILE, expect.any(Function));
  });

  it('marks a batch started on its first item only', async () => {
    const markStarted = jest.fn(async () => undefined);
    await itemRun({ batch: { status: 'queued' }, batches: { markStarted } }).runner.runItem('item-1', 1, 3);
    expect(markStarted).toHaveBeenCalledWith('batch-1');
    // a running batch: markStarted is not set up, so calling it would fail the item
    expect(await itemRun({ batch: { status: 'running' } }).runner.runItem('item-1', 1, 3)).toBe('done');
  });

  it('scores the ordinary way when the content was stored before, running an assessment not yet done', async () => {
    const runAssessment = jest.fn(async () => undefined);
    const ensureAssessment = jest.fn(async () => ({ assessment: assessmentOf('queued', 'as-9') }));
    const { runner, batches } = itemRun({ reports: { store: async () => ({ report: reportOf(), created: false }) }, scoring: { ensureAssessment, runAssessment, recordScored: undefined } });
    expect(await runner.runItem('item-1', 1, 3)).toBe('done');
    expect(ensureAssessment).toHaveBeenCalledWith(expect.objectContaining({ id: 'rep-1' }), rubric, PROFILE, note);
    expect(runAssessment).toHaveBeenCalledWith('as-9');
    expect(batches.finishItem).toHaveBeenCalledWith(expect.anything(), 'done', expect.objectContaining({ assessmentId: 'as-9' }));
  });

  it('takes a done assessment as it is, and scores the ordinary way a card of another profile or a report stored cut', async () => {
    const ensureAssessment = jest.fn(async () => ({ assessment: assessmentOf('done', 'as-7') }));
    const otherProfile = itemRun({ scoring: { profileFor: () => 'another-profile', ensureAssessment, recordScored: undefined } });
    expect(await otherProfile.runner.runItem('item-1', 1, 3)).toBe('done');
    expect(ensureAssessment).toHaveBeenLastCalledWith(expect.anything(), rubric, 'another-profile', note);
    const cutTitle = itemRun({ reports: { store: async () => ({ report: reportOf({ title: 'cut' }), created: true }) }, scoring: { ensureAssessment, recordScored: undefined } });
    expect(await cutTitle.runner.runItem('item-1', 1, 3)).toBe('done');
    expect(ensureAssessment).toHaveBeenCalledTimes(2);
  });

  it('reads the file again the ordinary way when the one pass fails for another reason than the file', async () => {
    const extract = jest.fn(async () => intake);
    const ensureAssessment = jest.fn(async () => ({ assessment: assessmentOf('done', 'as-3') }));
    const { runner, reports } = itemRun({ reports: { checkForStorage: async () => { throw new Error('pool busy'); }, extract }, scoring: { ensureAssessment, recordScored: undefined } });
    expect(await runner.runItem('item-1', 1, 3)).toBe('done');
    // no card from the pass: scored the ordinary way
    expect(ensureAssessment).toHaveBeenCalledTimes(1);
    expect(extract).toHaveBeenCalledWith({ bytes: Buffer.from('正文'), filename: 'a.txt', stored: 'batch-item' }, {});
    expect(reports.store).toHaveBeenCalledWith('org-1', intake, expect.anything(), null, 'batch-1');
  });

  it('fails the item at once, for good, when the file cannot be read', async () => {
    const { runner, batches } = itemRun({ item: { attempts: 0 }, reports: { checkForStorage: async () => { throw new IntakeError(422, '无法读取文件'); }, store: undefined } });
    await expect(runner.runItem('item-1', 1, 3)).rejects.toBeInstanceOf(PermanentJobError);
    expect(batches.finishItem).toHaveBeenCalledWith(expect.anything(), 'failed', { error: '无法读取文件', attempts: 1 });
  });

  it('leaves the item queued for the retry after a passing fault, and fails it on the last attempt', async () => {
    const fault = new Error('database is locked');
    const early = itemRun({ reports: { store: async () => { throw fault; } } });
    await expect(early.runner.runItem('item-1', 1, 3)).rejects.toBe(fault);
    expect(early.batches.finishItem).not.toHaveBeenCalled();

    const last = itemRun({ reports: { store: async () => { throw fault; } } });
    await expect(last.runner.runItem('item-1', 3, 3)).rejects.toBe(fault);
    expect(last.batches.finishItem).toHaveBeenCalledWith(expect.anything(), 'failed', { error: 'database is locked', attempts: 3 });
  });

  it('counts a 4xx from a service as for good and a 5xx as passing', async () => {
    const refused = itemRun({ reports: { store: async () => { throw new BadRequestException('太短'); } } });
    await expect(refused.runner.runItem('item-1', 1, 3)).rejects.toBeInstanceOf(PermanentJobError);
    expect(refused.batches.finishItem).toHaveBeenCalledWith(expect.anything(), 'failed', expect.objectContaining({ error: '太短' }));
    const unavailable = itemRun({ reports: { store: async () => { throw new ServiceUnavailableException('稍后'); } } });
    await expect(unavailable.runner.runItem('item-1', 1, 3)).rejects.toBeInstanceOf(ServiceUnavailableException);
    expect(unavailable.batches.finishItem).not.toHaveBeenCalled();
  });

  it('marks the assessment failed too when its run fails on the last attempt', async () => {
    const fault = new Error('worker lost');
    const markFailed = jest.fn(async () => undefined);
    const { runner, batches } = itemRun({
      reports: { store: async () => ({ report: reportOf(), created: false }) },
      scoring: { ensureAssessment: async () => ({ assessment: assessmentOf('queued', 'as-5') }), runAssessment: async () => { throw fault; }, markFailed, recordScored: undefined },
    });
    await expect(runner.runItem('item-1', 2, 2)).rejects.toBe(fault);
    expect(markFailed).toHaveBeenCalledWith('as-5', fault);
    expect(batches.finishItem).toHaveBeenCalledWith(expect.anything(), 'failed', expect.objectContaining({ error: 'worker lost' }));
  });

  it('fails the item for good when no loaded rubric scores a report of its year', async () => {
    const { runner, batches } = itemRun({ batch: { rubricFixed: true, rubricVersion: '9.9.9' }, reports: { checkForStorage: async () => ({ intake, card }) } });
    await expect(runner.runItem('item-1', 1, 3)).rejects.toBeInstanceOf(PermanentJobError);
    expect(batches.finishItem).toHaveBeenCalledWith(expect.anything(), 'failed', expect.objectContaining({ error: expect.stringContaining(`no rubric to score a report of ${YEAR} with ${rubric.id}@9.9.9`) }));
  });

  it("writes a scan's recognised pages to the item and the job, and stores the report only after they are written", async () => {
    const events: string[] = [];
    let written!: () => void;
    const setOcrProgress = jest.fn(() => new Promise<void>((resolve) => (written = () => { events.push('progress written'); resolve(); })));
    const progress = jest.fn(async () => undefined);
    const check = jest.fn(async (_i: unknown, _o: unknown, _r: unknown, _p: unknown, onOcrPage: (done: number, total: number) => void) => {
      onOcrPage(1, 3);
      return { intake, card };
    });
    const store = jest.fn(async () => {
      events.push('stored');
      return { report: reportOf(), created: true };
    });
    const { runner } = itemRun({ batches: { setOcrProgress }, reports: { checkForStorage: check, store } });
    const run = runner.runItem('item-1', 1, 3, progress);
    await new Promise((resolve) => setImmediate(resolve));
    expect(setOcrProgress).toHaveBeenCalledWith('item-1', { pages: 3, recognisedPages: 1 });
    expect(progress).toHaveBeenCalledWith({ recognisedPages: 1, pages: 3 });
    expect(store).not.toHaveBeenCalled();
    written();
    expect(await run).toBe('done');
    expect(events).toEqual(['progress written', 'stored']);
  });

  it("does not fail the item when a page's progress cannot be written", async () => {
    const check = async (_i: unknown, _o: unknown, _r: unknown, _p: unknown, onOcrPage: (done: number, total: number) => void) => {
      onOcrPage(2, 2);
      return { intake, card };
    };
    const { runner } = itemRun({ batches: { setOcrProgress: async () => { throw new Error('locked'); } }, reports: { checkForStorage: check } });
    expect(await runner.runItem('item-1', 1, 3, async () => { throw new Error('redis'); })).toBe('done');
  });
});

describe('BatchRunner.finalise', () => {
  const stranded = [{ id: 'i7', batchId: 'batch-1' }, { id: 'i8', batchId: 'batch-1' }];

  it('does nothing for a batch that is gone or already done', async () => {
    expect(await build({ batches: { findById: async () => null } }).runner.finalise('batch-1')).toBe('gone');
    expect(await build({ batches: { findById: async () => batchOf({ status: 'done' }) } }).runner.finalise('batch-1')).toBe('already_done');
  });

  it('fails the items a lost job never ended, then ends the batch with counters recounted from its items', async () => {
    const finishItem = jest.fn(async () => undefined);
    const finish = jest.fn(async () => true);
    const { runner } = build({
      batches: { findById: async () => batchOf(), queuedItems: async () => stranded, finishItem, doneReportIds: async () => [null], countEnded: async () => ({ done: 5, failed: 2 }), finish },
      reportRows: { matchingTexts: async () => [], matchingTextsBefore: async () => [], extractedTexts: async () => new Map() },
    });
    expect(await runner.finalise('batch-1')).toBe('done');
    expect(finishItem.mock.calls).toEqual([
      [stranded[0], 'failed', { error: STRANDED_ITEM }],
      [stranded[1], 'failed', { error: STRANDED_ITEM }],
    ]);
    expect(finish).toHaveBeenCalledWith('batch-1', { done: 5, failed: 2 }, { copies: [], planFulfilment: {} });
  });

  it('answers already_done when another finalisation (the reconciler, another worker) ended the batch first', async () => {
    const { runner } = build({
      batches: { findById: async () => batchOf(), queuedItems: async () => [], doneReportIds: async () => [], countEnded: async () => ({ done: 0, failed: 0 }), finish: async () => false },
      reportRows: { matchingTexts: async () => [], matchingTextsBefore: async () => [], extractedTexts: async () => new Map() },
    });
    expect(await runner.finalise('batch-1')).toBe('already_done');
  });

  it('ends the batch all the same when its analysis fails, saying why', async () => {
    const finish = jest.fn(async () => true);
    const { runner } = build({
      batches: { findById: async () => batchOf(), queuedItems: async () => [], doneReportIds: async () => ['r1'], countEnded: async () => ({ done: 1, failed: 0 }), finish },
      reportRows: { matchingTexts: async () => { throw new Error('out of memory'); } },
    });
    expect(await runner.finalise('batch-1')).toBe('done');
    expect(finish).toHaveBeenCalledWith('batch-1', { done: 1, failed: 0 }, { copies: [], planFulfilment: {}, error: 'out of memory' });
  });

  it("finds copying within the batch and from the issuer's earlier reports, and plan fulfilment against last year's", async () => {
    const text = (id: string, fields: Partial<Report> = {}) => ({ id, organisationId: 'org-1', issuer: '某市人民政府', year: YEAR, extractedText: prepared.original, normalisedText: prepared.normalised, createdAt: new Date(), ...fields }) as Report;
    const other = prepareText(readReport(REPORTS[1]));
    const inBatch = [text('r-b'), text('r-a'), text('r-c', { issuer: null, extractedText: other.original, normalisedText: other.normalised })];
    const textsBefore = async () => [text('r-a'), text('r-old', { year: YEAR - 1 })];
    const previousYearReportRef = jest.fn(async (_org: string, _issuer: string, year: number) => (year === YEAR ? { id: 'r-old', year: YEAR - 1 } : null));
    const all = [...inBatch, text('r-old', { year: YEAR - 1 })];
    const of = jest.fn(async (id: string, forRubric: typeof rubric) => planDigest(prepareText(all.find((r) => r.id === id)!.extractedText), forRubric));
    const finish = jest.fn(async () => true);
    // copy detection reads the normalised texts; the extracted ones (quotes are cut from them) are read afterwards
    const withoutExtracted = (r: Report) => ({ ...r, extractedText: undefined }) as unknown as Report;
    const extractedTexts = jest.fn(async (ids: string[]) => new Map(ids.map((id) => [id, all.find((r) => r.id === id)!.extractedText])));
    const { runner, reportRows } = build({
      batches: { findById: async () => batchOf(), queuedItems: async () => [], doneReportIds: async () => ['r-b', 'r-a', 'r-a', null, 'r-c'], countEnded: async () => ({ done: 3, failed: 0 }), finish },
      reportRows: { matchingTexts: jest.fn(async () => inBatch.map(withoutExtracted)), matchingTextsBefore: jest.fn(async (_org: string, _issuers: string[], _before: Date, except: ReadonlySet<string>) => (await textsBefore()).filter((r) => !except.has(r.id)).map(withoutExtracted)), extractedTexts },
      reports: { previousYearReportRef },
      digests: { of },
    });
    await runner.finalise('batch-1');
    expect(reportRows.matchingTexts).toHaveBeenCalledWith(['r-b', 'r-a', 'r-c']);
    expect(reportRows.matchingTextsBefore).toHaveBeenCalledWith('org-1', ['某市人民政府'], batchOf().createdAt, new Set(['r-a', 'r-b', 'r-c']));
    const analysis = (finish.mock.calls[0] as unknown[])[2] as { copies: Array<{ a: string; b: string; earlier?: boolean; passages: Array<{ a: string; b: string }> }>; planFulfilment: Record<string, { previousReportId: string }> };
    // the extracted texts of the reports the pairs name, for their quotes (cut from the report's own words), then of
    // the reports with a previous year, for plan fulfilment
    expect(extractedTexts.mock.calls.map(([ids]) => [...ids].sort())).toEqual([['r-a', 'r-b', 'r-old'], ['r-a', 'r-b']]);
    for (const pair of analysis.copies) {
      expect(pair.passages.length).toBeGreaterThan(0);
      for (const passage of pair.passages) expect(prepared.original).toContain(passage.a);
    }
    // r-a and r-b are the same text; r-old is the issuer's earlier copy; r-a listed as earlier too is in the batch, so not earlier
    expect(analysis.copies.map((c) => [c.a, c.b, c.earlier === true]).sort()).toEqual([
      ['r-a', 'r-b', false],
      ['r-a', 'r-old', true],
      ['r-b', 'r-old', true],
    ]);
    // the report without an issuer has no previous year to ask for
    expect(previousYearReportRef.mock.calls.map((c) => c[0] + '/' + c[1])).toEqual(['org-1/某市人民政府', 'org-1/某市人民政府']);
    expect(Object.keys(analysis.planFulfilment).sort()).toEqual(['r-a', 'r-b']);
    expect(analysis.planFulfilment['r-a'].previousReportId).toBe('r-old');
    // last year's plan from the earlier report's digest, this year's work from the report's own, each under its year's rubric
    expect(of).toHaveBeenCalledWith('r-old', registry.select(undefined, YEAR - 1).rubric);
    expect(of).toHaveBeenCalledWith('r-a', rubric);
    expect(of).not.toHaveBeenCalledWith('r-c', expect.anything());
  });
});

describe('BatchRunner start-up', () => {
  const abandonedBefore = new Date('2026-03-01T12:00:00Z');
  const before = new Date('2026-03-01T11:00:00Z');
  const after = new Date('2026-03-01T12:30:00Z');

  it("registers the two handlers and gives the reconciler each unfinished batch's flow with its items still queued", async () => {
    const handlers = new Map<string, unknown>();
    let source!: (abandonedBefore: Date) => Promise<PendingWork[]>;
    const anyItemEndedSince = jest.fn(async (id: string) => id === 'b3');
    const findById = jest.fn(async () => batchOf({ status: 'done' }));
    const { runner } = build({
      batches: {
        unfinished: async () => [{ id: 'b1', createdAt: before }, { id: 'b2', createdAt: after }, { id: 'b3', createdAt: before }],
        queuedItems: async (id: string) => (id === 'b1' ? [{ id: 'i1', batchId: 'b1' }] : []),
        anyItemEndedSince,
        findById,
      },
      queue: { handle: (name: string, handler: unknown) => void handlers.set(name, handler), recoverFrom: (s: typeof source) => void (source = s) },
    });
    runner.onModuleInit();
    expect([...handlers.keys()].sort()).toEqual(['batch', 'item']);
    const flows = await source(abandonedBefore);
    expect(flows.map(({ job, children }) => ({ job, children }))).toEqual([
      { job: { name: 'batch', jobId: 'batch.b1', data: { batchId: 'b1' } }, children: [{ name: 'item', jobId: 'batch-item.i1', data: { itemId: 'i1' } }] },
      { job: { name: 'batch', jobId: 'batch.b2', data: { batchId: 'b2' } }, children: [] },
      { job: { name: 'batch', jobId: 'batch.b3', data: { batchId: 'b3' } }, children: [] },
    ]);
    // the reconciler may finish only a batch older than the grace period with no item ended within it
    expect(flows.map((f) => typeof f.finish)).toEqual(['function', 'undefined', 'undefined']);
    expect(anyItemEndedSince.mock.calls).toEqual([
      ['b1', abandonedBefore],
      ['b3', abandonedBefore],
    ]);
    // finishing it is finalise: here another finalisation was first, so this one did not finish it
    expect(await flows[0].finish!()).toBe(false);
    expect(findById).toHaveBeenCalledWith('b1');
  });
});

/**
 * Scans stored through the API: POST /reports queues the recognition (the agency follows the pages in
 * GET /reports/:id) and a batch item recognises its scan in its own job; both stored cards say the text came
 * from OCR. OCR_CONCURRENCY=1 reads a scan's pages one after another, so "1 of 2 pages" lasts a page's time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { BatchItem } from '../src/batches/batch.entity';
import { BullmqDriver, JobQueue } from '../src/queue';
import { zipOf } from './support/batch-fixtures';
import { ROOT, startTestApp, waitFor, type TestApp } from './support/test-app';

const DOCS = path.join(ROOT, 'test/fixtures/documents');
// OCR takes seconds a page on a quiet machine, and much longer when the machine is busy
const OCR_WAIT_MS = 1_200_000;

describe('scans through POST /reports and batches', () => {
  jest.setTimeout(1_500_000);
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ queueMode: 'bullmq', worker: true, env: { OCR_CONCURRENCY: '1', OCR_PAGE_TIMEOUT_SECONDS: '600' } })));
  afterAll(() => t.close());

  const get = async (url: string) => (await request(t.http).get(url).set('Authorization', t.admin).expect(200)).body;

  it('POST /reports stores a scan at once, recognises it in a job with page progress, then scores it; the card says OCR', async () => {
    const batchDone = scanInBatch();
    const res = await request(t.http).post('/reports').set('Authorization', t.admin).attach('file', path.join(DOCS, 'scan.pdf')).expect(201);
    expect(res.body).toMatchObject({ format: 'pdf', created: true, assessment: null, chars: 0, ocr: { status: 'queued', pages: 2, recognisedPages: 0 } });
    const id = res.body.id as string;

    // no text to score yet: a rescore is refused with how far recognition has got
    const early = await request(t.http).post(`/reports/${id}/rescore`).set('Authorization', t.admin).send({});
    expect(early.status).toBe(409);
    expect(early.body.message).toMatch(/文字识别/);

    const seen: Array<{ status: string; recognisedPages: number; label: string }> = [];
    const report = await waitFor(
      async () => {
        const body = await get(`/reports/${id}`);
        seen.push(body.ocr);
        return body.ocr.status === 'done' || body.ocr.status === 'failed' ? body : undefined;
      },
      OCR_WAIT_MS,
      'recognition of scan.pdf',
    );
    expect(report.ocr).toMatchObject({ status: 'done', pages: 2, recognisedPages: 2 });
    expect(report.ocr.confidence).toBeGreaterThan(0.9);
    expect(report).toMatchObject({ year: 2022, level: 'county' }); // the stored level is the detected level of government
    expect(report.text).toMatch(/法治政府/);
    // the pages came one by one: page 1 of 2 was visible while page 2 was read
    expect(seen).toContainEqual(expect.objectContaining({ status: 'running', recognisedPages: 1, label: '文字识别 1/2 页' }));
    const order = seen.map((s) => s.recognisedPages);
    expect(order).toEqual([...order].sort((a, b) => a - b));

    const job = await (t.app.get(JobQueue).driver as BullmqDriver).queueOf('recognise').getJob(`recognise.${id}`);
    expect(job?.progress).toEqual({ recognisedPages: 2, pages: 2 });

    const assessment = await waitFor(async () => {
      const body = await get(`/reports/${id}/assessment`);
      return body.status === 'done' || body.status === 'failed' ? body : undefined;
    }, 60_000, 'assessment of the recognised scan');
    expect(assessment.status).toBe('done');
    expect(assessment.card.report.ocr).toEqual({ pages: 2, confidence: report.ocr.confidence });
    for (const item of assessment.card.items) for (const e of item.evidence) expect(report.text.slice(e.start, e.end)).toBe(e.quote);

    // the same scan again is the stored report, not a second recognition
    const again = await request(t.http).post('/reports').set('Authorization', t.admin).attach('file', path.join(DOCS, 'scan.pdf')).expect(200);
    expect(again.body).toMatchObject({ id, created: false, ocr: { status: 'done' }, assessment: { id: assessment.id } });

    await batchDone;
  });

  /** A batch zip with a photographed page: the item job recognises it and the stored card says so. */
  async function scanInBatch(): Promise<void> {
    const zip = await zipOf([{ name: '扫描/scan.png', bytes: fs.readFileSync(path.join(DOCS, 'scan.png')) }]);
    const created = await request(t.http).post('/batches').set('Authorization', t.admin).attach('files', zip, 'scans.zip').expect(201);
    const batch = await waitFor(async () => {
      const body = await get(`/batches/${created.body.id}`);
      return body.status === 'done' ? body : undefined;
    }, OCR_WAIT_MS, 'the scan batch');
    expect(batch).toMatchObject({ done: 1, failed: 0, recognising: [] });
    const item = await t.dataSource.getRepository(BatchItem).findOneByOrFail({ batchId: created.body.id });
    expect(item.ocrProgress).toEqual({ pages: 1, recognisedPages: 1 });
    const report = await get(`/reports/${item.reportId}`);
    expect(report.ocr).toMatchObject({ status: 'done', pages: 1, recognisedPages: 1 });
    const assessment = await get(`/reports/${item.reportId}/assessment`);
    expect(assessment.card.report.ocr.pages).toBe(1);
    expect(assessment.card.report.ocr.confidence).toBeGreaterThan(0.9);
  }
});

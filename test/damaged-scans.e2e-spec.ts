/**
 * A scan sent to POST /reports is stored at once and recognised later, so a damaged image must be refused when
 * it arrives: 422 with a Chinese message and the catalogue's code, nothing stored (it used to be stored and fail
 * in the recognition job). POST /check and the CLI refuse it the same way. No worker runs: nothing recognises.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { Report } from '../src/reports/report.entity';
import { ROOT, startTestApp, type TestApp } from './support/test-app';

const SCAN = fs.readFileSync(path.join(ROOT, 'test/fixtures/documents/scan.png'));
const CLI = path.join(ROOT, 'dist/cli/main.js');
const DAMAGED: Array<[string, Buffer]> = [
  ['cut.png', SCAN.subarray(0, Math.floor(SCAN.length / 3))],
  ['header-only.png', SCAN.subarray(0, 8)],
  ['not-an-image.jpg', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('这不是图片，只是以图片文件头开始的文字')])],
  ['cut.tif', Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00, 0x0a])],
];

describe('damaged scans are refused on arrival, nothing stored', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ queueMode: 'bullmq', worker: false })));
  afterAll(() => t.close());

  it.each(DAMAGED)('POST /reports and POST /check refuse %s with 422 UNREADABLE_REPORT', async (name, bytes) => {
    const reports = t.dataSource.getRepository(Report);
    const before = await reports.count();
    for (const route of ['/reports', '/check']) {
      const res = await request(t.http).post(route).set('Authorization', t.admin).attach('file', bytes, name);
      expect({ route, status: res.status, error: res.body.error }).toEqual({ route, status: 422, error: 'UNREADABLE_REPORT' });
      expect(res.body.message).toMatch(/^图片文件已损坏或不完整（(PNG|JPEG|TIFF)/);
    }
    expect(await reports.count()).toBe(before);
  });

  it('still stores a whole scan for recognition', async () => {
    const res = await request(t.http).post('/reports').set('Authorization', t.admin).attach('file', SCAN, 'scan.png').expect(201);
    expect(res.body).toMatchObject({ format: 'image', created: true, ocr: { status: 'queued' } });
  });

  it('the CLI exits 2 with one line for a damaged image', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzs-damaged-'));
    try {
      const file = path.join(dir, 'cut.png');
      fs.writeFileSync(file, DAMAGED[0][1]);
      let status = 0;
      let stderr = '';
      try {
        execFileSync(process.execPath, [CLI, 'check', file], { stdio: 'pipe', timeout: 60_000 });
      } catch (error) {
        const e = error as { status: number; stderr: Buffer };
        status = e.status;
        stderr = e.stderr.toString();
      }
      expect(status).toBe(2);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/图片文件已损坏或不完整/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

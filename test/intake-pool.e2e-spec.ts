/**
 * Uploads are read and scored on the intake pool's threads: the card is the one the engine gives in-process,
 * byte for byte; a crafted file is refused with a 4xx while /health keeps answering; a file over the time or
 * memory limit is a 422 with nothing stored, and the next upload is served by a fresh thread.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { loadAppConfig, ConfigError } from '../src/config/app-config';
import { intakeReport } from '../src/intake/prepare-report';
import { RubricRegistry } from '../src/rubric/rubric-loader';
import { score, scoreReport } from '../src/scoring/engine';
import { Assessment } from '../src/scoring/assessment.entity';
import { prepareText } from '../src/intake/prepare-report';
import { levelOverride } from '../src/intake/intake.types';
import { toScoreCardDto } from '../src/scoring/dto/score-card.dto';
import { Report } from '../src/reports/report.entity';
import { BASES } from './support/batch-fixtures';
import { REPORT_FIXTURES, ROOT, startTestApp, waitFor, type TestApp } from './support/test-app';

const VARIANTS = path.join(ROOT, 'test/fixtures/variants');
const fixtureText = fs.readFileSync(path.join(REPORT_FIXTURES, '000_461a89b47b0cee9b.txt'), 'utf8');
/** A 1.1 MB page of 100,000 nested <div>, the file that once froze the server for a minute. */
const deepHtml = Buffer.from(`<html><body>${'<div>'.repeat(100_000)}${fixtureText}${'</div>'.repeat(100_000)}</body></html>`);
/** A report repeated to `mb` megabytes: ordinary content, just a lot of it. */
const bigReport = (mb: number) => Buffer.from(fixtureText.repeat(Math.ceil((mb * 1024 * 1024) / Buffer.byteLength(fixtureText))));

describe('intake pool: POST /check and POST /reports off the event loop', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ queueMode: 'inline' })));
  afterAll(() => t.close());

  it('gives the card the engine gives in-process, byte for byte, in every format of the fixtures', async () => {
    const files = fs.readdirSync(VARIANTS).filter((f) => /\.(txt|html|docx|pdf)$/.test(f));
    // each of the three fixtures in each of its seven variants
    expect(files.sort()).toEqual(BASES.flatMap((base) => ['docx', 'gbk.txt', 'html', 'oneline.txt', 'pdf', 'pipes.txt', 'trad.txt'].map((variant) => `${base}.${variant}`)).sort());
    const rubric = t.app.get(RubricRegistry).resolve(undefined);
    for (const file of files) {
      const bytes = fs.readFileSync(path.join(VARIANTS, file));
      const res = await request(t.http).post('/check').set('Authorization', t.admin).attach('file', bytes, file);
      expect(res.status).toBe(200);
      const local = await intakeReport({ bytes, filename: file });
      expect(JSON.stringify(res.body)).toBe(JSON.stringify(toScoreCardDto(scoreReport(local.prepared, rubric))));
    }
  });

  it('scores a stored report on the pool too: the assessment holds the card the engine gives in-process', async () => {
    const res = await request(t.http).post('/reports').set('Authorization', t.admin).attach('file', fs.readFileSync(path.join(VARIANTS, '001_1c1d18808efcf126.docx')), 'r.docx');
    expect(res.status).toBe(201);
    const assessments = t.dataSource.getRepository(Assessment);
    const done = await waitFor(async () => assessments.findOneBy({ reportId: res.body.id, status: 'done' }), 60_000, 'the assessment');
    const report = await t.dataSource.getRepository(Report).findOneByOrFail({ id: res.body.id });
    // the stored level column is a level of government (or a profile a user named): stored reports are re-prepared so
    const metadata = { title: report.title ?? undefined, issuer: report.issuer ?? undefined, ...levelOverride(report.level), year: report.year ?? undefined, publishedAt: report.publishedAt ?? undefined };
    const local = score(prepareText(report.extractedText, metadata), t.app.get(RubricRegistry).get(done.rubricId, done.rubricVersion), done.profile, done.rubricNote ?? undefined);
    expect(JSON.stringify(done.card)).toBe(JSON.stringify(local));
  });

  it('refuses a 1.1 MB page nested 100,000 deep with 422 HTML_TOO_DEEP while /health answers', async () => {
    let pending = 3;
    const uploads = Array.from({ length: 3 }, () =>
      request(t.http)
        .post('/check')
        .attach('file', deepHtml, 'deep.html')
        .then((res) => (pending--, res)),
    );
    const health = await request(t.http).get('/health').timeout(5_000);
    expect(health.status).toBe(200);
    for (const res of await Promise.all(uploads)) {
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ statusCode: 422, error: 'HTML_TOO_DEEP', message: expect.stringMatching(/嵌套/) });
    }
    expect(pending).toBe(0);
  });

  it('answers /health while three large uploads are being read and scored', async () => {
    let finished = 0;
    const big = bigReport(3);
    const uploads = Array.from({ length: 3 }, (_, i) =>
      request(t.http)
        .post('/check')
        .attach('file', big, `big-${i}.txt`)
        .then((res) => (finished++, res)),
    );
    // the uploads are on the pool's threads: /health is answered before any of them is done
    await new Promise((resolve) => setTimeout(resolve, 300));
    const health = await request(t.http).get('/health').timeout(5_000);
    expect(health.status).toBe(200);
    expect(finished).toBe(0);
    for (const res of await Promise.all(uploads)) expect(res.status).toBe(200);
  });
});

describe('intake pool limits', () => {
  it('a file over INTAKE_TIMEOUT_SECONDS is a 422 INTAKE_TIMEOUT, nothing is stored, and the next file is read', async () => {
    // the shortest limit and memory to spare, so only the time limit can end it
    const env = { INTAKE_TIMEOUT_SECONDS: '1', INTAKE_THREADS: '1', INTAKE_MAX_MEMORY_MB: '4096', MAX_UPLOAD_MB: '100' };
    const t = await startTestApp({ queueMode: 'inline', env });
    try {
      // 48 MB of report text takes several seconds to read on a quiet machine (18 MB took about 1–2 s here)
      const res = await request(t.http).post('/reports').set('Authorization', t.admin).attach('file', bigReport(48), 'slow.txt');
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ statusCode: 422, error: 'INTAKE_TIMEOUT', message: expect.stringMatching(/时间上限/) });
      expect(await t.dataSource.getRepository(Report).count()).toBe(0);
      const next = await request(t.http).post('/reports').set('Authorization', t.admin).attach('file', Buffer.from(fixtureText), 'ok.txt');
      expect(next.status).toBe(201);
      expect(await t.dataSource.getRepository(Report).count()).toBe(1);
    } finally {
      await t.close();
    }
  });

  it('a file over INTAKE_MAX_MEMORY_MB is a 422 INTAKE_MEMORY_EXCEEDED, nothing is stored, and the next file is read', async () => {
    const t = await startTestApp({ queueMode: 'inline', env: { INTAKE_MAX_MEMORY_MB: '64', INTAKE_THREADS: '1' } });
    try {
      // 200,000 elements in 3 MB: the parsed page alone needs several hundred MB
      const page = Buffer.from(`<html><body><div>${'<span>法治政府</span>'.repeat(200_000)}</div></body></html>`);
      const res = await request(t.http).post('/reports').set('Authorization', t.admin).attach('file', page, 'wide.html');
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ statusCode: 422, error: 'INTAKE_MEMORY_EXCEEDED', message: expect.stringMatching(/内存/) });
      expect(await t.dataSource.getRepository(Report).count()).toBe(0);
      const next = await request(t.http).post('/reports').set('Authorization', t.admin).attach('file', Buffer.from(fixtureText), 'ok.txt');
      expect(next.status).toBe(201);
    } finally {
      await t.close();
    }
  });

  it('refuses bad limits at start-up', () => {
    expect(loadAppConfig({}).intakeTimeoutSeconds).toBe(20);
    expect(loadAppConfig({}).intakeMaxMemoryMb).toBe(512);
    for (const env of [{ INTAKE_TIMEOUT_SECONDS: '0' }, { INTAKE_TIMEOUT_SECONDS: 'soon' }, { INTAKE_MAX_MEMORY_MB: '16' }, { INTAKE_THREADS: '-1' }])
      expect(() => loadAppConfig(env)).toThrow(ConfigError);
  });
});

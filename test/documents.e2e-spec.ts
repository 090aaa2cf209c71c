/** .doc, .wps, numbered .docx and .ofd through the CLI, POST /check, POST /reports and a batch zip. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { Report } from '../src/reports/report.entity';
import { runCli } from './support/processes';
import { zipOf } from './support/batch-fixtures';
import { ROOT, startTestApp, tempDir, type TestApp } from './support/test-app';

const DOCS = path.join(ROOT, 'test/fixtures/documents');
const doc = (name: string) => path.join(DOCS, name);
const FORMATS = ['report.doc', 'report.wps', 'report.numbered.docx', 'report.table.docx', 'report.ofd'];

describe('documents in the CLI', () => {
  const txt = JSON.parse(runCli(['check', '--json', doc('report.txt')]).stdout);

  it('scores every format like its text', () => {
    const { code, stdout } = runCli(['check', '--json', ...FORMATS.map(doc)]);
    expect(code).toBe(0);
    for (const line of stdout.trim().split('\n')) {
      const card = JSON.parse(line);
      expect(card.total).toBe(txt.total);
      expect(card.report).toMatchObject({ year: 2022, level: 'county_government' });
    }
  });

  it.each([
    ['kingsoft.wps', /另存为/],
    ['not-ofd.ofd', /不是 OFD/],
  ])('%s → exit 2 with one line', (name, message) => {
    const { code, stderr } = runCli(['check', doc(name)]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });

  it('scores the formats inside a batch zip', async () => {
    const dir = tempDir('docs-batch');
    try {
      const entries = FORMATS.map((name) => ({ name: `报告/${name}`, bytes: fs.readFileSync(doc(name)) }));
      entries.push({ name: '报告/kingsoft.wps', bytes: fs.readFileSync(doc('kingsoft.wps')) });
      fs.writeFileSync(path.join(dir, 'in.zip'), await zipOf(entries));
      const out = path.join(dir, 'out.json');
      expect(runCli(['batch', path.join(dir, 'in.zip'), '--out', out]).code).toBe(0);
      const cards = JSON.parse(fs.readFileSync(out, 'utf8')) as Array<{ file: string; total?: number; error?: string }>;
      expect(cards.filter((c) => c.error).map((c) => path.basename(c.file))).toEqual(['kingsoft.wps']);
      expect(cards.filter((c) => !c.error).map((c) => c.total)).toEqual(FORMATS.map(() => txt.total));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('documents over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ queueMode: 'inline' })));
  afterAll(() => t.close());

  it('POST /check scores an .ofd and POST /reports stores a .doc', async () => {
    const text = (await request(t.http).post('/check').set('Authorization', t.admin).send({ text: fs.readFileSync(doc('report.txt'), 'utf8') }).expect(200)).body;
    const ofd = (await request(t.http).post('/check').set('Authorization', t.admin).attach('file', doc('report.ofd')).expect(200)).body;
    expect(ofd.total).toBe(text.total);
    const stored = await request(t.http).post('/reports').set('Authorization', t.admin).attach('file', doc('report.doc')).expect(201);
    expect(stored.body).toMatchObject({ format: 'doc', year: 2022, level: 'county' }); // detected level of government; the card's level is the rubric's profile for it
  });

  it.each([
    // with what the message tells the sender: how to convert, what is missing, why it was refused
    ['kingsoft.wps', 415, 'UNSUPPORTED_FORMAT', '另存为” .docx'],
    ['not-ofd.ofd', 415, 'UNSUPPORTED_FORMAT', '缺少 OFD.xml'],
    ['bomb.ofd', 422, 'UNREADABLE_REPORT', '压缩炸弹'],
  ])('%s → %i %s with a Chinese message, nothing stored', async (name, status, code, says) => {
    const before = await t.dataSource.getRepository(Report).count();
    for (const route of ['/check', '/reports']) {
      const res = await request(t.http).post(route).set('Authorization', t.admin).attach('file', doc(name));
      expect({ status: res.status, error: res.body.error }).toEqual({ status, error: code });
      expect(res.body.message).toContain(says);
    }
    expect(await t.dataSource.getRepository(Report).count()).toBe(before);
  });
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import { readDocx } from './support/docx';
import { runCli } from './support/processes';
import { REPORT_FIXTURES, ROOT, tempDir } from './support/test-app';

const YOY = path.join(ROOT, 'test/fixtures/year-over-year');
const Q2023 = path.join(YOY, 'qinghe-2023.txt');
const Q2024 = path.join(YOY, 'qinghe-2024.txt');

describe('scorecard compare', () => {
  it('prints the comparison of one issuer’s two years as JSON with the totals of the two cards', () => {
    const cards = runCli(['check', '--json', Q2023, Q2024]).stdout.trim().split('\n').map((l) => JSON.parse(l));
    const { code, stdout, stderr } = runCli(['compare', '--json', Q2023, Q2024]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const c = JSON.parse(stdout);
    expect(c).toMatchObject({ issuer: '青禾县人民政府', previous: { year: 2023, total: cards[0].total }, current: { year: 2024, total: cards[1].total } });
    expect(c.planFulfilment.silent).toHaveLength(1);
  });

  it('prints a readable comparison', () => {
    const { code, stdout } = runCli(['compare', Q2023, Q2024]);
    expect(code).toBe(0);
    expect(stdout).toContain('青禾县人民政府  2023年度 → 2024年度');
    expect(stdout).toMatch(/沿用上年文字：\d+(\.\d)?%/);
    expect(stdout).toContain('未见落实：');
  });

  it.each([
    ['a missing file', [Q2023, path.join(YOY, 'nope.txt')], /no such file/],
    ['years in the wrong order', [Q2024, Q2023], /应早于/],
    ['two issuers', [Q2023, path.join(REPORT_FIXTURES, '000_461a89b47b0cee9b.txt')], /报告单位不同/],
    ['a bad profile', ['--profile', 'ministry', Q2023, Q2024], /--profile/],
  ])('exits 2 with one line for %s', (_what, args, message) => {
    const { code, stdout, stderr } = runCli(['compare', ...args]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });
});

describe('scorecard check --docx', () => {
  it('writes the feedback letter of the file, its total that of the card', async () => {
    const out = path.join(tempDir(), '反馈意见.docx');
    const { code, stdout } = runCli(['check', '--json', Q2024, '--docx', out]);
    expect(code).toBe(0);
    const card = JSON.parse(stdout);
    const doc = await readDocx(fs.readFileSync(out));
    expect(doc.paragraphs[0]).toBe('关于青禾县人民政府2024年度法治政府建设年度报告的评估反馈意见');
    expect(doc.text).toContain(`评估总分${card.total}分，等次为“${card.grade}”`);
  });

  it('exits 2 with one line when given two files or an unwritable path', () => {
    const two = runCli(['check', Q2023, Q2024, '--docx', path.join(tempDir(), 'x.docx')]);
    expect(two.code).toBe(2);
    expect(two.stderr.trim().split('\n')).toHaveLength(1);
    const unwritable = runCli(['check', Q2024, '--docx', path.join(tempDir(), 'no', 'such', 'dir', 'x.docx')]);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toMatch(/cannot write the letter/);
  });
});

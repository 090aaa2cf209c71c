/**
 * The letter and the season report open in LibreOffice: converted headless to text, they read as written.
 * Skipped, with a message, where LibreOffice is not installed (apt-get install libreoffice-writer-nogui).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildFeedbackLetter } from './feedback-letter';
import { buildSeasonReport } from './season-report';
import { fixtureBatch, qinghe, rubric } from './spec-fixtures';
import { score1 } from './wording';

const soffice = ['soffice', 'libreoffice'].find((bin) => spawnSync('which', [bin]).status === 0);
const describeIf = soffice ? describe : describe.skip;
if (!soffice) console.warn('libreoffice.spec: LibreOffice (soffice) is not installed, conversion tests skipped; documents are still parsed back by the other specs');

function toText(docx: Buffer, name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzs-lo-'));
  try {
    fs.writeFileSync(path.join(dir, `${name}.docx`), docx);
    // a profile of its own, so runs at the same time (other suites, other checkouts) do not share a lock
    execFileSync(soffice!, [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'txt:Text (encoded):UTF8', '--outdir', dir, path.join(dir, `${name}.docx`)], { stdio: 'pipe', timeout: 120_000 });
    return fs.readFileSync(path.join(dir, `${name}.txt`), 'utf8');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describeIf('documents in LibreOffice', () => {
  it('converts the feedback letter and reads its title, total, gaps and comparison', async () => {
    const previous = qinghe(2023);
    const { card, prepared } = qinghe(2024);
    const { yearOverYear } = await import('./year-over-year');
    const text = toText(await buildFeedbackLetter({ card, rubric, comparison: yearOverYear(previous, { card, prepared }, rubric), date: new Date('2025-04-02T03:00:00Z') }), 'letter');
    expect(text).toContain('关于青禾县人民政府2024年度法治政府建设年度报告的评估反馈意见');
    expect(text).toContain(`评估总分${score1(card.total)}分，等次为“${card.grade}”`);
    expect(text).toContain('三、存在的差距和改进建议');
    for (const g of card.gaps) expect(text).toContain(`建议补充：${g.message}`);
    expect(text).toContain('与上年度报告对比');
    expect(text).toContain('2025年4月2日');
  });

  it('converts the season report', async () => {
    const { entries, copies } = fixtureBatch();
    const text = toText(await buildSeasonReport({ name: '2024年度青禾市', rubric, entries, failed: [], copies, date: new Date() }), 'season');
    expect(text).toContain('2024年度青禾市法治政府建设年度报告评估情况');
    expect(text).toContain('六、上年度工作计划落实情况');
  });
});

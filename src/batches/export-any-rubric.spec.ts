/**
 * Exports are built from the rubric, not from the 2021—2025 ids: a rubric written by the test (twelve parts, item
 * ids like `要件·举措`, profiles of its own) exports to CSV, XLSX and JSON with its own part titles and report
 * elements, and a season scored with two outlines (each report by its year) gets the columns of both.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { loadRubricFile, parseRubric } from '../rubric/rubric-loader';
import { TWELVE_PART_TITLES, twelvePartRubric } from '../rubric/test-rubrics';
import { prepareText } from '../intake';
import { scoreReport } from '../scoring/engine';
import { STATUS_LABEL } from '../scoring/engine/messages';
import { chineseNumeral } from '../rubric/chinese-numeral';
import { toCsv, toJson, toXlsx } from './batch-export';
import { exportRows, gapFrequency, type BatchEntry } from './batch-report';

const ROOT = join(__dirname, '..', '..');
const township = readFileSync(join(ROOT, 'src', 'scoring', 'engine', 'passages', 'township-concise.txt'), 'utf8');
const twelve = parseRubric(twelvePartRubric(), 'test/outline-2026-2030-test.yaml');
const outline = loadRubricFile(join(ROOT, 'rubrics', 'outline-2021-2025-1.1.0.yaml'));

const entry = (file: string, text: string, rubric = twelve): BatchEntry => ({ key: file, file, reportId: null, card: scoreReport(prepareText(text), rubric) });
const in2027 = township.replace(/2024年/g, '2027年').replace(/2025年/g, '2028年');
const entries = [entry('镇-2027.txt', in2027), entry('县-2027.txt', in2027.replace(/某镇/g, '某县').replace(/镇/g, '县'))];
const partTitles = TWELVE_PART_TITLES.map((t, i) => `${chineseNumeral(i + 1)} ${t}`);

const csvHeader = (csv: Buffer) => csv.toString('utf8').slice(1).split('\r\n')[0].split(',');

describe('exports of a twelve-part rubric with ids of its own', () => {
  it('CSV: its twelve part titles and its report elements are the columns, with the one status vocabulary', () => {
    const exported = exportRows(entries);
    const header = csvHeader(toCsv(exported));
    expect(header).toEqual(expect.arrayContaining([...partTitles, '要件·举措', '要件·问题']));
    expect(header.indexOf('十二 基层治理')).toBeGreaterThan(header.indexOf('十一 法治宣传'));
    expect(header).not.toContain('E1');
    const body = toCsv(exported).toString('utf8').slice(1).trim().split('\r\n').slice(1).map((l) => l.split(','));
    const at = header.indexOf('要件·举措');
    for (const [i, row] of exported.rows.entries()) {
      const status = entries.find((e) => e.file === row.file)!.card.items.find((it) => it.id === '要件·举措')!.status;
      expect(body[i][at]).toBe(STATUS_LABEL[status]);
    }
  });

  it('XLSX: the same header on the ranking sheet, and its items on the gap sheet', async () => {
    const exported = exportRows(entries);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await toXlsx(exported, gapFrequency(entries))) as unknown as ExcelJS.Buffer);
    const header = (workbook.getWorksheet('ranking')!.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(csvHeader(toCsv(exported)));
    const gapIds = (workbook.getWorksheet('gap frequency')!.getColumn(1).values as unknown[]).slice(2);
    // one row per item some card of the season misses or only partly meets, by the rubric's own ids
    const notMet = new Set(entries.flatMap((e) => e.card.items.filter((it) => it.status === 'missing' || it.status === 'partial').map((it) => it.id)));
    expect([...gapIds].sort()).toEqual([...notMet].sort());
    for (const id of gapIds) expect(twelve.items.map((i) => i.id)).toContain(id);
  });

  it('JSON: the report elements are fields of the row under their own ids', () => {
    const rows = JSON.parse(toJson(exportRows(entries)).toString('utf8'));
    expect(Object.keys(rows[0])).toEqual(expect.arrayContaining(['file', 'total', 'parts', '要件·举措', '要件·问题', 'gapCount']));
    expect(Object.keys(rows[0].parts)).toHaveLength(12);
  });

  it('a season of two outlines has the parts and elements of both', () => {
    const mixed = [...entries, entry('镇-2024.txt', township, outline)];
    const { columns } = exportRows(mixed);
    expect(columns.elements).toEqual(expect.arrayContaining(['要件·举措', '要件·问题', 'E1', 'E2', 'E3', 'E4', 'E5']));
    expect(columns.parts).toEqual(expect.arrayContaining(['十二 基层治理', ...outline.parts!.map((p) => p.title)]));
  });
});

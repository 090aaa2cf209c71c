/**
 * Export files of a batch: CSV (UTF-8 with BOM, so Excel and WPS open the Chinese text correctly), XLSX (header
 * row, frozen panes, a second sheet with the gap frequency) and JSON. Shared by the API and the CLI.
 */
import type ExcelJSModule from 'exceljs';
import type { ExportRow, ExportTable, FailedEntry, GapFrequencyRow } from './batch-report';
import { STATUS_CN } from './batch-report';

export type ExportFormat = 'csv' | 'xlsx' | 'json';
export const EXPORT_FORMATS: ExportFormat[] = ['csv', 'xlsx', 'json'];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
};

/** Columns as the rubric names them: its parts' titles and its report elements' ids (exportColumns). */
function table({ columns, rows }: ExportTable): { header: string[]; body: Array<Array<string | number | null>> } {
  const header = ['排名', '文件', '报告单位', '层级', '年度', '总分', '等级', ...columns.parts, ...columns.elements, '差距项数', '主要差距', '疑似重复'];
  const body = rows.map((r) => [
    r.rank,
    r.file,
    r.issuer,
    r.level,
    r.year,
    r.total,
    r.grade,
    ...columns.parts.map((label) => r.partsByLabel[label] ?? null),
    ...columns.elements.map((id) => {
      const status = r.elements[id];
      return status ? STATUS_CN[status] : null;
    }),
    r.gapCount,
    r.topGaps.join('；'),
    r.duplicates.join('；'),
  ]);
  return { header, body };
}

function csvCell(value: string | number | null): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // a leading = + - @ makes spreadsheets evaluate the cell: quote it as text
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(exported: ExportTable): Buffer {
  const { header, body } = table(exported);
  const lines = [header, ...body].map((line) => line.map(csvCell).join(','));
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}

export async function toXlsx(exported: ExportTable, gaps: GapFrequencyRow[], failed: FailedEntry[] = []): Promise<Buffer> {
  // required here, not at import: exceljs takes longer to load (about 1 s on a busy 2-core machine) than a
  // JSON or CSV export of a whole season takes to write
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ExcelJS = require('exceljs') as typeof ExcelJSModule;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Fazhi Scorecard';
  const { header, body } = table(exported);
  const sheet = workbook.addWorksheet('ranking', { views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }] });
  sheet.addRow(header).font = { bold: true };
  for (const line of body) sheet.addRow(line);
  sheet.columns.forEach((column, i) => (column.width = i === 1 || i >= header.length - 2 ? 36 : 10));

  const gapSheet = workbook.addWorksheet('gap frequency', { views: [{ state: 'frozen', ySplit: 1 }] });
  gapSheet.addRow(['条目', '名称', '纲要依据', '缺失', '部分达标', '合计', '占比']).font = { bold: true };
  for (const g of gaps) gapSheet.addRow([g.itemId, g.title, g.outlineRef, g.missing, g.partial, g.count, g.share]);
  gapSheet.columns.forEach((column, i) => (column.width = i === 1 || i === 2 ? 36 : 10));

  if (failed.length) {
    const failedSheet = workbook.addWorksheet('failed', { views: [{ state: 'frozen', ySplit: 1 }] });
    failedSheet.addRow(['文件', '错误']).font = { bold: true };
    for (const f of failed) failedSheet.addRow([f.file, f.error]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** One object per report; the report elements are fields of the row under their item ids (`E1` … `E5`). */
export function toJson({ rows }: ExportTable): Buffer {
  const flat = rows.map(({ elements, partsByLabel: _labels, gapCount, topGaps, duplicates, ...head }: ExportRow) => ({ ...head, ...elements, gapCount, topGaps, duplicates }));
  return Buffer.from(JSON.stringify(flat, null, 2), 'utf8');
}

/** `attachment; filename*=UTF-8''…` with an ASCII fallback for old clients (given, or the name with _ for the rest). */
export function contentDisposition(filename: string, fallback?: string): string {
  const ascii = (fallback ?? filename).replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

import { prepareText } from '../intake';
import { readReport, REPORTS } from '../intake/test-fixtures';
import { loadRubricDirectory } from '../rubric/rubric-loader';
import { score } from '../scoring/engine';
import { toCsv } from './batch-export';
import { distribution, exportRows, gapFrequency, ranking, type BatchEntry } from './batch-report';
import { BatchInputError, parseManifest, safeEntryPath } from './upload';

const rubric = loadRubricDirectory().current();
const entries: BatchEntry[] = REPORTS.map((base, i) => {
  const prepared = prepareText(readReport(base));
  return { key: `k${i}`, file: `${base}.txt`, reportId: `r${i}`, card: score(prepared, rubric, prepared.metadata.level ?? 'county_government') };
});

describe('batch results', () => {
  it('ranks by total, ties sharing a rank', () => {
    const tied = [...entries, { ...entries[0], key: 'copy', file: 'zzz.txt', reportId: 'r9' }];
    const rows = ranking(tied);
    expect(rows.map((r) => r.total)).toEqual([...rows.map((r) => r.total)].sort((a, b) => b - a));
    const twins = rows.filter((r) => r.total === entries[0].card.total);
    expect(new Set(twins.map((r) => r.rank)).size).toBe(1);
    expect(rows[0].rank).toBe(1);
  });

  it('counts each item missing or partial across reports', () => {
    const rows = gapFrequency(entries);
    for (const row of rows) {
      const missing = entries.filter((e) => e.card.items.find((it) => it.id === row.itemId)?.status === 'missing').length;
      const partial = entries.filter((e) => e.card.items.find((it) => it.id === row.itemId)?.status === 'partial').length;
      expect([row.missing, row.partial, row.count]).toEqual([missing, partial, missing + partial]);
    }
  });

  it('divides gap frequency by the reports the item applies to, not by all reports', () => {
    const itemId = entries[0].card.items[0].id;
    const withStatus = (entry: BatchEntry, status: 'missing' | 'not_applicable', key: string): BatchEntry => ({
      ...entry,
      key,
      card: { ...entry.card, items: entry.card.items.map((it) => (it.id === itemId ? { ...it, status } : it)) },
    });
    // missing from the one report it applies to; not applicable to the other three
    const four = [withStatus(entries[0], 'missing', 'a'), withStatus(entries[1], 'not_applicable', 'b'), withStatus(entries[2], 'not_applicable', 'c'), withStatus(entries[0], 'not_applicable', 'd')];
    const row = gapFrequency(four).find((r) => r.itemId === itemId)!;
    expect(row).toMatchObject({ missing: 1, applicable: 1, count: 1, share: 1 });
  });

  it('spreads totals over grades and 10-point buckets', () => {
    const d = distribution(entries, rubric);
    expect(d.byGrade.reduce((s, g) => s + g.count, 0)).toBe(3);
    expect(d.buckets).toHaveLength(10);
    expect(d.buckets.reduce((s, b) => s + b.count, 0)).toBe(3);
    // three reports: the median is the middle total, min and max the ends (written from the totals, not from the output)
    const totals = entries.map((e) => e.card.total).sort((a, b) => a - b);
    expect([d.min, d.median, d.max]).toEqual([totals[0], totals[1], totals[2]]);
    expect(entries).toHaveLength(3);
  });

  it('writes CSV with a BOM and quotes cells a spreadsheet would evaluate', () => {
    const exported = exportRows(entries);
    exported.rows[0].issuer = '=HYPERLINK("x")';
    const csv = toCsv(exported).toString('utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv.trim().split('\r\n')).toHaveLength(4);
  });
});

describe('batch upload checks', () => {
  it.each(['../evil.txt', 'a/../../evil.txt', '/etc/passwd', 'C:\\x.txt', '..\\x.txt'])('refuses the zip path %s', (name) => {
    expect(() => safeEntryPath(name)).toThrow(BatchInputError);
  });

  it('accepts nested folders', () => {
    expect(safeEntryPath('镇街/第一组/报告.docx')).toBe('镇街/第一组/报告.docx');
  });

  it('reads a manifest in English or Chinese column names, with Chinese levels and dates', () => {
    expect(parseManifest(Buffer.from('\ufeff文件名,报告单位,层级,年度,发布日期\na.txt,某局,部门,2023年,2024年3月1日\n'))).toEqual([
      { file: 'a.txt', issuer: '某局', level: 'department', year: 2023, publishedAt: '2024-03-01' },
    ]);
    // a level of government or a profile key passes (the rubrics check keys when the batch is created); words that are neither do not
    expect(parseManifest('file,level\na.txt,city\n')[0].level).toBe('city');
    expect(() => parseManifest('file,level\na.txt,火星\n')).toThrow(/level/);
    expect(() => parseManifest('issuer\n某局\n')).toThrow(/file/);
  });
});

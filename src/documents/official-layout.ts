/**
 * The layout of a Chinese official document (GB/T 9704 as offices apply it to letters and reports): A4 with
 * 37/35/28/26 mm margins, the title in 小标宋 at 二号, headings 黑体 / 楷体 at 三号, body 仿宋 at 三号 on a fixed
 * 28-point line, tables at 四号, page numbers "— 1 —" at the foot. Pure: paragraphs in, a .docx Buffer out.
 *
 * Font names are the ones Word and WPS on officials' machines have; each run also names a common fallback for
 * Latin text, and viewers without the Chinese fonts substitute their own CJK face (LibreOffice: any installed).
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  ImageRun,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type FileChild,
} from 'docx';

export const FONT = {
  title: '方正小标宋简体',
  heading1: '黑体',
  heading2: '楷体_GB2312',
  body: '仿宋_GB2312',
  latin: 'Times New Roman',
} as const;

/** sizes in half-points, as Word stores them */
export const SIZE = { 二号: 44, 三号: 32, 四号: 28, 小四: 24 } as const;

const MM = 56.7; // twips per millimetre
const LINE = 560; // 28 pt, fixed
const INDENT = 2 * 320; // two characters of 三号

type Size = (typeof SIZE)[keyof typeof SIZE];

function run(text: string, font: string, size: Size, bold = false): TextRun {
  return new TextRun({ text, bold, size, font: { eastAsia: font, ascii: FONT.latin, hAnsi: FONT.latin, cs: font } });
}

export function title(text: string): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 0, after: LINE, line: 700, lineRule: LineRuleType.EXACT }, children: [run(text, FONT.title, SIZE.二号)] });
}

/** 一、… in 黑体 */
export function heading1(text: string): Paragraph {
  return new Paragraph({ indent: { firstLine: INDENT }, spacing: { line: LINE, lineRule: LineRuleType.EXACT }, keepNext: true, children: [run(text, FONT.heading1, SIZE.三号)] });
}

/** （一）… in 楷体 */
export function heading2(text: string): Paragraph {
  return new Paragraph({ indent: { firstLine: INDENT }, spacing: { line: LINE, lineRule: LineRuleType.EXACT }, keepNext: true, children: [run(text, FONT.heading2, SIZE.三号)] });
}

export function body(text: string, options: { indent?: boolean; align?: 'left' | 'right' | 'center'; bold?: boolean } = {}): Paragraph {
  const alignment = options.align === 'right' ? AlignmentType.RIGHT : options.align === 'center' ? AlignmentType.CENTER : AlignmentType.JUSTIFIED;
  return new Paragraph({
    alignment,
    indent: options.indent === false || options.align ? undefined : { firstLine: INDENT },
    spacing: { line: LINE, lineRule: LineRuleType.EXACT },
    children: [run(text, FONT.body, SIZE.三号, options.bold)],
  });
}

/** A body paragraph with a bold lead-in: "依据：…" */
export function labelled(label: string, text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: INDENT },
    spacing: { line: LINE, lineRule: LineRuleType.EXACT },
    children: [run(label, FONT.body, SIZE.三号, true), run(text, FONT.body, SIZE.三号)],
  });
}

const THIN = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const CELL_BORDERS = { top: THIN, bottom: THIN, left: THIN, right: THIN };

function cell(text: string, header: boolean, width: number, size: Size): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.PERCENTAGE },
    verticalAlign: VerticalAlign.CENTER,
    borders: CELL_BORDERS,
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [run(text, header ? FONT.heading1 : FONT.body, size)] })],
  });
}

/** A full-width table; `widths` are percentages (they default to equal shares). */
export function table(header: string[], rows: Array<Array<string | number | null>>, widths?: number[], size: Size = SIZE.四号): Table {
  const w = widths ?? header.map(() => Math.floor(100 / header.length));
  const line = (values: Array<string | number | null>, isHeader: boolean) =>
    new TableRow({ tableHeader: isHeader, cantSplit: true, children: values.map((v, i) => cell(v === null || v === undefined ? '—' : String(v), isHeader, w[i] ?? w[w.length - 1], size)) });
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [line(header, true), ...rows.map((r) => line(r, false))] });
}

/** A PNG centred on its own line, scaled to `widthPx` at 96 dpi (text width is about 590 px). */
export function image(png: Buffer, width: number, height: number, widthPx = 560): Paragraph {
  const scale = widthPx / width;
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [new ImageRun({ type: 'png', data: png, transformation: { width: widthPx, height: Math.round(height * scale) } })],
  });
}

export function spacer(): Paragraph {
  return new Paragraph({ spacing: { line: LINE, lineRule: LineRuleType.EXACT }, children: [] });
}

/** 2026年12月1日, as official documents date themselves (Beijing time). */
export function chineseDate(date: Date): string {
  const beijing = new Date(date.getTime() + 8 * 3600_000);
  return `${beijing.getUTCFullYear()}年${beijing.getUTCMonth() + 1}月${beijing.getUTCDate()}日`;
}

const footer = () =>
  new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], size: SIZE.四号, font: { eastAsia: '宋体', ascii: FONT.latin, hAnsi: FONT.latin } })],
      }),
    ],
  });

export async function officialDocument(meta: { title: string; subject?: string }, children: FileChild[]): Promise<Buffer> {
  const doc = new Document({
    creator: 'Fazhi Scorecard',
    title: meta.title,
    subject: meta.subject,
    styles: { default: { document: { run: { font: { eastAsia: FONT.body, ascii: FONT.latin, hAnsi: FONT.latin }, size: SIZE.三号 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: Math.round(37 * MM), bottom: Math.round(35 * MM), left: Math.round(28 * MM), right: Math.round(26 * MM), footer: Math.round(20 * MM) },
          },
        },
        footers: { default: footer() },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

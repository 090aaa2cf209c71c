import * as fs from 'node:fs';
import * as path from 'node:path';
import JSZip from 'jszip';
import { REPORT_FIXTURES, ROOT } from './test-app';

export const VARIANTS = path.join(ROOT, 'test/fixtures/variants');
export const BAD = path.join(ROOT, 'test/fixtures/bad');
export const BASES = ['000_461a89b47b0cee9b', '001_1c1d18808efcf126', '003_efdde5739ee958ba'];

export interface GeneratedFile {
  name: string;
  bytes: Buffer;
}

/**
 * `count` distinct reports from the three fixtures: the text variants (plain, traditional, one paragraph, table
 * pipes) with a distinct closing line each, so every file has its own content and hash, plus the binary variants
 * (docx, pdf, html, GBK) once each.
 */
export function generateReports(count: number, tag: string): GeneratedFile[] {
  const texts: Array<{ base: string; kind: string; text: string }> = [];
  for (const base of BASES) {
    texts.push({ base, kind: 'txt', text: fs.readFileSync(path.join(REPORT_FIXTURES, `${base}.txt`), 'utf8') });
    for (const kind of ['trad', 'oneline', 'pipes']) texts.push({ base, kind, text: fs.readFileSync(path.join(VARIANTS, `${base}.${kind}.txt`), 'utf8') });
  }
  const files: GeneratedFile[] = [];
  for (const base of BASES) {
    for (const ext of ['docx', 'pdf', 'html', 'gbk.txt']) files.push({ name: `${base}.${ext}`, bytes: fs.readFileSync(path.join(VARIANTS, `${base}.${ext}`)) });
  }
  for (let i = 0; files.length < count; i++) {
    const t = texts[i % texts.length];
    files.push({ name: `${t.base}-${t.kind}-${tag}-${i}.txt`, bytes: Buffer.from(`${t.text}\n（本件为${tag}批次第${i}号报送件。）\n`, 'utf8') });
  }
  return files;
}

export async function zipOf(entries: Array<{ name: string; bytes: Buffer | string }>): Promise<Buffer> {
  const zip = new JSZip();
  for (const e of entries) zip.file(e.name, e.bytes, { createFolders: false });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/**
 * OCR of scanned PDFs and images, off the event loop: child processes (ocr-child.mjs) load the PaddleOCR
 * models once and recognise pages in parallel, one page at a time each, up to the cores. Limits: a page
 * count (413 above it) and a time per page (422 when a page takes longer), both configurable.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { IntakeError } from './intake.types';
import { joinParagraphs, PAGE_NUMBER, type Line } from './extract-pdf';

export interface OcrLimits {
  /** OCR_MAX_PAGES: scanned pages accepted in one file */
  maxPages: number;
  /** OCR_PAGE_TIMEOUT_SECONDS: time for one page (render + recognise) */
  pageTimeoutMs: number;
  /** OCR_CONCURRENCY: child processes at once (default: the cores) */
  concurrency: number;
}

/** Called after each recognised page: `done` of `total` pages (queued reports show it as progress). */
export type OcrProgress = (done: number, total: number) => void;

/** For callers without a configuration (tests, benchmarks): the defaults of src/config. */
export const DEFAULT_OCR_LIMITS: OcrLimits = { maxPages: 40, pageTimeoutMs: 120_000, concurrency: availableParallelism() };

export interface OcrResult {
  text: string;
  pages: number;
  /** mean recognition confidence over the characters, 0–1 */
  confidence: number;
}

interface OcrLine {
  text: string;
  mean: number;
  box: number[][];
}

type Job = { type: 'page'; page: number } | { type: 'image'; bytes: Buffer };

// Next to this file: a nest-cli asset copied to dist/intake by `npm run build`, and in src/intake for ts-jest.
const CHILD_SCRIPT = join(__dirname, 'ocr-child.mjs');

/** 413 before any work when a scan has more pages than OCR may read. */
export function checkPageLimit(pages: number, limits: OcrLimits = DEFAULT_OCR_LIMITS): void {
  if (pages > limits.maxPages)
    throw new IntakeError(413, `扫描件共 ${pages} 页，超过文字识别的页数上限 ${limits.maxPages} 页（OCR_MAX_PAGES）：请上传带文字层的 PDF 或 .docx。`, 'TOO_MANY_PAGES');
}

export async function ocrPdf(bytes: Buffer, pages: number, limits: OcrLimits = DEFAULT_OCR_LIMITS, onPage?: OcrProgress): Promise<OcrResult> {
  checkPageLimit(pages, limits);
  const jobs: Job[] = Array.from({ length: pages }, (_, i) => ({ type: 'page', page: i + 1 }));
  return recognise(jobs, limits, onPage, bytes);
}

export async function ocrImage(bytes: Buffer, limits: OcrLimits = DEFAULT_OCR_LIMITS, onPage?: OcrProgress): Promise<OcrResult> {
  return recognise([{ type: 'image', bytes }], limits, onPage);
}

async function recognise(jobs: Job[], limits: OcrLimits, onPage?: OcrProgress, pdf?: Buffer): Promise<OcrResult> {
  if (!existsSync(CHILD_SCRIPT)) throw new Error(`OCR child script missing: ${CHILD_SCRIPT} (npm run build copies it)`);
  const results: OcrLine[][] = new Array(jobs.length);
  const children: ChildProcess[] = [];
  let next = 0;
  let done = 0;
  const worker = async () => {
    const child = fork(CHILD_SCRIPT, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-400)));
    if (pdf) child.send({ type: 'pdf', bytes: pdf });
    while (next < jobs.length) {
      const i = next++;
      results[i] = await runJob(child, i, jobs[i], limits, () => stderr);
      onPage?.(++done, jobs.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(limits.concurrency, jobs.length) }, worker));
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  }
  return assemble(results);
}

function runJob(child: ChildProcess, id: number, job: Job, limits: OcrLimits, stderr: () => string): Promise<OcrLine[]> {
  return new Promise((resolve, reject) => {
    const what = job.type === 'page' ? `第 ${job.page} 页` : '图片';
    const done = (fn: () => void) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      fn();
    };
    const timer = setTimeout(
      () => done(() => reject(new IntakeError(422, `文字识别超时：${what}超过 ${limits.pageTimeoutMs / 1000} 秒（OCR_PAGE_TIMEOUT_SECONDS）仍未完成。`))),
      limits.pageTimeoutMs,
    );
    const onMessage = (msg: { id: number; lines?: OcrLine[]; error?: string }) => {
      if (msg.id !== id) return;
      if (msg.error) done(() => reject(new IntakeError(422, `无法识别${what}：${msg.error}`)));
      else done(() => resolve(msg.lines ?? []));
    };
    const onExit = (code: number | null) =>
      done(() => reject(new IntakeError(422, `文字识别进程意外退出（${code ?? 'signal'}）：${stderr().split('\n').filter(Boolean).pop() ?? ''}`)));
    child.on('message', onMessage);
    child.on('exit', onExit);
    child.send(job.type === 'page' ? { type: 'page', id, page: job.page } : { type: 'image', id, bytes: job.bytes });
  });
}

/** Recognised boxes → lines (boxes on one baseline joined left to right) → paragraphs, as for a PDF. */
function assemble(pages: OcrLine[][]): OcrResult {
  const all: Line[] = [];
  let chars = 0;
  let weighted = 0;
  for (const page of pages) {
    const boxes = page
      .filter((l) => l.text.trim())
      .map((l) => {
        const xs = l.box.map((p) => p[0]);
        const ys = l.box.map((p) => p[1]);
        const y0 = Math.min(...ys);
        const y1 = Math.max(...ys);
        return { text: l.text.trim(), mean: l.mean, x0: Math.min(...xs), x1: Math.max(...xs), y: (y0 + y1) / 2, h: Math.max(1, y1 - y0) };
      })
      .sort((a, b) => a.y - b.y || a.x0 - b.x0);
    const lines: Array<Line & { parts: typeof boxes }> = [];
    for (const b of boxes) {
      const last = lines[lines.length - 1];
      if (last && Math.abs(b.y - last.y) <= Math.min(b.h, last.h) * 0.5) {
        last.parts.push(b);
        last.x0 = Math.min(last.x0, b.x0);
        last.x1 = Math.max(last.x1, b.x1);
      } else lines.push({ text: '', x0: b.x0, x1: b.x1, y: b.y, h: b.h, parts: [b] });
    }
    for (const l of lines) {
      l.text = l.parts.sort((a, b) => a.x0 - b.x0).map((p) => p.text).join('');
      if (PAGE_NUMBER.test(l.text)) continue;
      for (const p of l.parts) {
        chars += p.text.length;
        weighted += p.mean * p.text.length;
      }
      all.push({ text: l.text, x0: l.x0, x1: l.x1, y: l.y, h: l.h });
    }
  }
  if (!all.length) throw new IntakeError(422, '扫描件中未识别出文字：图像可能空白或过于模糊。请上传更清晰的扫描件，或带文字层的 PDF / .docx。');
  return { text: joinParagraphs(all), pages: pages.length, confidence: chars ? weighted / chars : 0 };
}

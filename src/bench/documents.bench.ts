/**
 * The real-world formats: .doc/.ofd/numbered .docx extraction per second and OCR seconds per page, on the
 * committed fixtures (test/fixtures/documents). OCR forks its child processes per file, so a page's time
 * includes loading the models, as it does for every scan an agency sends.
 *
 * A part for the bench runner (`runDocumentsBench` → `documentsSection`), and runnable alone from the build:
 *   node dist/bench/documents.bench.js [seconds]   → prints the BENCHMARKS.md section
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadAppConfig, type OcrConfig } from '../config/app-config';
import { extractDoc, extractDocx, extractOfd } from '../intake';
import { ocrImage, ocrPdf } from '../intake/ocr';
import { FIXTURES, now } from './util';

export interface DocumentsBenchResult {
  extraction: Array<{ what: string; file: string; kb: number; chars: number; perSecond: number }>;
  ocr: Array<{ file: string; pages: number; seconds: number; secondsPerPage: number; confidence: number; concurrency: number }>;
  loadAverage: number[];
  cores: number;
}

const DOCS = path.join(FIXTURES, 'documents');
const EXTRACTORS: Array<{ what: string; file: string; extract: (b: Buffer) => Promise<string> }> = [
  { what: '`.doc` (`extractDoc`, Word 97)', file: 'report.doc', extract: extractDoc },
  { what: '`.ofd` (`extractOfd`, shuffled text objects)', file: 'report.ofd', extract: extractOfd },
  { what: 'numbered `.docx` (`extractDocx`)', file: 'report.numbered.docx', extract: extractDocx },
];

async function perSecond(bytes: Buffer, extract: (b: Buffer) => Promise<string>, seconds: number): Promise<{ perSecond: number; chars: number }> {
  const chars = (await extract(bytes)).length; // warm-up: the extractor's modules load here
  let n = 0;
  const t0 = now();
  while (now() - t0 < seconds * 1000 || n < 3) {
    await extract(bytes);
    n++;
  }
  return { perSecond: (n * 1000) / (now() - t0), chars };
}

export async function runDocumentsBench(args: { seconds: number; ocr: OcrConfig }): Promise<DocumentsBenchResult> {
  const extraction: DocumentsBenchResult['extraction'] = [];
  for (const { what, file, extract } of EXTRACTORS) {
    const bytes = fs.readFileSync(path.join(DOCS, file));
    extraction.push({ what, file, kb: Math.round(bytes.length / 1024), ...(await perSecond(bytes, extract, args.seconds)) });
  }
  const ocr: DocumentsBenchResult['ocr'] = [];
  for (const [file, run] of [
    ['scan.png', (b: Buffer) => ocrImage(b, args.ocr)],
    ['scan.pdf', (b: Buffer) => ocrPdf(b, 2, args.ocr)],
  ] as const) {
    const bytes = fs.readFileSync(path.join(DOCS, file));
    const t0 = now();
    const result = await run(bytes);
    const seconds = (now() - t0) / 1000;
    ocr.push({ file, pages: result.pages, seconds, secondsPerPage: seconds / result.pages, confidence: result.confidence, concurrency: Math.min(args.ocr.concurrency, result.pages) });
  }
  return { extraction, ocr, loadAverage: os.loadavg(), cores: os.availableParallelism() };
}

export function documentsSection(r: DocumentsBenchResult, when = new Date()): string[] {
  const f1 = (x: number) => x.toFixed(1);
  return [
    '## Real-world formats and OCR',
    '',
    `\`node dist/bench/documents.bench.js\` on the committed fixtures (\`test/fixtures/documents\`), ${r.cores} cores, ${when.toISOString().slice(0, 16).replace('T', ' ')} UTC, load average ${r.loadAverage.map(f1).join(' / ')} (1/5/15 min) while other work ran: on an idle machine OCR is several times faster.`,
    '',
    '| what | file | result |',
    '| --- | --- | --- |',
    ...r.extraction.map((e) => `| ${e.what} extraction | ${e.file} (${e.kb} KB, ${e.chars} chars) | ${f1(e.perSecond)} files/s |`),
    ...r.ocr.map(
      (o) =>
        `| OCR (PaddleOCR, ${o.concurrency} child process${o.concurrency > 1 ? 'es' : ''}, incl. model load) | ${o.file} (${o.pages} page${o.pages > 1 ? 's' : ''}) | ${f1(o.seconds)} s = **${f1(o.secondsPerPage)} s/page**, mean confidence ${o.confidence.toFixed(3)} |`,
    ),
    '',
  ];
}

if (require.main === module) {
  const seconds = Number(process.argv[2] ?? 3);
  runDocumentsBench({ seconds, ocr: loadAppConfig(process.env).ocr })
    .then((r) => process.stdout.write(`${documentsSection(r).join('\n')}\n`))
    .catch((e: unknown) => {
      process.stderr.write(`${(e as Error).message}\n`);
      process.exit(1);
    });
}

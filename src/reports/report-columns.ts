import type { StoredIntake } from '../intake-pool/intake-task';
import type { Report, ReportOcr } from './report.entity';

/** A text document, or a scan whose recognition is done: there is text to score. */
export const textReady = (report: Pick<Report, 'ocr'>): boolean => !report.ocr || report.ocr.status === 'done';

/** A scan recognised in intake: its stored OCR note. */
export function recognisedOcr(ocr: { pages: number; confidence: number } | undefined): ReportOcr | null {
  return ocr ? { status: 'done', pages: ocr.pages, recognisedPages: ocr.pages, confidence: ocr.confidence } : null;
}

/** What intake found, as the report's columns (a recognised scan's OCR note with them). */
export function textColumns(intake: StoredIntake) {
  const meta = intake.prepared.metadata;
  return {
    title: meta.title?.slice(0, 500) ?? null,
    issuer: meta.issuer?.slice(0, 200) ?? null,
    // the profile the user named, else the level of government intake detected: facts, not a rubric's choice
    // (the rubric that scores the report maps the level to its profile, in the engine)
    level: meta.level ?? meta.governmentLevel ?? null,
    year: meta.year ?? null,
    publishedAt: meta.publishedAt ?? null,
    script: meta.script,
    chars: intake.chars,
    extractedText: intake.extracted,
    normalisedText: intake.prepared.normalised,
    sections: intake.prepared.sections,
    ocr: recognisedOcr(meta.ocr),
  };
}

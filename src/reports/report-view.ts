import type { Section } from '../intake/intake.types';
import type { Report } from './report.entity';

interface SectionOutline {
  marker: string;
  heading: string;
  level: number;
  children: SectionOutline[];
}

const outline = (sections: Section[]): SectionOutline[] =>
  sections.map((section) => ({ marker: section.marker, heading: section.heading, level: section.level, children: outline(section.children) }));

/** What the API says about a report: metadata, never the stored bytes or full texts in a list. */
export function reportSummary(report: Report) {
  return {
    id: report.id,
    title: report.title,
    issuer: report.issuer,
    level: report.level,
    year: report.year,
    publishedAt: report.publishedAt,
    profile: report.profile,
    format: report.format,
    script: report.script,
    chars: report.chars,
    filename: report.filename,
    sha256: report.sha256,
    organisationId: report.organisationId,
    batchId: report.batchId,
    createdAt: report.createdAt,
  };
}

export function reportDetail(report: Report) {
  return { ...reportSummary(report), sections: outline(report.sections), text: report.extractedText };
}

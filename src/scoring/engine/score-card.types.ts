/**
 * The score card: the contract the CLI (`scorecard check --json`) and the API both return.
 * Fields may be added; the ones named in issue 5 are never renamed.
 */
import type { CheckKind, PartId, ProfileName } from '../../rubric/rubric.types';
import type { GovernmentLevel, MetadataField, MetadataSource, ReportLevel, Script } from '../../intake/intake.types';

export type ItemStatus = 'met' | 'partial' | 'missing' | 'not_applicable';
export type GapSeverity = 'high' | 'medium' | 'low';

/** `original.slice(start, end) === quote`, in the script the agency wrote. */
export interface Evidence {
  quote: string;
  start: number;
  end: number;
}

export interface ItemResult {
  id: string;
  part: PartId;
  title: string;
  outlineRef: string;
  /** the rubric's check kind: exports find the report elements by it (absent on cards stored before it was added) */
  check?: CheckKind;
  status: ItemStatus;
  score: number;
  max: number;
  evidence: Evidence[];
  /** labels of the elements still missing (empty when met or not applicable) */
  missing: string[];
  /** set when the only mentions are in next year's plan or in the problems section */
  plannedOnly?: boolean;
}

export interface Gap {
  itemId: string;
  severity: GapSeverity;
  message: string;
  outlineRef: string;
}

export interface PartScore {
  part: PartId;
  /** the part's title from the rubric (一 深入学习贯彻习近平法治思想 …); absent on cards scored before 1.1.0 */
  title?: string;
  score: number;
  max: number;
}

export interface ScoreCard {
  total: number; // 0–100, one decimal
  grade: string;
  rubric: {
    id: string;
    version: string;
    /** why this rubric applies when the caller did not name one (e.g. no rubric covers the report year) */
    note?: string;
  };
  profile: ProfileName;
  report: {
    title: string | null;
    issuer: string | null;
    year: number | null;
    level: ReportLevel | null;
    /** the issuer's level of government as detected (province … township), null when not recognised */
    governmentLevel?: GovernmentLevel | null;
    /** where each detected field came from: title, body, field, default or override */
    sources?: Partial<Record<MetadataField, MetadataSource>>;
    /** the text was recognised from images (pages, mean confidence 0–1): evidence quotes the recognised text */
    ocr?: { pages: number; confidence: number };
    script: Script;
    chars: number;
    publishedAt?: string | null;
  };
  parts: PartScore[];
  items: ItemResult[];
  gaps: Gap[];
}

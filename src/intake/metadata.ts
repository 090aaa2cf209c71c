/**
 * Title, issuer, report year, level of government, publication date and script of a report, each with where
 * it came from (see ReportMetadata.sources).
 *
 * Real page openings carry navigation, a today-widget ("今天是：2020年5月8日"), index numbers
 * ("索引号 …/2021-123456"), plan periods ("（2021—2025年）"), the publisher ("来源：X司法局" above a district
 * government's report) and often a generic title. So: the year comes from the title, else the opening
 * sentence, never from ranges, full dates, index numbers or URLs; the issuer comes from the title, else the
 * signature or the opening sentence, and a 来源 line only when the body agrees; the level comes from the
 * issuer's name, else the body's self-references (我局, 全县, 街道党工委…).
 */
import type { MetadataField, MetadataSource, ReportMetadata, Script, Section } from './intake.types';
import { foldChars, toSimplifiedAligned } from './normalise';
import { governmentLevelOf, issuerFromOpening, issuerFromSignature, levelFromBody } from './issuer-level';

const TITLE_WORDS = /报告|总结|情况/;
const YEAR = /((?:19|20)\d{2})\s*年/;
const DATE_RE =
  /((?:19|20)\d{2})\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)/;
/** Publication labels; 成文日期 (signing) and 公文生成日期 (a system's timestamp) are not publication. */
const DATE_LABEL = /(?:发布日期|公开日期|发布时间|发文日期|(?<!成文|生成|印发|更新)日期|(?<!更新|生成|印发)时间)\s*:\s*/g;
const SIGNED_LABEL = /成文日期\s*:\s*/g;
const TODAY_WIDGET = /今天是|今日是|星期[一二三四五六日天]|礼拜[一二三四五六日天]/;
/** Spans that look like years but are not the report's: plan periods, full dates, index numbers, URLs. */
const NOT_REPORT_YEAR = [
  /(?:https?:\/\/|www\.)\S+/gi,
  /索引号\s*:?\s*\S+/g,
  /(?:今天是|今日是)[^\n]{0,30}/g,
  /(?:19|20)\d{2}\s*年?\s*[-—–~～至到]+\s*(?:19|20)\d{2}\s*年?/g,
  /(?:19|20)\d{2}\s*(?:[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}|年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)/g,
  /[A-Za-z0-9]+\/(?:19|20)\d{2}-\d+/g,
];
/** How many lines at the top of a report can hold its title and page header. */
const HEAD_LINES = 12;
/** Self-references are counted over the opening of the report, where the reporting body names itself. */
const CUE_CHARS = 8000;

/**
 * `original`, when given, is where the page header (date, 来源) is read from — normalisation drops those
 * lines as website chrome — and where the script is measured.
 */
export function detectMetadata(
  normalised: string,
  sections: Section[],
  overrides?: Partial<ReportMetadata>,
  original?: string,
  /** `original` already converted to simplified (normaliseForMatching has it), so it is not converted twice */
  simplified?: string,
): ReportMetadata {
  const bodyStart = sections.length ? sections[0].start : normalised.length;
  const headLines = normalised.slice(0, bodyStart).split('\n').slice(0, HEAD_LINES);
  const origHead = original !== undefined ? headOf(original) : headLines;
  const sources: Partial<Record<MetadataField, MetadataSource>> = {};
  const from = <T>(field: MetadataField, value: T | undefined, source: MetadataSource): T | undefined => {
    if (value !== undefined && sources[field] === undefined) sources[field] = source;
    return value;
  };

  const title = from('title', detectTitle(headLines) ?? detectTitle(normalised.split('\n', HEAD_LINES)), 'title');
  const lines = normalised.split('\n');
  const opening = openingParagraph(lines, title);
  const cues = levelFromBody(normalised.slice(0, CUE_CHARS));

  const titleIssuer = title ? issuerFromTitle(title) : undefined;
  const bodyIssuer = issuerFromSignature(lines) ?? (opening ? issuerFromOpening(opening) : undefined);
  const fieldIssuer = issuerFromSource(origHead);
  const issuer =
    from('issuer', titleIssuer, 'title') ??
    from('issuer', bodyIssuer, 'body') ??
    from('issuer', fieldIssuer && (!cues || governmentLevelOf(fieldIssuer) === cues) ? fieldIssuer : undefined, 'field');

  const governmentLevel =
    from('level', titleIssuer ? governmentLevelOf(titleIssuer) : undefined, 'title') ??
    from('level', bodyIssuer ? governmentLevelOf(bodyIssuer) : undefined, 'body') ??
    from('level', cues, 'body') ??
    from('level', issuer && sources.issuer === 'field' ? governmentLevelOf(issuer) : undefined, 'field');
  if (!governmentLevel) sources.level = 'default';

  const year = from('year', title ? yearOf(title) : undefined, 'title') ?? from('year', yearOf(opening ?? normalised.slice(0, 300)), 'body');
  const publishedAt = from('publishedAt', publishedAtOf(origHead, title), 'field');
  const detected: ReportMetadata = {
    title,
    issuer,
    year,
    // the profile is the rubric's choice (its profiles' `levels` and `issuer` patterns, in the engine): intake
    // says only what level of government reports; `level` is the profile a user names
    governmentLevel,
    publishedAt,
    script: detectScript(original ?? normalised, original !== undefined ? simplified : undefined),
    sources,
  };
  const out: ReportMetadata = { ...detected, sources: { ...sources } };
  for (const [k, v] of Object.entries(overrides ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    // Stored reports are re-prepared with their stored fields as overrides: equal values keep their source.
    // A level of government given is the `level` field's source (the profile a user names is `level` itself).
    const field = (k === 'governmentLevel' ? 'level' : k) as MetadataField;
    if (k !== 'sources' && k !== 'script' && (out as unknown as Record<string, unknown>)[k] !== v) out.sources![field] = 'override';
    (out as unknown as Record<string, unknown>)[k] = v;
  }
  for (const k of Object.keys(out) as Array<keyof ReportMetadata>) if (out[k] === undefined) delete out[k];
  return out;
}

/** First lines of the original, folded like the normalised text but keeping the chrome lines. */
function headOf(original: string): string[] {
  return foldChars(original.slice(0, 4000))
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l.length > 0)
    .slice(0, HEAD_LINES * 2);
}

function detectTitle(lines: string[]): string | undefined {
  for (const l of lines) {
    const line = l.trim();
    if (line.length >= 8 && line.length <= 80 && TITLE_WORDS.test(line) && !/[。]/.test(line) && !/^\d/.test(line) && !TODAY_WIDGET.test(line))
      return line;
  }
  return undefined;
}

/** The first paragraph of running text after the title: where "2023年，我县…" names the year and the body. */
function openingParagraph(lines: string[], title?: string): string | undefined {
  const at = title ? lines.indexOf(title) + 1 : 0;
  return lines.slice(at, at + 8).find((l) => l.length >= 20 && /[。，,]/.test(l) && !TODAY_WIDGET.test(l));
}

/** "广州市增城区司法局关于2024年度…" → 广州市增城区司法局; "江门市江海区2022年…" → 江门市江海区. */
export function issuerFromTitle(title: string): string | undefined {
  const t = title.replace(/^[《“"]/, '');
  const about = t.indexOf('关于');
  const year = t.search(/(?:19|20)\d{2}\s*年/);
  const cut = [about, year].filter((i) => i > 0);
  if (!cut.length) return undefined;
  const issuer = t.slice(0, Math.min(...cut)).replace(/[\s,、:]+$/, '');
  return issuer.length >= 2 && issuer.length <= 40 ? issuer : undefined;
}

function issuerFromSource(lines: string[]): string | undefined {
  for (const l of lines) {
    const m = /(?:信息来源|文章来源|来源|发布机构|发文机关)\s*:\s*([^\s:]{2,40})/.exec(l);
    if (m && !/^(本网|本站|原创|网站|转载)/.test(m[1])) return m[1];
  }
  return undefined;
}

/** The report year in a title or an opening sentence, skipping everything that only looks like one. */
export function yearOf(text: string): number | undefined {
  let t = text;
  for (const re of NOT_REPORT_YEAR) t = t.replace(re, ' ');
  const m = YEAR.exec(t);
  return m ? parseInt(m[1], 10) : undefined;
}

function publishedAtOf(lines: string[], title?: string): string | undefined {
  const labelled = (label: RegExp) => {
    for (const l of lines) {
      if (TODAY_WIDGET.test(l) && !/发布|公开/.test(l)) continue;
      label.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = label.exec(l)) !== null) {
        if (/公文生成$/.test(l.slice(0, m.index))) continue;
        const rest = l.slice(m.index + m[0].length);
        const d = isoDate(rest.slice(0, 24));
        if (d && DATE_RE.exec(rest)?.index === 0) return d;
      }
    }
    return undefined;
  };
  const published = labelled(DATE_LABEL);
  if (published) return published;
  // A date line right under the title: "2025-01-15 来源: …".
  const t = title ? lines.findIndex((l) => l === title) : -1;
  if (t >= 0) {
    for (const l of lines.slice(t + 1, t + 3)) {
      const m = DATE_RE.exec(l);
      if (m && m.index === 0 && l.length <= 80 && !TODAY_WIDGET.test(l) && !/成文日期|生成日期/.test(l)) return isoDate(m[0]);
    }
  }
  return labelled(SIGNED_LABEL);
}

/** 2025-01-15, 2025/1/15, 2025.01.15, 2025年1月15日 → 2025-01-15 (or undefined when not a real date). */
export function isoDate(text: string): string | undefined {
  const m = DATE_RE.exec(text);
  if (!m) return undefined;
  const y = parseInt(m[1], 10);
  const mo = parseInt(m[2] ?? m[4], 10);
  const d = parseInt(m[3] ?? m[5], 10);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCMonth() !== mo - 1) return undefined;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Share of Han characters that OpenCC would change. Simplified text changes almost none (a few characters
 * are shared forms); traditional text changes about a quarter of them.
 */
export function detectScript(original: string, converted?: string): Script {
  const conv = converted ?? toSimplifiedAligned(original);
  let han = 0;
  let changed = 0;
  for (let i = 0; i < original.length; i++) {
    const c = original.charCodeAt(i);
    if (c < 0x3400 || c > 0x9fff) continue;
    han++;
    if (conv.charCodeAt(i) !== c) changed++;
  }
  if (han === 0) return 'simplified';
  const share = changed / han;
  return share >= 0.08 ? 'traditional' : share >= 0.01 ? 'mixed' : 'simplified';
}

/**
 * Title, issuer, report year, government level, publication date and script of a report.
 */
import type { ReportLevel, ReportMetadata, Script, Section } from './intake.types';
import { foldChars, toSimplifiedAligned } from './normalise';

const TITLE_WORDS = /报告|总结|情况/;
const YEAR = /((?:19|20)\d{2})\s*年/;
const DATE_RE =
  /((?:19|20)\d{2})\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)/;
const DATE_LABEL = /(?:发布日期|公开日期|发布时间|发文日期|成文日期|日期|时间)\s*:\s*/g;
/** How many lines at the top of a report can hold its title and page header. */
const HEAD_LINES = 12;

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

  const title = detectTitle(headLines) ?? detectTitle(normalised.split('\n', HEAD_LINES));
  const issuer = (title && issuerFromTitle(title)) || issuerFromSource(origHead);
  const year = (title && yearOf(title)) || yearOf(normalised.slice(0, Math.max(bodyStart, 300)));
  const detected: ReportMetadata = {
    title,
    issuer,
    year,
    level: issuer ? levelOf(issuer) : undefined,
    publishedAt: publishedAtOf(origHead, title),
    script: detectScript(original ?? normalised, original !== undefined ? simplified : undefined),
  };
  const out: ReportMetadata = { ...detected };
  for (const [k, v] of Object.entries(overrides ?? {})) {
    if (v !== undefined && v !== null && v !== '') (out as unknown as Record<string, unknown>)[k] = v;
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
    if (line.length >= 8 && line.length <= 80 && TITLE_WORDS.test(line) && !/[。]/.test(line) && !/^\d/.test(line))
      return line;
  }
  return undefined;
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

function yearOf(text: string): number | undefined {
  const m = YEAR.exec(text);
  return m ? parseInt(m[1], 10) : undefined;
}

/** Government level by the issuer's name: who reports decides which profile applies. */
export function levelOf(issuer: string): ReportLevel | undefined {
  const s = issuer.replace(/\s+/g, '');
  if (/(?:街道办事处|街道|镇人民政府|乡人民政府|镇政府|乡政府|镇|乡)$/.test(s)) return 'township';
  if (/(?:局|委|委员会|办|办公室|厅|中心|署|院|所|站|队)$/.test(s)) return 'department';
  if (/(?:人民政府|政府|区|县|市|旗|自治县|自治州|州|盟)$/.test(s)) return 'county_government';
  return undefined;
}

function publishedAtOf(lines: string[], title?: string): string | undefined {
  for (const l of lines) {
    DATE_LABEL.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = DATE_LABEL.exec(l)) !== null) {
      const d = isoDate(l.slice(m.index + m[0].length, m.index + m[0].length + 24));
      if (d && DATE_RE.exec(l.slice(m.index + m[0].length))?.index === 0) return d;
    }
  }
  // A date line right under the title: "2025-01-15 来源: …".
  const t = title ? lines.findIndex((l) => l === title) : -1;
  if (t >= 0) {
    for (const l of lines.slice(t + 1, t + 3)) {
      const m = DATE_RE.exec(l);
      if (m && m.index === 0 && l.length <= 80) return isoDate(m[0]);
    }
  }
  return undefined;
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

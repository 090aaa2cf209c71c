/**
 * `scorecard compare OLD NEW`: last year's report against this year's, as GET /reports/:id/compare gives it
 * for stored reports. Both files are scored with the same rubric, so the deltas compare like with like.
 */
import type { OcrConfig } from '../config/app-config';
import type { RubricRegistry } from '../rubric/rubric-loader';
import { checkProfileOption, scoreFileWithText } from './check.command';
import { CliUsageError, EXIT_OK, oneLine } from './cli-error';
import { percent, score1 } from '../documents/wording';
import { yearOverYear, YearOverYearError, type YearOverYear } from '../documents/year-over-year';

export interface CompareOptions {
  json?: boolean;
  rubric?: string;
  profile?: string;
  maxUploadMb: number;
  ocr?: OcrConfig;
}

export function renderComparisonText(c: YearOverYear): string {
  const signed = (x: number | null) => (x === null ? '—' : `${x > 0 ? '+' : ''}${score1(x)}`);
  const list = (changes: YearOverYear['newlyMet']) => (changes.length ? changes.map((ch) => `${ch.itemId} ${ch.title}`).join('、') : '无');
  const lines = [
    `${c.issuer ?? '报告单位未识别'}  ${c.previous.year ?? '?'}年度 → ${c.current.year ?? '?'}年度`,
    `总分 ${score1(c.previous.total)}（${c.previous.grade}） → ${score1(c.current.total)}（${c.current.grade}）  ${signed(c.totalDelta)}`,
    ...c.parts.map((p) => `  ${p.label}  ${p.previous === null ? '—' : score1(p.previous)} → ${p.current === null ? '—' : score1(p.current)}  ${signed(p.delta)}`),
    `新达标：${list(c.newlyMet)}`,
    `退步：${list(c.regressed)}`,
    `仍未达标：${list(c.stillMissing)}`,
    `沿用上年文字：${percent(c.carriedOver.share)}`,
    `上年计划：${c.planFulfilment.planned}项，见落实${c.planFulfilment.done.length}项（${percent(c.planFulfilment.share)}）`,
    ...c.planFulfilment.silent.map((item) => `  未见落实：${item}`),
  ];
  return lines.join('\n');
}

export async function runCompare(oldFile: string, newFile: string, options: CompareOptions, registry: RubricRegistry, out: (text: string) => void): Promise<number> {
  checkProfileOption(registry, options);
  let rubric;
  try {
    rubric = registry.resolve(options.rubric);
  } catch (error) {
    throw new CliUsageError(oneLine(error));
  }
  const previous = await scoreFileWithText(oldFile, registry, { ...options, rubric: `${rubric.id}@${rubric.version}` });
  const current = await scoreFileWithText(newFile, registry, { ...options, rubric: `${rubric.id}@${rubric.version}` });
  let comparison: YearOverYear;
  try {
    comparison = yearOverYear(previous, current, rubric);
  } catch (error) {
    if (error instanceof YearOverYearError) throw new CliUsageError(error.message);
    throw error;
  }
  out(options.json ? JSON.stringify(comparison) : renderComparisonText(comparison));
  return EXIT_OK;
}

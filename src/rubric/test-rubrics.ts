/**
 * A rubric for an outline that does not exist yet, written for specs (not used at run time): twelve parts, item
 * ids unlike the 2021—2025 rubric's, two profiles of its own, period 2026—2030. What it proves is that such a
 * file needs no code change to load, score, render, export and be chosen by a report's year.
 */
import { chineseNumeral } from './chinese-numeral';

export const TWELVE_PART_TITLES = ['报告要件', '依法履职', '制度建设', '科学决策', '执法规范', '应急法治', '纠纷化解', '权力监督', '数字法治', '组织保障', '法治宣传', '基层治理'];

/** 2026—2030 in this test's imagination: twelve parts (the first for report elements), ids like `K-07-b`. */
export function twelvePartRubric(): string {
  const parts = TWELVE_PART_TITLES.map((t, i) => `  - { id: ${i + 1}, title: ${chineseNumeral(i + 1)} ${t} }`).join('\n');
  const outline = TWELVE_PART_TITLES.slice(1)
    .map(
      (t, i) => `  - id: K-${String(i + 2).padStart(2, '0')}-a
    part: ${i + 2}
    title: ${t}
    outlineRef: 新纲要 ${chineseNumeral(i + 2)}
    weight: 3
    check: terms
    groups:
      - { id: work, label: ${t}工作, terms: [${['合法性审查', '权责清单', '规范性文件', '重大行政决策', '综合行政执法', '应急预案', '调解', '政务公开', '执法平台', '述法', '普法', '村(社区)'][i]}] }
    hint: 未见${t}方面的具体工作；新纲要要求写明${t}的具体做法。`,
    )
    .join('\n');
  return `id: outline-2026-2030-test
version: 0.1.0
title: 测试用新纲要评分细则
period: { from: 2026, to: 2030 }
sources: [测试]
partialCredit: 0.5
parts:
${parts}
sectionRoles:
  achievements: [主要举措和成效]
  problems: [存在的问题]
  plan: [工作安排]
  leader: [第一责任人]
  other: [其他需要报告]
grades:
  - { min: 60, grade: 合格 }
  - { min: 0, grade: 不合格 }
profiles:
  grassroots:
    title: 基层政府
    issuer: ['(?:镇|乡|街道)(?:人民政府|办事处)?$']
    exclude: [K-03-a]
    weights: {}
    params:
      "要件·举措": { minMeasures: 3 }
  whole_government:
    title: 一级政府
    default: true
    exclude: []
    weights: { K-05-a: 6 }
items:
  - id: "要件·举措"
    part: 1
    title: 主要举措和成效
    outlineRef: 督察工作规定
    weight: 6
    check: achievements
    groups:
      - { id: done, label: 具体举措, terms: [组建, 办理, 审查, 开展] }
      - { id: result, label: 成效, terms: [100%, 成功率, 结案率] }
    params: { minMeasures: 20 }
    hint: 未见主要举措和成效；应写明做了什么、结果如何。
  - id: "要件·问题"
    part: 1
    title: 存在的不足和原因
    outlineRef: 督察工作规定
    weight: 6
    check: problems
    groups:
      - { id: shortfalls, label: 问题, terms: [不足, 不均衡] }
      - { id: why, label: 原因, terms: [原因在于, 究其原因] }
    params: { minProblems: 2, minCauses: 2, causeGroup: why }
    hint: 未见不足和原因；应写明问题及其原因。
${outline}
`;
}

/**
 * Who reports and at what level of government: the profile the report is scored with depends on it.
 *
 * Levels: province (省, 自治区, 直辖市), city (设区的市, 地级市, 自治州, 盟, 地区), county (区, 县, 县级市, 旗),
 * department (a 局/厅/委/办/部/中心 of any government, or its 党组), township (乡, 镇, 街道, 苏木). Party bodies
 * (党委, 党工委, 依法治X委员会) are not departments: they take the level of their place, and a joint 党委+政府
 * report is a government report. A bare "X市" is taken as a city (most reports named so are); "X市X区" is a
 * county.
 */
import type { GovernmentLevel } from './intake.types';

const MUNICIPALITIES = /^(?:北京|天津|上海|重庆)市?$/;
const DEPARTMENT = /(?:分局|局|厅|部|委员会|委|办公室|办|中心|署|院|所|站|队|党组)$/;
const TOWNSHIP = /(?:街道办事处|街道|办事处|镇人民政府|乡人民政府|镇政府|乡政府|苏木|镇|乡)$/;
const GOVERNMENT = /(?:人民政府|政府)$/;
/** "中共X县委 X县人民政府": the government named after a party committee. */
const JOINT = /(?:委员会|委|党工委)(.+?(?:人民政府|政府|办事处))$/;
const RULE_OF_LAW_COMMISSION = /^(.*?)(?:全面)?依法治.{0,3}委员会(?:办公室)?$/;
const PARTY_COMMITTEE = /^(.*?)(?:党委|党工委)$|^(.*[县区市省州旗镇乡])委(?:员会)?$/;

/** Level of a named body: "广州市增城区司法局" → department, "江门市江海区" → county. */
export function governmentLevelOf(issuer: string): GovernmentLevel | undefined {
  let s = issuer.replace(/\s+/g, '').replace(/^(?:中共|中国共产党)/, '');
  const joint = JOINT.exec(s);
  if (joint) s = joint[1];
  const commission = RULE_OF_LAW_COMMISSION.exec(s);
  if (commission) return placeLevel(commission[1].replace(/委$/, ''));
  const party = PARTY_COMMITTEE.exec(s);
  if (party) return placeLevel(party[1] ?? party[2]);
  if (TOWNSHIP.test(s)) return 'township';
  if (GOVERNMENT.test(s)) return placeLevel(s.replace(GOVERNMENT, '')) ?? 'county';
  if (DEPARTMENT.test(s)) return 'department';
  return placeLevel(s);
}

/** Level of a place name alone: 某省 → province, 某州 → city, 某区 → county. */
function placeLevel(place: string): GovernmentLevel | undefined {
  const p = place.replace(/[（(].*?[)）]/g, '');
  if (!p) return undefined;
  if (MUNICIPALITIES.test(p) || /(?:省|自治区)$/.test(p)) return 'province';
  if (/(?:街道|镇|乡|苏木)$/.test(p)) return 'township';
  if (/(?:区|县|旗|自治县|自治旗|县级市)$/.test(p)) return 'county';
  if (/市.+市$/.test(p)) return 'county'; // 某市某市: a county-level city under a city
  if (/(?:自治州|州|盟|地区|市)$/.test(p)) return 'city';
  return undefined;
}

interface Cue {
  level: GovernmentLevel;
  re: RegExp;
  weight: number;
}

/** Self-references in the body: how a report names its own body when the title does not. */
const CUES: Cue[] = [
  { level: 'department', re: /(?:我|本)(?:局|厅|委|办|部门|中心|分局)(?![长级])|(?:局|厅|委)党组(?:书记|会议|理论学习|中心组)?|局机关|局领导班子|全局(?:干部|上下|系统)/g, weight: 3 },
  { level: 'township', re: /(?:我|本|全)(?:镇|乡|街道|街)(?![长级])|(?:镇|乡|街道)(?:党委|党工委|人民政府|政府|办事处)|街道办/g, weight: 2 },
  { level: 'province', re: /(?:我|本|全)省(?!级)|省(?:人民)?政府(?:主要负责同志|常务会议|党组)/g, weight: 1 },
  { level: 'city', re: /(?:我|本)市|(?:我|本|全)州|(?:我|本|全)盟|市(?:人民)?政府(?:主要负责同志|常务会议|党组)/g, weight: 1 },
  { level: 'county', re: /(?:我|本|全)(?:县|区|旗)(?![长级委])|[县区旗](?:人民)?政府(?:主要负责同志|常务会议|党组)|县委县政府|区委区政府/g, weight: 1 },
];

/** The level the body's self-references point to, when they clearly point to one. */
export function levelFromBody(text: string): GovernmentLevel | undefined {
  const score = new Map<GovernmentLevel, number>();
  for (const c of CUES) {
    const n = text.match(c.re)?.length ?? 0;
    if (n) score.set(c.level, (score.get(c.level) ?? 0) + n * c.weight);
  }
  // A department names itself 我局/局党组 even while it writes 全市 about its field: those cues win.
  if ((score.get('department') ?? 0) >= 3) return 'department';
  let best: GovernmentLevel | undefined;
  let bestN = 0;
  for (const [level, n] of score) if (n > bestN) (best = level), (bestN = n);
  return bestN >= 2 ? best : undefined;
}

const ORG_END = '(?:人民政府|政府|分局|局|委员会|委|厅|部|办公室|办|中心|街道办事处|街道|镇|乡|区|县|市|州|盟|旗)';
/** "2023年，江海区坚持…" / "今年以来，某某县司法局深入…": the subject of the opening sentence. */
const OPENING_SUBJECT = new RegExp(
  `^(?:(?:19|20)\\d{2}\\s*年(?:度|以来)?|今年以来|一年来|近年来)?\\s*[,，]?\\s*((?:中共)?[\\u4e00-\\u9fa5]{2,24}?${ORG_END})(?:党组|党委)?(?:坚持|认真|深入|全面|始终|紧紧|紧扣|聚焦|围绕|以|在|按照|牢固|持续|扎实|积极)`,
);

export function issuerFromOpening(firstParagraph: string): string | undefined {
  const m = OPENING_SUBJECT.exec(firstParagraph.trim());
  if (!m) return undefined;
  const name = m[1];
  // "我局"/"我区" is a self-reference, not a name.
  return /^(?:我|本|全)/.test(name) || name.length < 3 ? undefined : name;
}

/** The signature at the end: an organisation name on its own line, followed by (or before) a date line. */
export function issuerFromSignature(lines: string[]): string | undefined {
  const tail = lines.slice(-4);
  for (let i = tail.length - 1; i >= 0; i--) {
    const l = tail[i].replace(/\s+/g, ' ').trim();
    if (l.length >= 3 && l.length <= 40 && new RegExp(`^[\\u4e00-\\u9fa5 ]+${ORG_END}$`).test(l) && governmentLevelOf(l)) return l;
  }
  return undefined;
}

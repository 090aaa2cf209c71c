/**
 * Part 1, in a child process of its own (one core, one thread): the engine scoring prepared reports in memory,
 * against its floor — one compiled RegExp of all the rubric's terms, run once (matchAll) over the same texts.
 * Engine and floor run in alternating blocks of the same reports, so a neighbour's load hits both alike.
 */
import { prepareText } from '../intake';
import type { PreparedReport } from '../intake/intake.types';
import { loadRubricDirectory } from '../rubric/rubric-loader';
import { compileRubric, resolveProfile, scanTerms, score } from '../scoring/engine';
import { readTexts } from './corpus';
import { distribution, now, RUBRIC_DIR, type Dist } from './util';

export interface EngineResult {
  reports: number;
  avgChars: number;
  terms: number;
  engine: { perSecond: number; totalMs: number; perReport: Dist };
  floor: { perSecond: number; totalMs: number; perReport: Dist; matches: number };
  /** the engine's own term scan (the trie walk inside score), for where the engine's time goes */
  scan: { perSecond: number; perReport: Dist; hits: number };
  ratio: number;
  prepareMs: number;
}

export function floorRegExp(terms: string[]): RegExp {
  const sorted = terms.slice().sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  return new RegExp(sorted.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
}

export function runEngineBench(args: { textsFile: string; n: number; block?: number }): EngineResult {
  const rubric = loadRubricDirectory(RUBRIC_DIR).current();
  const compiled = compileRubric(rubric);
  const re = floorRegExp(compiled.terms);
  const texts = readTexts(args.textsFile, args.n);
  const t0 = now();
  const reports: PreparedReport[] = texts.map((t) => prepareText(t));
  const prepareMs = now() - t0;
  const profiles = reports.map((r) => resolveProfile(r, rubric));
  const n = reports.length;

  let sink = 0;
  let matches = 0;
  let hits = 0;
  const engineOne = (i: number) => (sink += score(reports[i], rubric, profiles[i]).total);
  const floorOne = (i: number) => {
    for (const _ of reports[i].normalised.matchAll(re)) matches++;
  };
  const scanOne = (i: number) => (hits += scanTerms(compiled, reports[i].normalised).count);

  // warm up the JIT on every path first
  const warm = Math.min(n, 300);
  for (let round = 0; round < 2; round++)
    for (let i = 0; i < warm; i++) {
      engineOne(i);
      floorOne(i);
      scanOne(i);
    }
  matches = 0;
  hits = 0;

  const engineTimes = new Float64Array(n);
  const floorTimes = new Float64Array(n);
  const scanTimes = new Float64Array(n);
  const block = args.block ?? 500;
  for (let start = 0; start < n; start += block) {
    const end = Math.min(n, start + block);
    for (let i = start; i < end; i++) {
      const t = now();
      engineOne(i);
      engineTimes[i] = now() - t;
    }
    for (let i = start; i < end; i++) {
      const t = now();
      floorOne(i);
      floorTimes[i] = now() - t;
    }
    for (let i = start; i < end; i++) {
      const t = now();
      scanOne(i);
      scanTimes[i] = now() - t;
    }
  }
  const sum = (a: Float64Array) => a.reduce((s, x) => s + x, 0);
  const engineMs = sum(engineTimes);
  const floorMs = sum(floorTimes);
  if (sink === 0) throw new Error('engine produced no scores');
  return {
    reports: n,
    avgChars: reports.reduce((s, r) => s + r.normalised.length, 0) / n,
    terms: compiled.terms.length,
    engine: { perSecond: (n * 1000) / engineMs, totalMs: engineMs, perReport: distribution(engineTimes) },
    floor: { perSecond: (n * 1000) / floorMs, totalMs: floorMs, perReport: distribution(floorTimes), matches },
    scan: { perSecond: (n * 1000) / sum(scanTimes), perReport: distribution(scanTimes), hits },
    ratio: engineMs / floorMs,
    prepareMs,
  };
}

/** Scoring only, for `--cpu-prof`: the engine over the same reports for a few seconds. */
export function runEngineProfile(args: { textsFile: string; n: number; seconds: number }): { reports: number } {
  const rubric = loadRubricDirectory(RUBRIC_DIR).current();
  const reports = readTexts(args.textsFile, args.n).map((t) => prepareText(t));
  const profiles = reports.map((r) => resolveProfile(r, rubric));
  const t0 = now();
  let count = 0;
  while (now() - t0 < args.seconds * 1000) {
    for (let i = 0; i < reports.length; i++) score(reports[i], rubric, profiles[i]);
    count += reports.length;
  }
  return { reports: count };
}

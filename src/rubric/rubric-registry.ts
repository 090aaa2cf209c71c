/** Every loaded rubric version, and which of them scores a report. */
import { RubricNotFoundError, RubricValidationError } from './rubric-errors';
import { sha256 } from './rubric-schema';
import { compareSemver, parseRubricRef } from './rubric-version';
import type { RubricDefinition } from './rubric.types';

function hashOf(def: RubricDefinition): string {
  if (def.contentHash) return def.contentHash;
  const { file: _file, contentHash: _hash, ...content } = def;
  return sha256(JSON.stringify(content));
}

/** Every loaded rubric version, keyed by id@version. A published version is immutable. */
export class RubricRegistry {
  private readonly byId = new Map<string, Map<string, RubricDefinition>>();

  /** Adds a definition; the same id@version again is ignored when identical and an error when different. */
  add(def: RubricDefinition): this {
    let versions = this.byId.get(def.id);
    if (!versions) this.byId.set(def.id, (versions = new Map()));
    const existing = versions.get(def.version);
    if (existing) {
      if (hashOf(existing) === hashOf(def)) return this;
      throw new RubricValidationError(def.file ?? `${def.id}@${def.version}`, [
        {
          message:
            `${def.id}@${def.version} is already loaded from ${existing.file ?? 'another source'} with different content; ` +
            `a published version is immutable — give the changed rubric a new version`,
        },
      ]);
    }
    versions.set(def.version, def);
    return this;
  }

  /** all definitions, by id, then by version (semver, oldest first) */
  list(): RubricDefinition[] {
    const out: RubricDefinition[] = [];
    for (const id of [...this.byId.keys()].sort()) {
      const versions = [...this.byId.get(id)!.values()].sort((a, b) => compareSemver(a.version, b.version));
      out.push(...versions);
    }
    return out;
  }

  /** every profile name any loaded rubric declares, sorted: what --profile accepts */
  profileNames(): string[] {
    return [...new Set(this.list().flatMap((d) => Object.keys(d.profiles)))].sort();
  }

  /** `id@version` of every definition, in list() order */
  refs(): string[] {
    return this.list().map((d) => `${d.id}@${d.version}`);
  }

  get size(): number {
    let n = 0;
    for (const v of this.byId.values()) n += v.size;
    return n;
  }

  has(id: string, version?: string): boolean {
    const versions = this.byId.get(id);
    return !!versions && (version === undefined ? versions.size > 0 : versions.has(version));
  }

  /** the given version, or the latest by semver */
  get(id: string, version?: string): RubricDefinition {
    const versions = this.byId.get(id);
    if (!versions || versions.size === 0) {
      const known = [...this.byId.keys()].sort();
      throw new RubricNotFoundError(`rubric "${id}" not found; loaded: ${known.length ? known.join(', ') : 'none'}`);
    }
    if (version !== undefined) {
      const def = versions.get(version);
      if (!def) {
        const known = [...versions.keys()].sort(compareSemver);
        throw new RubricNotFoundError(`rubric ${id}@${version} not found; versions of ${id}: ${known.join(', ')}`);
      }
      return def;
    }
    return [...versions.values()].reduce((a, b) => (compareSemver(b.version, a.version) > 0 ? b : a));
  }

  /** The latest version of every rubric id, in id order: the candidates when a report's year chooses. */
  latestVersions(): RubricDefinition[] {
    return [...this.byId.keys()].sort().map((id) => this.get(id));
  }

  /**
   * The rubric used when none is named: the latest version of the rubric whose period ends last; when no rubric
   * declares a period, the only rubric id loaded. Which rubric applies is data, never an id in code.
   */
  current(): RubricDefinition {
    return currentOf(this.latestVersions());
  }

  /**
   * The rubric for a report: the one named (`id` or `id@version`) wins; else the latest version of the rubric
   * whose period covers the report year; else the current one, with a note for the card saying why.
   */
  select(ref: string | undefined, year: number | null | undefined): RubricSelection {
    if (ref !== undefined && ref.trim() !== '') return { rubric: this.resolve(ref) };
    return selectByYear(this.latestVersions(), year);
  }

  /** `id`, `id@version`, or undefined for current() */
  resolve(ref?: string): RubricDefinition {
    if (ref === undefined || ref.trim() === '') return this.current();
    const { id, version } = parseRubricRef(ref);
    return this.get(id, version);
  }
}

/** A rubric chosen for a report, and the line for its card when the report's year did not choose it. */
export interface RubricSelection {
  rubric: RubricDefinition;
  note?: string;
}

/** RubricRegistry.current() over a list of candidates (the latest version of each id). */
export function currentOf(latest: readonly RubricDefinition[]): RubricDefinition {
  const dated = latest.filter((d) => d.period);
  if (dated.length) return dated.reduce((a, b) => (b.period!.to > a.period!.to || (b.period!.to === a.period!.to && b.period!.from > a.period!.from) ? b : a));
  if (latest.length === 1) return latest[0];
  throw new RubricNotFoundError(
    latest.length === 0
      ? 'no rubric loaded'
      : `no current rubric: none of the loaded rubrics declares a period and several are loaded (${latest.map((d) => d.id).join(', ')}); name one`,
  );
}

/**
 * The rule every way of scoring shares (single reports, batches, re-scores, the CLI's worker threads, which get
 * the candidates rather than the registry): the rubric whose period covers the year, else the current one with
 * a note saying why.
 */
export function selectByYear(latest: readonly RubricDefinition[], year: number | null | undefined): RubricSelection {
  if (typeof year === 'number') {
    const covering = latest.filter((d) => d.period && d.period.from <= year && year <= d.period.to);
    if (covering.length) return { rubric: covering.reduce((a, b) => (b.period!.from > a.period!.from ? b : a)) };
  }
  const rubric = currentOf(latest);
  if (!rubric.period) return { rubric };
  const span = `适用${rubric.period.from}—${rubric.period.to}年度报告`;
  const note =
    typeof year === 'number'
      ? `报告年度${year}年不在已加载评分细则的适用期内，按最新的评分细则 ${rubric.id}@${rubric.version}（${span}）评分。`
      : `未识别报告年度，按最新的评分细则 ${rubric.id}@${rubric.version}（${span}）评分。`;
  return { rubric, note };
}

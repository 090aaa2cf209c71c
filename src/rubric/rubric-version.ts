/** Semantic versions and `id@version` references of rubrics. */
import { InvalidRubricRefError } from './rubric-errors';

// semver

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export function isSemver(version: string): boolean {
  return SEMVER.test(version);
}

/** semver precedence (build metadata ignored); both must be valid semver */
export function compareSemver(a: string, b: string): number {
  const ma = SEMVER.exec(a);
  const mb = SEMVER.exec(b);
  if (!ma || !mb) throw new RangeError(`not a semantic version: ${!ma ? a : b}`);
  for (let i = 1; i <= 3; i++) {
    const d = Number(ma[i]) - Number(mb[i]);
    if (d !== 0) return Math.sign(d);
  }
  const pa = ma[4];
  const pb = mb[4];
  if (pa === undefined || pb === undefined) return pa === pb ? 0 : pa === undefined ? 1 : -1;
  const xa = pa.split('.');
  const xb = pb.split('.');
  for (let i = 0; i < Math.max(xa.length, xb.length); i++) {
    if (xa[i] === undefined) return -1;
    if (xb[i] === undefined) return 1;
    const na = /^\d+$/.test(xa[i]);
    const nb = /^\d+$/.test(xb[i]);
    if (na && nb) {
      const d = Number(xa[i]) - Number(xb[i]);
      if (d !== 0) return Math.sign(d);
    } else if (na !== nb) {
      return na ? -1 : 1;
    } else if (xa[i] !== xb[i]) {
      return xa[i] < xb[i] ? -1 : 1;
    }
  }
  return 0;
}

// references

export interface RubricRef {
  id: string;
  version?: string;
}

export const RUBRIC_ID = /^[a-z0-9][a-z0-9._-]*$/;

/** `outline-2021-2025` or `outline-2021-2025@1.0.0` */
export function parseRubricRef(ref: string): RubricRef {
  const text = ref.trim();
  const at = text.indexOf('@');
  const id = at < 0 ? text : text.slice(0, at);
  const version = at < 0 ? undefined : text.slice(at + 1);
  if (!RUBRIC_ID.test(id)) {
    throw new InvalidRubricRefError(`invalid rubric reference "${ref}": expected ID or ID@VERSION, e.g. outline-2021-2025@1.0.0`);
  }
  if (version !== undefined && !isSemver(version)) {
    throw new InvalidRubricRefError(`invalid rubric reference "${ref}": version "${version}" is not a semantic version (e.g. 1.0.0)`);
  }
  return version === undefined ? { id } : { id, version };
}

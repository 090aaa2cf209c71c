/**
 * Reads a V8 .cpuprofile (from `node --cpu-prof` or the probe) and lists where the time went: self time per
 * function, and per source file, as shares of all samples.
 */
import * as fs from 'node:fs';
import { ROOT } from './util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

export interface HotSpot {
  name: string;
  where: string;
  share: number;
}

export interface ProfileSummary {
  file: string;
  functions: HotSpot[];
  files: HotSpot[];
}

function shortUrl(url: string): string {
  const u = url.replace(/^file:\/\//, '');
  const nm = u.lastIndexOf('node_modules/');
  if (nm >= 0) return u.slice(nm + 'node_modules/'.length);
  return u.startsWith(ROOT) ? u.slice(ROOT.length + 1) : u.replace(/^.*\/dist\//, 'dist/') || '(native)';
}

export function summariseProfile(file: string, top = 12): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples?: number[] };
  const hits = new Map<number, number>();
  if (profile.samples?.length) for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  else for (const n of profile.nodes) hits.set(n.id, n.hitCount ?? 0);
  let total = 0;
  const byFunction = new Map<string, { name: string; where: string; n: number }>();
  const byFile = new Map<string, number>();
  for (const node of profile.nodes) {
    const n = hits.get(node.id) ?? 0;
    if (!n) continue;
    total += n;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '(native)';
    const name = functionName || '(anonymous)';
    const key = `${name}@${where}`;
    const entry = byFunction.get(key) ?? { name, where, n: 0 };
    entry.n += n;
    byFunction.set(key, entry);
    const f = url ? shortUrl(url) : name.startsWith('(') ? name : '(native)';
    byFile.set(f, (byFile.get(f) ?? 0) + n);
  }
  const functions = [...byFunction.values()]
    .sort((a, b) => b.n - a.n)
    .slice(0, top)
    .map((e) => ({ name: e.name, where: e.where, share: e.n / total }));
  const files = [...byFile.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([where, n]) => ({ name: where, where, share: n / total }));
  return { file, functions, files };
}

export function latestProfile(dir: string, prefix = ''): string | null {
  if (!fs.existsSync(dir)) return null;
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile') && f.startsWith(prefix))
    .map((f) => `${dir}/${f}`)
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  return files[0] ?? null;
}

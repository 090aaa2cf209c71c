/**
 * Parsed rubric YAML, cached on disk by the sha256 of the text. The `yaml` package takes 100–300 ms to parse the
 * 56 KB outline rubric (more than everything else `scorecard check` does on a .txt), and a command-line run
 * parses it on every start. Only what parsed without errors is cached, and only the plain data (`toJS()`):
 * validation runs on it every time, so a cache hit gives exactly the definition and the messages a fresh parse
 * would. The entries are v8-serialised (NaN, Infinity and dates survive, which JSON would not keep).
 *
 * The cache lives in the user's cache directory (XDG_CACHE_HOME or ~/.cache), falling back to a per-user
 * directory under the temp dir; RUBRIC_CACHE=off disables it. Any failure to read or write it is ignored:
 * the cache can only make loading faster, never make it fail.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deserialize, serialize } from 'node:v8';

/** Bumped when what is cached changes shape (or the parse options change). */
const FORMAT = 'yaml-tojs-1';

function cacheDir(env: NodeJS.ProcessEnv): string | null {
  if ((env.RUBRIC_CACHE ?? '').trim().toLowerCase() === 'off') return null;
  const base = env.XDG_CACHE_HOME?.trim() || (os.homedir() ? path.join(os.homedir(), '.cache') : '');
  if (base) return path.join(base, 'fazhi-scorecard', 'rubrics');
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return path.join(os.tmpdir(), `fazhi-scorecard-${uid}`, 'rubrics');
}

function yamlVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('yaml/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** `parse()`'s result for this text: from the cache when this exact text was parsed before, else parsed and stored. */
export function cachedYamlData(text: string, parse: () => { ok: true; data: unknown } | { ok: false }, env: NodeJS.ProcessEnv = process.env): { ok: true; data: unknown } | { ok: false } {
  const dir = cacheDir(env);
  if (!dir) return parse();
  const key = createHash('sha256').update(`${FORMAT}\0${yamlVersion()}\0`).update(text, 'utf8').digest('hex');
  const file = path.join(dir, `${key}.v8`);
  try {
    return { ok: true, data: deserialize(fs.readFileSync(file)) };
  } catch {
    // not cached yet (or unreadable): parse
  }
  const parsed = parse();
  if (parsed.ok) {
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      // written aside and renamed, so a reader in another process never sees half a file
      const partial = `${file}.${process.pid}.${Date.now()}.tmp`;
      fs.writeFileSync(partial, serialize(parsed.data), { mode: 0o600 });
      fs.renameSync(partial, file);
    } catch {
      // a read-only home or a full disk: run without the cache
    }
  }
  return parsed;
}

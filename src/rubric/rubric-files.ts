/** Rubric files on disk: one file, or every *.yaml under a directory into a registry. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { RubricValidationError } from './rubric-errors';
import { RubricRegistry } from './rubric-registry';
import { parseRubric } from './rubric-schema';
import type { RubricDefinition } from './rubric.types';

/**
 * `<package root>/rubrics`: this file compiles to dist/rubric/ and runs from src/rubric/ under ts-jest, both two
 * levels below the root. `RUBRIC_DIR` lets a deployment keep rubrics outside the package.
 */
export function defaultRubricDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.RUBRIC_DIR?.trim();
  return override ? resolve(override) : resolve(__dirname, '..', '..', 'rubrics');
}
export const DEFAULT_RUBRIC_DIR = defaultRubricDir();

/** How a path is shown in messages: relative to the working directory when under it, as given otherwise. */
function displayPath(path: string): string {
  const abs = resolve(path);
  const rel = relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}

export function loadRubricFile(path: string): RubricDefinition {
  const file = displayPath(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new RubricValidationError(file, [{ message: `cannot read the file: ${(err as Error).message}` }]);
  }
  return parseRubric(text, file);
}

const RUBRIC_FILE = /\.ya?ml$/i;

function listRubricFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    // sorted so that the same directory always loads, and fails, in the same order
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.')) continue;
      const full = join(d, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else if (st.isFile() && RUBRIC_FILE.test(name)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

/** Every `*.yaml` / `*.yml` under `dir`, recursively. The first bad file throws; an empty directory is an error. */
export function loadRubricDirectory(dir: string = DEFAULT_RUBRIC_DIR): RubricRegistry {
  const shown = displayPath(dir);
  let files: string[];
  try {
    files = listRubricFiles(dir);
  } catch (err) {
    throw new RubricValidationError(shown, [{ message: `cannot read the rubric directory: ${(err as Error).message}` }]);
  }
  if (files.length === 0) throw new RubricValidationError(shown, [{ message: 'no rubric files (*.yaml, *.yml) found' }]);
  const registry = new RubricRegistry();
  for (const f of files) registry.add(loadRubricFile(f));
  return registry;
}

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadRubricFile, parseRubric } from './rubric-loader';
import { cachedYamlData } from './yaml-cache';

const RUBRIC = path.join(__dirname, '..', '..', 'rubrics', 'outline-2021-2025.yaml');

describe('cached rubric YAML', () => {
  let dir: string;
  const saved = { XDG_CACHE_HOME: process.env.XDG_CACHE_HOME, RUBRIC_CACHE: process.env.RUBRIC_CACHE };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzs-yaml-cache-'));
    process.env.XDG_CACHE_HOME = dir;
    delete process.env.RUBRIC_CACHE;
  });
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const cached = () => fs.readdirSync(path.join(dir, 'fazhi-scorecard', 'rubrics'));

  it('gives the same definition from the cache as from a fresh parse', () => {
    const first = loadRubricFile(RUBRIC);
    expect(cached()).toHaveLength(1);
    const second = loadRubricFile(RUBRIC);
    process.env.RUBRIC_CACHE = 'off';
    const fresh = loadRubricFile(RUBRIC);
    expect(second).toEqual(fresh);
    expect(first).toEqual(fresh);
  });

  it('parses again when the cached entry is unreadable', () => {
    loadRubricFile(RUBRIC);
    const [entry] = cached();
    fs.writeFileSync(path.join(dir, 'fazhi-scorecard', 'rubrics', entry), 'not v8 data');
    let parses = 0;
    const text = fs.readFileSync(RUBRIC, 'utf8');
    const result = cachedYamlData(text, () => (parses++, { ok: true, data: { again: true } }));
    expect(parses).toBe(1);
    expect(result).toEqual({ ok: true, data: { again: true } });
  });

  it('never caches a syntax error: the same bad text fails the same way twice', () => {
    const bad = 'id: x\nitems: [\n';
    const message = () => {
      try {
        parseRubric(bad, 'bad.yaml');
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    };
    const once = message();
    expect(once).toMatch(/YAML syntax error/);
    expect(message()).toBe(once);
    expect(fs.existsSync(path.join(dir, 'fazhi-scorecard', 'rubrics')) ? cached() : []).toHaveLength(0);
  });
});

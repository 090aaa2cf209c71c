/** The console talks to the API only through the generated client: no fetch of its own, no response shape by hand. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './support/test-app';

const WEB = path.join(ROOT, 'web', 'src');
const sources = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []));

describe('console API access', () => {
  const files = sources(WEB).map((file) => ({ file: path.relative(ROOT, file), text: fs.readFileSync(file, 'utf8') }));

  it('reads web/src', () => expect(files.map((f) => f.file)).toContain('web/src/api/models.ts'));

  it('calls no fetch() and imports nothing of the server', () => {
    expect(files.filter((f) => /\bfetch\(/.test(f.text)).map((f) => f.file)).toEqual([]);
    expect(files.filter((f) => /from '(\.\.\/)+src\//.test(f.text)).map((f) => f.file)).toEqual([]);
  });

  it('takes every API shape from the generated schemas', () => {
    const models = files.find((f) => f.file === 'web/src/api/models.ts')!.text;
    expect(models).not.toMatch(/\binterface\b/);
    const declared = [...models.matchAll(/^export type (\w+)(?:<[^>]*>)? = (.+);$/gm)];
    // every alias of the file is one of those read here, so none escapes the check below
    expect(declared.map(([line]) => line)).toEqual(models.split('\n').filter((line) => /^export type /.test(line)));
    // a schema, or a part of another alias of this file (ItemResult['status'])
    const fromSchema = /^Schemas\['\w+'\]( \| Schemas\['\w+'\])*$|^(NonNullable<)?\w+\['\w+'\]>?$/;
    expect(declared.filter(([, , shape]) => !fromSchema.test(shape)).map(([line]) => line)).toEqual([]);
    expect(models).not.toMatch(/=\s*\{/);
  });
});

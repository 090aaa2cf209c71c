/**
 * `scorecard check` loads only what a file needs (issue 16: a draft in a blink). Which packages a run loads is
 * observable and stable, unlike its time: a require hook lists them, and the heavy ones must stay out.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPORT_FIXTURES, ROOT, tempDir } from './support/test-app';

const DIST = path.join(ROOT, 'dist');
const TXT = path.join(REPORT_FIXTURES, '000_461a89b47b0cee9b.txt');
const HEAVY = ['@nestjs/core', '@nestjs/common', 'typeorm', 'sqlite3', 'pg', 'bullmq', 'ioredis', 'exceljs', 'unpdf', 'mammoth', 'cheerio', 'linkedom', '@mozilla/readability', '@gutenye/ocr-node', 'chardet', 'iconv-lite'];

/** Runs the built CLI (or `node ARGS` with `node: true`) with a hook that writes every package it requires to a file; returns those packages. */
function packagesLoaded(args: string[], node = false): { code: number | null; stdout: string; packages: Set<string> } {
  const dir = tempDir('fzs-startup-');
  const list = path.join(dir, 'loaded.txt');
  const hook = path.join(dir, 'hook.js');
  fs.writeFileSync(
    hook,
    `const Module = require('module'); const fs = require('fs'); const seen = new Set(); const load = Module._load;
     Module._load = function (request) { if (!request.startsWith('.') && !request.startsWith('/') && !request.startsWith('node:')) seen.add(request.split('/').slice(0, request.startsWith('@') ? 2 : 1).join('/')); return load.apply(this, arguments); };
     process.on('exit', () => fs.writeFileSync(${JSON.stringify(list)}, [...seen].join('\\n')));`,
  );
  const result = spawnSync(process.execPath, ['-r', hook, ...(node ? [] : [path.join(DIST, 'cli/main.js')]), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent' }, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, packages: new Set(fs.readFileSync(list, 'utf8').split('\n').filter(Boolean)) };
}

describe('scorecard check start-up', () => {
  it('scores a UTF-8 .txt without loading Nest, a database, a queue, charset detection or any document extractor', () => {
    const { code, stdout, packages } = packagesLoaded(['check', '--json', TXT]);
    expect(code).toBe(0);
    // the card of that report: 广州市增城区司法局's 2024 report, scored as a department
    const card = JSON.parse(stdout);
    expect({ year: card.report.year, profile: card.profile, total: typeof card.total }).toEqual({ year: 2024, profile: 'department', total: 'number' });
    expect(HEAVY.filter((p) => packages.has(p))).toEqual([]);
  });

  it('loads the HTML extractor when the file is a web page, and still not the others', () => {
    const html = fs.readdirSync(path.join(ROOT, 'test/fixtures/variants')).find((f) => f.endsWith('.html'))!;
    const { code, packages } = packagesLoaded(['check', '--json', path.join(ROOT, 'test/fixtures/variants', html)]);
    expect(code).toBe(0);
    expect(packages.has('cheerio')).toBe(true);
    expect(['typeorm', 'unpdf', 'mammoth', '@nestjs/core'].filter((p) => packages.has(p))).toEqual([]);
  });
});

describe('API and worker start-up', () => {
  it('loads no document extractor, Word builder or spreadsheet package until a request or job needs one', () => {
    // the module graph both processes load at start (src/main.ts and src/worker.ts import AppModule)
    const { code, packages } = packagesLoaded(['-e', `require(${JSON.stringify(path.join(DIST, 'app.module.js'))})`], true);
    expect(code).toBe(0);
    expect(packages.has('@nestjs/core')).toBe(true);
    const lazy = ['docx', 'exceljs', 'cheerio', 'linkedom', '@mozilla/readability', 'undici', 'fast-xml-parser', 'unpdf', 'mammoth', '@gutenye/ocr-node', '@napi-rs/canvas', 'chardet'];
    expect(lazy.filter((p) => packages.has(p))).toEqual([]);
  });
});

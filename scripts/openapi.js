#!/usr/bin/env node
// `npm run openapi`: writes the API contract the built app serves at /docs-json to openapi.json (keys sorted,
// pretty-printed, so a route change is a readable diff in review) and the typed client's paths to
// client/schema.d.ts. Needs neither Redis nor a database server: inline queue and a throwaway SQLite file.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const OPENAPI_FILE = path.join(root, 'openapi.json');
const SCHEMA_FILE = path.join(root, 'client', 'schema.d.ts');

/** Objects with their keys in code-point order at every depth; arrays keep their order (it means something). */
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys(value[key])]));
}

async function servedDocument() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzs-openapi-'));
  Object.assign(process.env, { DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`, QUEUE_MODE: 'inline', LOG_LEVEL: 'silent' });
  const { appOptions, configOrExit, createHttpApp } = require(path.join(root, 'dist', 'bootstrap'));
  const app = await createHttpApp(await appOptions(configOrExit(), false));
  try {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address();
    const response = await fetch(`http://127.0.0.1:${port}/docs-json`);
    if (!response.ok) throw new Error(`/docs-json answered ${response.status}`);
    return await response.json();
  } finally {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build-if-needed.js')], { cwd: root, stdio: 'inherit' });
  const document = sortKeys(await servedDocument());
  fs.writeFileSync(OPENAPI_FILE, `${JSON.stringify(document, null, 2)}\n`);
  fs.mkdirSync(path.dirname(SCHEMA_FILE), { recursive: true });
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'), OPENAPI_FILE, '--output', SCHEMA_FILE], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  process.stderr.write(`wrote ${path.relative(root, OPENAPI_FILE)} and ${path.relative(root, SCHEMA_FILE)}\n`);
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`openapi: ${error.stack ?? error.message}\n`);
    process.exit(1);
  });
}

module.exports = { sortKeys, OPENAPI_FILE, SCHEMA_FILE };

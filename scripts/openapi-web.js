#!/usr/bin/env node
// Interim (until the committed openapi.json of issue 11): the OpenAPI document as the built app serves it at
// /docs-json, written to a file so openapi-typescript can generate web/src/api/schema.d.ts from it.
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');

async function main() {
  const out = process.argv[2] ?? path.join(os.tmpdir(), 'fzs-openapi.json');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzs-openapi-'));
  process.env.DATABASE_URL = `sqlite:${path.join(dir, 'db.sqlite')}`;
  process.env.QUEUE_MODE = 'inline';
  process.env.LOG_LEVEL = 'silent';
  const { appOptions, configOrExit, createHttpApp } = require('../dist/bootstrap');
  const app = await createHttpApp(await appOptions(configOrExit(), false));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address();
  const doc = await (await fetch(`http://127.0.0.1:${port}/docs-json`)).text();
  fs.writeFileSync(out, doc);
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});

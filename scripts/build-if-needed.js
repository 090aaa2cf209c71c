#!/usr/bin/env node
// Builds dist/ (the API, CLI and worker) and web/dist/ (the console) when either is missing or older than its
// sources, so `npm start` and `npm run scorecard` work straight after `npm ci` and stay quick when nothing changed.
const fs = require('node:fs');
const path = require('node:path');
const { execSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');

function newestSource(dir, extensions) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'dist' && entry.name !== 'node_modules') newest = Math.max(newest, newestSource(full, extensions));
    } else if (extensions.some((ext) => entry.name.endsWith(ext))) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}
const mtime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);

function buildIfOlder(stamp, sources, command, what) {
  if (mtime(stamp) >= sources) return;
  process.stderr.write(`building ${what} ...\n`);
  execSync(command, { cwd: root, stdio: ['ignore', process.stderr, 'inherit'] });
  fs.utimesSync(stamp, new Date(), new Date());
}

buildIfOlder(
  path.join(root, 'dist', 'main.js'),
  Math.max(newestSource(path.join(root, 'src'), ['.ts', '.mjs']), mtime(path.join(root, 'tsconfig.json'))),
  'npx nest build',
  'dist/',
);
const web = path.join(root, 'web');
if (fs.existsSync(path.join(web, 'index.html'))) {
  buildIfOlder(
    path.join(web, 'dist', 'index.html'),
    // the console is typed by the generated client (client/ from openapi.json)
    Math.max(newestSource(web, ['.ts', '.tsx', '.css', '.html', '.json', '.svg', '.png']), newestSource(path.join(root, 'client'), ['.ts']), mtime(path.join(root, 'vite.config.mts'))),
    'npm run --silent build:web',
    'web/dist/ (the console)',
  );
}

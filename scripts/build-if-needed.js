#!/usr/bin/env node
// Builds dist/ when it is missing or older than any source file, so `npm start` and `npm run scorecard`
// work straight after `npm ci` and stay quick when nothing changed.
const fs = require('node:fs');
const path = require('node:path');
const { execSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const stamp = path.join(root, 'dist', 'main.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
const sources = Math.max(newestSource(path.join(root, 'src')), fs.statSync(path.join(root, 'tsconfig.json')).mtimeMs);
if (built < sources) {
  process.stderr.write('building dist/ ...\n');
  execSync('npx nest build', { cwd: root, stdio: ['ignore', process.stderr, 'inherit'] });
  fs.utimesSync(stamp, new Date(), new Date());
}

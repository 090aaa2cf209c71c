#!/usr/bin/env node
// The registry this project installs from does not serve every platform build of some optional native
// packages (msgpackr-extract for macOS/Windows, unrs-resolver for Android/FreeBSD/...). `npm install` then
// leaves them out of package-lock.json and `npm ci` refuses the lock as out of sync. This adds a stub entry,
// with the os/cpu the package's name declares, for each optional dependency the lock lacks, so `npm ci` sees
// a complete lock and skips them on this platform as it would anyway. Run it after `npm install`.
const fs = require('node:fs');
const path = require('node:path');

const file = path.resolve(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const OS = ['darwin', 'win32', 'linux', 'android', 'freebsd', 'openharmony', 'netbsd', 'openbsd', 'sunos', 'aix'];
const CPU = ['arm64', 'x64', 'arm', 'ia32', 'loong64', 'ppc64', 'riscv64', 's390x', 'wasm32'];

let added = 0;
for (const [where, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${where ? `${where}/` : ''}node_modules/${name}`;
    if (lock.packages[nested] || lock.packages[`node_modules/${name}`]) continue;
    const parts = name.split(/[/-]/);
    const stub = { version: version.replace(/^[\^~]/, ''), optional: true };
    const os = OS.find((o) => parts.includes(o));
    const cpu = CPU.find((c) => parts.includes(c));
    if (os) stub.os = [os];
    if (cpu) stub.cpu = [cpu];
    if (parts.includes('musl')) stub.libc = ['musl'];
    else if (parts.includes('gnu') && os === 'linux') stub.libc = ['glibc'];
    lock.packages[`node_modules/${name}`] = stub;
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`package-lock.json: ${added} stub entries for optional platform packages\n`);

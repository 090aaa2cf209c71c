#!/usr/bin/env node
// `npm test` talks to the real Redis and PostgreSQL: make sure both answer before Jest starts. A service that is
// installed but stopped is started with the same command the project machines use; one that is missing is named
// in one line with how to get it, and the tests do not start.
const net = require('node:net');
const { execSync } = require('node:child_process');

const REDIS_START =
  'mkdir -p /var/lib/redis /var/log/redis && redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log';
const PG_START = 'pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start';

const SERVICES = [
  { name: 'Redis', port: 6379, binary: 'redis-server', start: REDIS_START, install: 'apt-get install -y redis-server' },
  { name: 'PostgreSQL', port: 5432, binary: 'pg_ctlcluster', start: PG_START, install: 'apt-get install -y postgresql' },
];

function answers(port, timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function installed(binary) {
  try {
    execSync(`command -v ${binary}`, { stdio: 'ignore', shell: '/bin/sh' });
    return true;
  } catch {
    return false;
  }
}

async function ensure(service) {
  if (await answers(service.port)) return true;
  if (!installed(service.binary)) {
    process.stderr.write(`${service.name} is not running on 127.0.0.1:${service.port} and not installed: ${service.install}\n`);
    return false;
  }
  process.stderr.write(`starting ${service.name} ...\n`);
  try {
    execSync(service.start, { stdio: 'ignore', shell: '/bin/bash' });
  } catch {
    /* the wait below says whether it came up */
  }
  for (let i = 0; i < 50; i++) {
    if (await answers(service.port)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  process.stderr.write(`${service.name} did not answer on 127.0.0.1:${service.port} after: ${service.start}\n`);
  return false;
}

(async () => {
  let ok = true;
  for (const service of SERVICES) ok = (await ensure(service)) && ok;
  process.exit(ok ? 0 : 1);
})();

// Every way of running the tests (npm test, npx jest, an editor's runner) needs Node's VM-modules flag: unpdf
// loads pdf.js as an ES module, which Jest can only do with it. Without it, run this same command again with it.
const VM_MODULES = '--experimental-vm-modules';
if (!process.execArgv.includes(VM_MODULES) && !(process.env.NODE_OPTIONS ?? '').split(/\s+/).includes(VM_MODULES)) {
  const { spawnSync } = require('node:child_process');
  const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${VM_MODULES}`.trim() };
  const run = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env });
  process.exit(run.status ?? 1);
}

// Unit specs sit beside their code (src, *.spec.ts); e2e specs under test/ (*.e2e-spec.ts) boot the real app.
const tsJest = ['ts-jest', { tsconfig: { isolatedModules: true } }];
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': tsJest },
  moduleFileExtensions: ['ts', 'js', 'json'],
};
module.exports = {
  testTimeout: 180_000,
  projects: [
    { ...common, displayName: 'unit', rootDir: '.', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', rootDir: '.', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'], globalSetup: '<rootDir>/test/support/global-setup.js' },
  ],
};

// The layers of src/ (README "How it is built"): entry points → features → shared cores → ground.
// Imports point down only, and no module or folder imports itself back through others.
const ENTRY = '^src/(main|worker|bootstrap|app\\.module|schema)\\.ts$|^src/cli/|^src/bench/';
const FEATURES = '^src/(reports|scoring|batches|auth|health|documents|console|queue|rubrics|intake-pool)/';
const CORES = '^src/(intake|rubric)/|^src/scoring/engine/';
const GROUND = '^src/(config|database|common)/';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'a module cycle', from: {}, to: { circular: true } },
    { name: 'no-folder-cycles', severity: 'error', scope: 'folder', comment: 'two folders importing each other', from: {}, to: { circular: true } },
    { name: 'ground-imports-nothing-above', severity: 'error', from: { path: GROUND }, to: { path: [ENTRY, FEATURES, CORES] } },
    { name: 'cores-import-only-cores-and-ground', severity: 'error', from: { path: CORES }, to: { path: [ENTRY, FEATURES], pathNot: CORES } },
    { name: 'features-do-not-import-entry-points', severity: 'error', from: { path: FEATURES }, to: { path: ENTRY } },
    { name: 'engine-is-pure', severity: 'error', comment: 'the scoring engine knows no Nest and no I/O libraries',
      from: { path: '^src/scoring/engine/' }, to: { path: '^node_modules/(@nestjs|typeorm|bullmq|ioredis|pg|sqlite3)/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};

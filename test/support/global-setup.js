// e2e specs spawn the built CLI, API and worker as real processes: build once before they run.
const { execSync } = require('node:child_process');
const path = require('node:path');

module.exports = async () => {
  execSync('node scripts/build-if-needed.js', { cwd: path.resolve(__dirname, '../..'), stdio: 'inherit' });
};

/**
 * `npm run test:browser`: the browser tests of the console and of the buyer app, in one jest run
 * (one PostgreSQL, one summary). One worker: each test file drives a browser and an app, and two
 * shared cores are all a CI machine has. Each project's global setup builds its app, for the
 * projects that have tests to run: `npm run test:browser -- clients/buyer` builds only the buyer.
 */
const path = require('node:path');

/** A project's own config without the run-wide options jest refuses in a project (maxWorkers). */
function project(file) {
  const { maxWorkers: _maxWorkers, ...config } = require(path.join(__dirname, file));
  return config;
}

module.exports = {
  projects: [project('console/e2e/jest.config.cjs'), project('buyer/e2e/jest.config.cjs')],
  maxWorkers: 1,
  // Run-wide as well: jest takes the test timeout from the root config of a multi-project run.
  testTimeout: 120_000,
};

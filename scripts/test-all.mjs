#!/usr/bin/env node
/**
 * `npm test`: every test of the repository, in three runs, in this order:
 *   1. the server suite (real PostgreSQL),
 *   2. the clients' unit tests (clients/shared, clients/console and clients/buyer, jsdom),
 *   3. the browser tests of the console and of the buyer app (real Chromium against the real
 *      server; clients/browser.jest.config.cjs, whose global setups build both apps).
 * Each run prints as usual; each also writes jest's JSON results, which this script adds up into
 * ONE last line, `N passed, N failed`, the line CI reads (.ci/run). A run that crashes before
 * reporting (a global set-up failing, a missing browser) counts as one failure. Exits 1 if any
 * run failed. Every run goes ahead even when an earlier one failed: one report, all the failures.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Next.js (the buyer app's build in the browser run's global setup) sends no usage data.
process.env.NEXT_TELEMETRY_DISABLED ??= '1';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDirectory = path.join(root, '.test-results');
const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
// The server's dependencies include ES modules that jest loads only with vm modules on.
const nodeArguments = ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning'];
/**
 * A run stuck for this long is stopped and counted as failed: the server suite takes ~10 min on 2
 * idle cores and several times that on a busy machine; CI gives the whole of .ci/run 90 min.
 */
const runTimeoutMs = 60 * 60_000;

const runs = [
  { name: 'server', cwd: path.join(root, 'server'), arguments: [] },
  {
    name: 'clients',
    cwd: root,
    arguments: [
      '--projects',
      'clients/shared/jest.config.cjs',
      'clients/console/jest.config.cjs',
      'clients/buyer/jest.config.cjs',
      '--passWithNoTests',
    ],
  },
  { name: 'browser', cwd: root, arguments: ['-c', 'clients/browser.jest.config.cjs'] },
];

/** Tests passed and failed in jest's JSON results; a suite that could not run counts as one failure. */
function countResults(file) {
  if (!fs.existsSync(file)) return null;
  const results = JSON.parse(fs.readFileSync(file, 'utf8'));
  return {
    passed: results.numPassedTests,
    failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
  };
}

fs.mkdirSync(resultsDirectory, { recursive: true });
const summaries = [];
for (const run of runs) {
  const outputFile = path.join(resultsDirectory, `${run.name}.json`);
  fs.rmSync(outputFile, { force: true });
  process.stdout.write(`\n==== ${run.name} tests ====\n`);
  const started = Date.now();
  const child = spawnSync(
    process.execPath,
    [...nodeArguments, jest, ...run.arguments, '--json', `--outputFile=${outputFile}`],
    { cwd: run.cwd, stdio: 'inherit', timeout: runTimeoutMs },
  );
  const counted = countResults(outputFile) ?? { passed: 0, failed: 0 };
  const exitedCleanly = child.status === 0;
  // A non-zero exit with no failed test (a crash, a timeout, a failed global set-up) is a failure.
  if (!exitedCleanly && counted.failed === 0) counted.failed = 1;
  const seconds = Math.round((Date.now() - started) / 1000);
  summaries.push({ name: run.name, ...counted, seconds });
}

process.stdout.write('\n');
for (const summary of summaries) {
  process.stdout.write(
    `${summary.name}: ${summary.passed} passed, ${summary.failed} failed (${summary.seconds} s)\n`,
  );
}
const passed = summaries.reduce((total, summary) => total + summary.passed, 0);
const failed = summaries.reduce((total, summary) => total + summary.failed, 0);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exitCode = failed === 0 ? 0 : 1;

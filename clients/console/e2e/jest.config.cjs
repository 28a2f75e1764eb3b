/**
 * Browser tests of the console (`*.browser.test.ts`): real Chromium against the real API on the
 * run's embedded PostgreSQL. Node environment; the server's TypeScript transform (decorators) and
 * set-up, since the tests start the server's app in-process. One worker: each test file drives a
 * browser and an app, and two shared cores are all a CI machine has.
 */
const path = require('node:path');

const server = path.resolve(__dirname, '..', '..', '..', 'server');
const serverConfig = require(path.join(server, 'jest.config.js'));

module.exports = {
  displayName: 'browser',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.browser.test.ts'],
  transform: serverConfig.transform,
  globalSetup: '<rootDir>/global-setup.ts',
  globalTeardown: path.join(server, 'test', 'global-teardown.ts'),
  setupFiles: [path.join(server, 'test', 'setup-env.ts')],
  // Closes a browser a test file left open when its stack failed to start (jest would not exit).
  setupFilesAfterEnv: [path.join(__dirname, '..', '..', 'console', 'e2e', 'close-stray-browsers.ts')],
  testTimeout: 120_000,
  maxWorkers: 1,
};

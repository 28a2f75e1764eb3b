/**
 * Browser tests of the buyer app (`*.browser.test.ts`): real Chromium against the buyer app's
 * server (a child process) and the real API (in-process) on the run's embedded PostgreSQL. Node
 * environment; the server's TypeScript transform (decorators) and set-up, as the console's browser
 * tests (clients/console/e2e/jest.config.cjs). `npm run test:browser` runs both projects with one
 * worker (clients/browser.jest.config.cjs).
 */
const path = require('node:path');

const server = path.resolve(__dirname, '..', '..', '..', 'server');
const serverConfig = require(path.join(server, 'jest.config.js'));

module.exports = {
  displayName: 'buyer-browser',
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

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import serverGlobalSetup from '../../../server/test/global-setup';

const repositoryRoot = path.resolve(__dirname, '..', '..', '..');

/**
 * Builds the console as `npm start` serves it (a Vite build takes seconds, and a stale build would
 * test yesterday's console), then starts the run's embedded PostgreSQL like the server suite.
 * CONSOLE_E2E_BUILD=skip reuses clients/console/dist as it is (iterating on a test alone).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env['CONSOLE_E2E_BUILD'] !== 'skip') {
    const started = Date.now();
    const build = spawnSync('npm', ['run', 'build', '-w', 'clients/console'], {
      cwd: repositoryRoot,
      encoding: 'utf8',
      timeout: 5 * 60_000,
    });
    if (build.status !== 0) {
      throw new Error(`building the console failed:\n${build.stdout}\n${build.stderr}`);
    }
    process.stdout.write(`\nconsole built for the browser tests in ${Date.now() - started} ms\n`);
  }
  await serverGlobalSetup();
}

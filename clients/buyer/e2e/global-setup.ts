import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import serverGlobalSetup from '../../../server/test/global-setup';

const repositoryRoot = path.resolve(__dirname, '..', '..', '..');

/**
 * Builds the buyer app as `npm start` serves it (`next build`: a stale build would test
 * yesterday's app), then starts the run's embedded PostgreSQL like the server suite (once per
 * run: with the console's browser project in the same run, the second call finds it started).
 * BUYER_E2E_BUILD=skip reuses clients/buyer/.next as it is (iterating on a test alone).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env['BUYER_E2E_BUILD'] !== 'skip') {
    const started = Date.now();
    const build = spawnSync('npm', ['run', 'build', '-w', 'clients/buyer'], {
      cwd: repositoryRoot,
      encoding: 'utf8',
      timeout: 10 * 60_000,
      env: { ...process.env, ...buyerBuildEnvironment(repositoryRoot) },
    });
    if (build.status !== 0) {
      throw new Error(`building the buyer app failed:\n${build.stdout}\n${build.stderr}`);
    }
    process.stdout.write(`\nbuyer app built for the browser tests in ${Date.now() - started} ms\n`);
  }
  await serverGlobalSetup();
}

/**
 * NEXT_TELEMETRY_DISABLED, and BUYER_BUILD_ROOT when node_modules is a symlink out of the
 * repository (a git worktree sharing another checkout's packages): Turbopack compiles nothing
 * outside its root (clients/buyer/next.config.mjs). scripts/start.mjs does the same.
 */
export function buyerBuildEnvironment(root: string): Record<string, string> {
  const environment: Record<string, string> = { NEXT_TELEMETRY_DISABLED: '1' };
  if (process.env['BUYER_BUILD_ROOT']) return environment;
  const modules = path.join(root, 'node_modules');
  if (!fs.existsSync(modules)) return environment;
  const real = fs.realpathSync(modules);
  const relative = path.relative(root, real);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    environment['BUYER_BUILD_ROOT'] = commonAncestor(root, path.dirname(real));
  }
  return environment;
}

function commonAncestor(first: string, second: string): string {
  const a = path.resolve(first).split(path.sep);
  const b = path.resolve(second).split(path.sep);
  let index = 0;
  while (index < a.length && index < b.length && a[index] === b[index]) index += 1;
  return a.slice(0, index).join(path.sep) || path.sep;
}

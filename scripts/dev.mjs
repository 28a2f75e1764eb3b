#!/usr/bin/env node
/**
 * `npm run dev`: the API in watch mode and the console on Vite's dev server with hot reload,
 * together. Vite forwards /graphql (WebSocket included), /auth and /attachments to the API
 * (clients/console/vite.config.ts), so the console runs on one origin and the cookies just work.
 * Ctrl-C stops both; if one of them exits, the other is stopped too.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import util from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The API reads PORT from the environment over .env (server/src/config.ts): so does this script.
const dotenvFile = path.join(root, '.env');
const fromFile = fs.existsSync(dotenvFile) ? util.parseEnv(fs.readFileSync(dotenvFile, 'utf8')) : {};
const apiPort = process.env.PORT || fromFile.PORT || '4000';
const consolePort = process.env.CONSOLE_DEV_PORT || '5173';
const apiUrl = `http://localhost:${apiPort}`;

const children = [
  { name: 'api', arguments: ['run', 'dev', '-w', 'server'] },
  { name: 'console', arguments: ['run', 'dev', '-w', 'clients/console', '--', '--strictPort'] },
].map(({ name, arguments: npmArguments }) => {
  const child = spawn('npm', npmArguments, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, CODESALE_API_URL: apiUrl, CONSOLE_DEV_PORT: consolePort },
    // Its own process group: a stop reaches npm's children too (node --watch, then the API).
    detached: true,
  });
  child.on('exit', (code, signal) => {
    process.stdout.write(`dev: ${name} stopped (${signal ?? `exit ${code}`}); stopping the rest\n`);
    stopAll(code ?? 1);
  });
  return child;
});

let stopping = false;
/** SIGINT to each whole group, as Ctrl-C would: the API drains and stops its embedded PostgreSQL. */
function stopAll(exitCode) {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGINT');
    } catch {
      // That group is gone already.
    }
  }
  process.exitCode = exitCode;
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

process.stdout.write(
  [
    '',
    `CodeSale console (hot reload): http://localhost:${consolePort}/console/`,
    `CodeSale API:                  ${apiUrl}/graphql (the built console, if any: ${apiUrl}/console/)`,
    '',
  ].join('\n'),
);

#!/usr/bin/env node
/**
 * `npm start`: the whole marketplace from one command.
 *   1. builds what is not built or older than its sources: the server (swc), the console (Vite),
 *      the buyer app (next build); `npm start -- --rebuild` builds all three regardless;
 *   2. starts the API (server/dist/main.js), which serves the console at /console/, and waits
 *      until GET /readyz answers (database migrated, services up);
 *   3. starts the buyer app (clients/buyer/server.mjs) with CODESALE_API_URL naming the API;
 *   4. prints the three URLs.
 * The API runs with TRUST_PROXY=loopback unless the environment or .env sets TRUST_PROXY: the
 * buyer server forwards the browser's API requests from 127.0.0.1 with X-Forwarded-For.
 * Ports: PORT (the API, 4000) and BUYER_PORT (the buyer app, 3000), from the environment or .env.
 * Ctrl-C or SIGTERM stops both; if one of them exits, the other is stopped and the exit code is
 * non-zero.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {
  buyerBuildEnvironment,
  isSet,
  ProcessGroup,
  root,
  setting,
  waitForLine,
  waitUntilReady,
} from './processes.mjs';

const rebuild = process.argv.includes('--rebuild');
const apiPort = setting('PORT', '4000');
const apiHost = setting('HOST', '0.0.0.0');
const buyerPort = setting('BUYER_PORT', '3000');
/** Where the launcher and the buyer server reach the API: loopback unless HOST names one interface. */
const apiReachable = ['0.0.0.0', '::', ''].includes(apiHost) ? '127.0.0.1' : apiHost;
const apiUrl = setting(
  'CODESALE_API_URL',
  `http://${apiReachable.includes(':') ? `[${apiReachable}]` : apiReachable}:${apiPort}`,
);
/** First start of the embedded PostgreSQL (initdb) and the migrations can take a while on a slow disk. */
const apiReadyTimeoutMs = 180_000;

const builds = [
  {
    name: 'server',
    workspace: 'server',
    output: 'server/dist/main.js',
    sources: ['server/src', 'server/package.json', 'server/.swcrc', 'package-lock.json'],
  },
  {
    name: 'console',
    workspace: 'clients/console',
    output: 'clients/console/dist/index.html',
    sources: [
      'clients/console/src',
      'clients/console/public',
      'clients/console/index.html',
      'clients/console/vite.config.ts',
      'clients/console/package.json',
      'clients/shared/src',
      'package-lock.json',
    ],
  },
  {
    name: 'buyer app',
    workspace: 'clients/buyer',
    output: 'clients/buyer/.next/BUILD_ID',
    sources: [
      'clients/buyer/src',
      'clients/buyer/public',
      'clients/buyer/next.config.mjs',
      'clients/buyer/tsconfig.json',
      'clients/buyer/package.json',
      'clients/shared/src',
      'package-lock.json',
    ],
    env: buyerBuildEnvironment(),
  },
];

/** The newest modification time under `entries` (files or folders), build output excluded. */
function newestSource(entries) {
  let newest = 0;
  const visit = (file) => {
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(file)) {
        if (name === 'node_modules' || name === 'dist' || name === '.next') continue;
        visit(path.join(file, name));
      }
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const entry of entries) visit(path.join(root, entry));
  return newest;
}

function upToDate(build) {
  const output = path.join(root, build.output);
  if (!fs.existsSync(output)) return false;
  return fs.statSync(output).mtimeMs >= newestSource(build.sources);
}

/**
 * Resolves when `port` can be listened on at `host` (0: any port), else names the variable to change.
 * Checked before anything starts: an API already running on the port would answer the readiness
 * check of this one and be announced as it.
 */
function portFree(port, host, name, variable) {
  if (Number(port) === 0) return Promise.resolve(null);
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', (error) =>
      resolve(
        error.code === 'EADDRINUSE'
          ? `${name}'s port ${port} is already in use: another \`npm start\` (or another program) is running. Stop it, or set ${variable} in .env.`
          : `${name}'s port ${port} cannot be used: ${error.message}`,
      ),
    );
    probe.listen({ port: Number(port), host, exclusive: true }, () => probe.close(() => resolve(null)));
  });
}

const busy = (
  await Promise.all([
    portFree(apiPort, apiHost, 'The API', 'PORT'),
    portFree(buyerPort, setting('BUYER_HOST', '0.0.0.0'), 'The buyer app', 'BUYER_PORT'),
  ])
).filter(Boolean);
if (busy.length > 0) {
  for (const problem of busy) console.error(`start: ${problem}`);
  process.exit(1);
}

for (const build of builds) {
  if (!rebuild && upToDate(build)) {
    console.log(`start: the ${build.name} is built and up to date (npm start -- --rebuild builds it anyway)`);
    continue;
  }
  console.log(`start: building the ${build.name} (npm run build -w ${build.workspace})`);
  const started = Date.now();
  const result = spawnSync('npm', ['run', 'build', '-w', build.workspace], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...build.env },
  });
  if (result.status !== 0) {
    console.error(`start: building the ${build.name} failed (${result.signal ?? `exit ${result.status}`})`);
    process.exit(result.status || 1);
  }
  console.log(`start: the ${build.name} built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const group = new ProcessGroup({ label: 'start' });

const api = group.start('the API', process.execPath, [path.join(root, 'server', 'dist', 'main.js')], {
  env: {
    ...process.env,
    ...(isSet('TRUST_PROXY') ? {} : { TRUST_PROXY: 'loopback' }),
    // The API's `/` (the console's "Go to the store") sends browsers to the buyer app started below.
    ...(isSet('STOREFRONT_URL') ? {} : { STOREFRONT_URL: `http://localhost:${buyerPort}/` }),
  },
  group: false,
});
let apiRunning = true;
api.on('exit', () => (apiRunning = false));

try {
  await waitUntilReady(`${apiUrl}/readyz`, () => apiRunning && !group.stopping, apiReadyTimeoutMs);
} catch (error) {
  if (!group.stopping) {
    console.error(`start: the API is not ready: ${error.message}`);
    group.stop(1);
  }
}

if (!group.stopping) {
  const buyer = group.start(
    'the buyer app',
    process.execPath,
    [path.join(root, 'clients', 'buyer', 'server.mjs')],
    {
      cwd: path.join(root, 'clients', 'buyer'),
      stdio: ['inherit', 'pipe', 'inherit'],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? '1',
        CODESALE_API_URL: apiUrl,
        BUYER_PORT: buyerPort,
        ...(isSet('BUYER_HOST') ? { BUYER_HOST: setting('BUYER_HOST', '0.0.0.0') } : {}),
      },
      group: false,
    },
  );
  try {
    const [, port] = await waitForLine(buyer, /Buyer app at http:\/\/localhost:(\d+)\//);
    const apiPublic = `http://localhost:${apiPort}`;
    console.log(
      [
        '',
        'CodeSale is running:',
        `  Buyer app:    http://localhost:${port}/`,
        `  Console:      ${apiPublic}/console/`,
        `  GraphQL API:  ${apiPublic}/graphql`,
        '',
        'Demo data: `npm run seed` (in another terminal; safe to run again) adds sellers, listings with',
        'codes, buyers and staff accounts for the console. A real installation opens its first admin with',
        '`npm run staff:create -- --email you@example.com --name "Your Name"`.',
        'Ctrl-C stops both.',
        '',
      ].join('\n'),
    );
  } catch {
    // The group has seen it exit and stops the API.
  }
}

await group.stopped;

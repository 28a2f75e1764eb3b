#!/usr/bin/env node
/**
 * `npm run dev`: the API in watch mode, the console on Vite's dev server and the buyer app on
 * Next's development server (BUYER_DEV=true node clients/buyer/server.mjs), all with hot reload,
 * together. Vite forwards /graphql (WebSocket included), /auth and /attachments to the API
 * (clients/console/vite.config.ts) and the buyer server forwards the API's paths the same way, so
 * each app runs on one origin and the cookies just work. The API trusts the forwarders'
 * X-Forwarded-For (TRUST_PROXY=loopback) unless the environment or .env sets TRUST_PROXY.
 * Ctrl-C stops all three; if one of them exits, the others are stopped too (exit code non-zero).
 */
import path from 'node:path';
import { buyerBuildEnvironment, isSet, ProcessGroup, root, setting } from './processes.mjs';

// The API reads PORT from the environment over .env (server/src/config.ts): so does this script.
const apiPort = setting('PORT', '4000');
const consolePort = process.env.CONSOLE_DEV_PORT || '5173';
const buyerPort = setting('BUYER_PORT', '3000');
const apiUrl = `http://localhost:${apiPort}`;
const buyerApiUrl = setting('CODESALE_API_URL', `http://127.0.0.1:${apiPort}`);

const group = new ProcessGroup({ label: 'dev' });
const environment = {
  ...process.env,
  CODESALE_API_URL: apiUrl,
  CONSOLE_DEV_PORT: consolePort,
  ...(isSet('TRUST_PROXY') ? {} : { TRUST_PROXY: 'loopback' }),
};
group.start('api', 'npm', ['run', 'dev', '-w', 'server'], { env: environment });
group.start('console', 'npm', ['run', 'dev', '-w', 'clients/console', '--', '--strictPort'], {
  env: environment,
});
group.start('buyer app', process.execPath, [path.join(root, 'clients', 'buyer', 'server.mjs')], {
  cwd: path.join(root, 'clients', 'buyer'),
  env: {
    ...environment,
    ...buyerBuildEnvironment(),
    BUYER_DEV: 'true',
    BUYER_PORT: buyerPort,
    CODESALE_API_URL: buyerApiUrl,
    ...(isSet('BUYER_HOST') ? { BUYER_HOST: setting('BUYER_HOST', '0.0.0.0') } : {}),
  },
});

process.stdout.write(
  [
    '',
    `CodeSale buyer app (hot reload): http://localhost:${buyerPort}/`,
    `CodeSale console (hot reload):   http://localhost:${consolePort}/console/`,
    `CodeSale API:                    ${apiUrl}/graphql (the built console, if any: ${apiUrl}/console/)`,
    '',
  ].join('\n'),
);

await group.stopped;

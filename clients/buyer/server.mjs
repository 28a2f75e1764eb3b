#!/usr/bin/env node
/**
 * The buyer app's server: Next.js for the pages, and a forwarder for the API's paths, so the
 * browser sees one origin and the session cookies, the CSRF cookie and graphql-ws behave as on
 * the API's own origin. The API's address is read at start (CODESALE_API_URL), which Next's
 * build-time rewrites cannot do, and WebSocket upgrades on /graphql are forwarded as well.
 *
 *   BUYER_PORT        where to listen (3000; 0 picks a free port)
 *   BUYER_HOST        the interface (0.0.0.0)
 *   CODESALE_API_URL  the API, server to server (http://127.0.0.1:4000)
 *   BUYER_DEV=true    Next's development server (hot reload) instead of the production build
 *
 * Each forwarded request carries X-Forwarded-For/-Proto/-Host; run the API with TRUST_PROXY
 * naming this server's address (npm start sets `loopback`) so rate limits see each buyer.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';

const directory = path.dirname(fileURLToPath(import.meta.url));
const dev = process.env.BUYER_DEV === 'true';
const port = Number(process.env.BUYER_PORT ?? 3000);
const host = process.env.BUYER_HOST ?? '0.0.0.0';
const api = new URL(process.env.CODESALE_API_URL ?? 'http://127.0.0.1:4000');

/**
 * The API's paths: GraphQL (and its WebSocket), the session routes, files, the emulator's card
 * confirmation, and the seller console the API serves (the footer's "Sell on CodeSale": a buyer
 * signed in here is signed in there, on the same origin).
 */
const apiPrefixes = [
  '/graphql',
  '/console',
  '/auth/',
  '/attachments',
  '/listing-images',
  '/stripe-emulator/',
  '/healthz',
  '/readyz',
];

/** A request URL's path, without its query. */
function pathOf(url = '/') {
  return url.split('?')[0] ?? '/';
}

export function isApiPath(url = '/') {
  const pathname = pathOf(url);
  return apiPrefixes.some((prefix) =>
    prefix.endsWith('/')
      ? pathname.startsWith(prefix)
      : pathname === prefix || pathname.startsWith(`${prefix}/`),
  );
}

/** Whether the path's percent-encoding decodes (UTF-8, `%` followed by two hex digits). */
export function decodablePath(url = '/') {
  try {
    decodeURIComponent(pathOf(url));
    return true;
  } catch {
    return false;
  }
}

function forwardedHeaders(request) {
  const headers = { ...request.headers };
  const peer = request.socket.remoteAddress ?? '';
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${peer}` : peer;
  headers['x-forwarded-proto'] = request.socket.encrypted ? 'https' : 'http';
  headers['x-forwarded-host'] = request.headers.host ?? '';
  return headers;
}

function forward(request, response) {
  const upstream = http.request(
    {
      protocol: api.protocol,
      hostname: api.hostname,
      port: api.port,
      method: request.method,
      path: request.url,
      headers: forwardedHeaders(request),
    },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    },
  );
  upstream.on('error', () => {
    if (response.headersSent) return response.destroy();
    response.writeHead(502, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        error: 'API_UNAVAILABLE',
        message: `The API at ${api.origin} did not answer; is it running?`,
      }),
    );
  });
  request.pipe(upstream);
}

function forwardUpgrade(request, socket, head) {
  const upstream = http.request({
    protocol: api.protocol,
    hostname: api.hostname,
    port: api.port,
    method: request.method,
    path: request.url,
    headers: forwardedHeaders(request),
  });
  upstream.on('upgrade', (answer, upstreamSocket, upstreamHead) => {
    const lines = [`HTTP/1.1 ${answer.statusCode} ${answer.statusMessage}`];
    for (let index = 0; index < answer.rawHeaders.length; index += 2)
      lines.push(`${answer.rawHeaders[index]}: ${answer.rawHeaders[index + 1]}`);
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (upstreamHead.length > 0) socket.write(upstreamHead);
    if (head.length > 0) upstreamSocket.write(head);
    upstreamSocket.pipe(socket).pipe(upstreamSocket);
    upstreamSocket.on('error', () => socket.destroy());
    socket.on('error', () => upstreamSocket.destroy());
  });
  upstream.on('response', (answer) => {
    // The API refused the upgrade: pass its answer on and close.
    socket.end(`HTTP/1.1 ${answer.statusCode} ${answer.statusMessage}\r\nconnection: close\r\n\r\n`);
  });
  upstream.on('error', () => socket.destroy());
  upstream.end();
}

export async function startBuyerServer() {
  if (!dev && !fs.existsSync(path.join(directory, '.next', 'BUILD_ID'))) {
    throw new Error(
      'The buyer app is not built: run `npm run build -w clients/buyer` (npm start does it for you).',
    );
  }
  const app = next({ dev, dir: directory, hostname: 'localhost', port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const nextUpgrade = typeof app.getUpgradeHandler === 'function' ? app.getUpgradeHandler() : null;
  const server = http.createServer((request, response) => {
    if (isApiPath(request.url)) return forward(request, response);
    if (!decodablePath(request.url)) {
      // Next answers 500 for a page path it cannot decode (`/listings/%ZZ`): it is the client's.
      response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      return response.end('Bad request: this address is not valid (a % not followed by two hex digits).\n');
    }
    return handle(request, response);
  });
  server.on('upgrade', (request, socket, head) => {
    if (isApiPath(request.url)) return forwardUpgrade(request, socket, head);
    if (nextUpgrade) return nextUpgrade(request, socket, head);
    return socket.destroy();
  });
  await new Promise((resolve) => server.listen(port, host, resolve));
  return server;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  startBuyerServer().then(
    (server) => {
      const address = server.address();
      console.log(
        `Buyer app at http://localhost:${typeof address === 'object' && address ? address.port : port}/ (API ${api.origin})`,
      );
      const stop = () => server.close(() => process.exit(0));
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    },
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}

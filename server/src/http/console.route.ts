import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config';

/**
 * The console (clients/console, a Vite build) served by the API at /console/, on the API's own
 * origin: its requests to /graphql and /auth/refresh carry the session cookies with nothing to
 * configure. Any /console/ path that is not a file answers index.html, so the console's router
 * owns its URLs (a reload on /console/support/disputes works). `/` sends browsers to it.
 */

export const consolePath = '/console';
export const consoleBuildCommand = 'npm run build -w clients/console';

/** Vite names every file under assets/ by its content hash: a new build never reuses a name. */
const hashedAssetsPrefix = `${consolePath}/assets/`;
const immutableCache = 'public, max-age=31536000, immutable';
/** index.html names the current hashed files: a browser must check it at every load (a 304 when unchanged). */
const revalidate = 'no-cache';

/**
 * The console's pages may run their own scripts, use inline styles (Mantine sets some at run
 * time), and talk to this host only, over HTTP and WebSocket. Every other route keeps helmet's
 * strict default-src 'none' (app.ts).
 */
export function consoleSecurityPolicy(host: string | undefined): string {
  // 'self' covers ws:/wss: to this host in current browsers; the explicit sources cover the others.
  const websocket = host && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host);
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${websocket ? ` ws://${host} wss://${host}` : ''}`,
    "manifest-src 'self'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Whether the console's build is there to serve. */
export function consoleIsBuilt(config: Config): boolean {
  return fs.existsSync(path.join(config.console.distDirectory, 'index.html'));
}

/** What to do when it is not: the command that builds it. */
export const consoleNotBuiltHint = `the console is not built; run \`${consoleBuildCommand}\` (npm start builds it)`;

function notBuiltMessage(directory: string): string {
  return (
    `The CodeSale console is not built: ${directory} has no index.html.\n` +
    `Run \`${consoleBuildCommand}\` (or \`npm start\`, which builds it), then reload this page.\n`
  );
}

/** Hashed files forever; index.html and the unhashed files Vite copies from public/ (favicon) revalidated. */
function cacheHeaders(directory: string) {
  const hashedDirectory = path.join(directory, 'assets') + path.sep;
  return (reply: FastifyReply, filePath: string): void => {
    reply.header('cache-control', filePath.startsWith(hashedDirectory) ? immutableCache : revalidate);
  };
}

export async function registerConsoleRoutes(fastify: FastifyInstance, config: Config): Promise<void> {
  const directory = config.console.distDirectory;
  const indexFile = path.join(directory, 'index.html');
  // Checked again on each request until it exists: a build run while the API is up serves at once.
  // Saying so at start is main.ts's part (consoleIsBuilt), next to the URLs it prints.
  let built = fs.existsSync(indexFile);
  const isBuilt = () => (built ||= fs.existsSync(indexFile));

  // The store when it runs apart (STOREFRONT_URL): the console's "Go to the store" links to `/`.
  const root = config.storefrontUrl?.href ?? `${consolePath}/`;
  fastify.get('/', async (_request, reply) => reply.redirect(root, 302));

  await fastify.register(
    async (scope) => {
      scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        if (isBuilt()) return;
        await reply
          .code(503)
          .type('text/plain; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(notBuiltMessage(directory));
        return reply;
      });
      scope.addHook('onSend', async (request, reply, payload) => {
        reply.header('content-security-policy', consoleSecurityPolicy(request.headers.host));
        return payload;
      });

      await scope.register(fastifyStatic, {
        root: directory,
        prefix: '/',
        // The directory may appear after start (see isBuilt).
        suppressWarning: true,
        cacheControl: false,
        setHeaders: cacheHeaders(directory),
        dotfiles: 'ignore',
        index: ['index.html'],
      });

      scope.setNotFoundHandler(async (request, reply) => {
        const pathname = new URL(request.url, 'http://localhost').pathname;
        if (pathname === consolePath) return reply.redirect(`${consolePath}/`, 301);
        // A missing hashed file (a tab open across a deploy) must fail as a 404, not parse HTML as JavaScript.
        if (
          (request.method !== 'GET' && request.method !== 'HEAD') ||
          pathname.startsWith(hashedAssetsPrefix)
        ) {
          return reply
            .code(404)
            .type('application/json')
            .send({ error: 'NOT_FOUND', message: 'No such file.' });
        }
        return reply.code(200).sendFile('index.html');
      });
    },
    { prefix: consolePath },
  );
}

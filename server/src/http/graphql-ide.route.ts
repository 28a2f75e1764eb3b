import crypto from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config';
import { csrfHeader, sessionCookieNames } from './session-cookies';

/**
 * The GraphQL IDE of development: GET /graphql opened in a browser answers GraphiQL, served from
 * our own node_modules (no CDN: it works offline and loads nothing from elsewhere). Its requests
 * carry the session cookies, the CSRF cookie echoed in its header and Apollo's preflight header, so
 * a newcomer who runs `logIn` in it is signed in for the next operation; subscriptions go over
 * graphql-ws on the same path. Never registered in production (config.graphql.ide).
 */

export const graphqlIdeAssetsPath = '/graphiql/assets';
const graphqlPath = '/graphql';

/** The IDE page may load its own scripts and styles and talk to this host only. */
function pageSecurityPolicy(host: string | undefined): string {
  // 'self' covers ws:/wss: to this host in current browsers; the explicit sources cover the others.
  const websocket = host && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host);
  return [
    "default-src 'none'",
    "script-src 'self'",
    // GraphiQL's editor and popovers position themselves with inline styles.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${websocket ? ` ws://${host} wss://${host}` : ''}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

interface AssetSource {
  contentType: string;
  /** The file in an installed package, or our own text. */
  read(): Promise<Buffer>;
}

const javascript = 'text/javascript; charset=utf-8';
const css = 'text/css; charset=utf-8';

function packageFile(packageName: string, file: string): () => Promise<Buffer> {
  // react and react-dom export their package.json but not their UMD builds: resolve from the package root.
  return () => readFile(path.join(path.dirname(require.resolve(`${packageName}/package.json`)), file));
}

/**
 * Boots GraphiQL on the page's #graphiql element. The CSRF cookie is read at each request, not
 * once: a logIn or a refresh run from the IDE replaces it.
 */
const bootScript = `'use strict';
(function () {
  var container = document.getElementById('graphiql');
  var endpoint = container.dataset.endpoint;
  var csrfCookie = container.dataset.csrfCookie;
  var csrfHeader = container.dataset.csrfHeader;

  function readCookie(name) {
    var pairs = document.cookie ? document.cookie.split('; ') : [];
    for (var index = 0; index < pairs.length; index++) {
      var separator = pairs[index].indexOf('=');
      if (pairs[index].slice(0, separator) === name) return decodeURIComponent(pairs[index].slice(separator + 1));
    }
    return undefined;
  }

  function fetchWithSession(url, init) {
    var headers = new Headers((init && init.headers) || {});
    headers.set('apollo-require-preflight', 'true');
    var token = readCookie(csrfCookie);
    if (token !== undefined && !headers.has(csrfHeader)) headers.set(csrfHeader, token);
    return fetch(url, Object.assign({}, init, { headers: headers, credentials: 'include' }));
  }

  // The browser sends the cookies with the upgrade; the CSRF token goes in the connection parameters.
  var websocket = graphqlWs.createClient({
    url: (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + endpoint,
    lazy: true,
    retryAttempts: 3,
    connectionParams: function () {
      var token = readCookie(csrfCookie);
      return token === undefined ? {} : { csrfToken: token };
    },
  });

  var fetcher = GraphiQL.createFetcher({
    url: endpoint,
    fetch: fetchWithSession,
    wsClient: websocket,
    enableIncrementalDelivery: false,
  });
  ReactDOM.createRoot(container).render(
    React.createElement(GraphiQL, { fetcher: fetcher, shouldPersistHeaders: false, defaultEditorToolsVisibility: true }),
  );
})();
`;

const layoutStyles = `html, body, #graphiql { height: 100%; margin: 0; }\n`;

const assetSources: Record<string, AssetSource> = {
  'react.production.min.js': {
    contentType: javascript,
    read: packageFile('react', 'umd/react.production.min.js'),
  },
  'react-dom.production.min.js': {
    contentType: javascript,
    read: packageFile('react-dom', 'umd/react-dom.production.min.js'),
  },
  'graphql-ws.min.js': { contentType: javascript, read: packageFile('graphql-ws', 'umd/graphql-ws.min.js') },
  'graphiql.min.js': {
    contentType: javascript,
    read: () => readFile(require.resolve('graphiql/graphiql.min.js')),
  },
  'graphiql.min.css': {
    contentType: css,
    read: () => readFile(require.resolve('graphiql/graphiql.min.css')),
  },
  'ide.js': { contentType: javascript, read: async () => Buffer.from(bootScript) },
  'ide.css': { contentType: css, read: async () => Buffer.from(layoutStyles) },
};

/** The scripts, in the order the page runs them: React, then what uses it, then the boot script. */
const pageScripts = [
  'react.production.min.js',
  'react-dom.production.min.js',
  'graphql-ws.min.js',
  'graphiql.min.js',
  'ide.js',
];
const pageStyles = ['graphiql.min.css', 'ide.css'];

interface LoadedAsset {
  body: Buffer;
  contentType: string;
  etag: string;
}

/** Files read once per process, on first use: they cannot change while it runs. */
const loadedAssets = new Map<string, Promise<LoadedAsset>>();

function loadAsset(name: string, source: AssetSource): Promise<LoadedAsset> {
  let loaded = loadedAssets.get(name);
  if (!loaded) {
    loaded = source.read().then((body) => ({
      body,
      contentType: source.contentType,
      etag: `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    }));
    // A failed read (a package missing) is not remembered: the next request tries again.
    loaded.catch(() => loadedAssets.delete(name));
    loadedAssets.set(name, loaded);
  }
  return loaded;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function renderPage(names: { csrfCookie: string; csrfHeader: string }): string {
  const styles = pageStyles.map(
    (name) => `    <link rel="stylesheet" href="${graphqlIdeAssetsPath}/${name}" />`,
  );
  const scripts = pageScripts.map((name) => `    <script src="${graphqlIdeAssetsPath}/${name}"></script>`);
  return [
    '<!doctype html>',
    '<html lang="en">',
    '  <head>',
    '    <meta charset="utf-8" />',
    '    <meta name="viewport" content="width=device-width, initial-scale=1" />',
    '    <title>CodeSale GraphQL IDE</title>',
    ...styles,
    '  </head>',
    '  <body>',
    `    <div id="graphiql" data-endpoint="${graphqlPath}" data-csrf-cookie="${escapeAttribute(names.csrfCookie)}"` +
      ` data-csrf-header="${escapeAttribute(names.csrfHeader)}">Loading the GraphQL IDE…</div>`,
    ...scripts,
    '  </body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * A browser opening the API: GET /graphql asking for HTML, without the `query` (or persisted
 * `extensions`) parameter that makes it one of Apollo's GET operations.
 */
function wantsIde(request: FastifyRequest): boolean {
  if (request.method !== 'GET' || request.routeOptions.url !== graphqlPath) return false;
  const query = request.query as Record<string, unknown>;
  return (
    (request.headers.accept ?? '').includes('text/html') &&
    query['query'] === undefined &&
    query['extensions'] === undefined
  );
}

export async function registerGraphqlIdeRoutes(fastify: FastifyInstance, config: Config): Promise<void> {
  if (!config.graphql.ide) return;
  const page = renderPage({ csrfCookie: sessionCookieNames(config).csrf, csrfHeader });

  // A hook, not a route: GET /graphql stays Apollo's route for queries sent by GET.
  fastify.addHook('onRequest', async (request, reply) => {
    if (!wantsIde(request)) return;
    setPageHeaders(request, reply);
    await reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
    return reply;
  });

  fastify.get<{ Params: { name: string } }>(`${graphqlIdeAssetsPath}/:name`, async (request, reply) => {
    const source = Object.hasOwn(assetSources, request.params.name)
      ? assetSources[request.params.name]
      : undefined;
    if (!source) return reply.code(404).send({ error: 'NOT_FOUND', message: 'No such IDE asset.' });
    const asset = await loadAsset(request.params.name, source);
    setPageHeaders(request, reply);
    // Revalidated on each load (a 304 when unchanged): the files change when the packages are upgraded.
    reply.header('etag', asset.etag).header('cache-control', 'no-cache');
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.type(asset.contentType).send(asset.body);
  });
}

function setPageHeaders(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('content-security-policy', pageSecurityPolicy(request.headers.host));
}

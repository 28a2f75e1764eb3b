import net from 'node:net';
import http from 'node:http';
import { createClient } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import { httpServerTimeouts } from '../src/app';
import { quoteIdentifier } from '../src/db/embedded';
import { someoneWaitsForALock, startTestApp, TestClient, type TestApp } from './harness';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('health, metrics and headers', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('GET /healthz answers 200', async () => {
    const response = await fetch(`${testApp.baseUrl}/healthz`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 200 when the database answers', async () => {
    const response = await fetch(`${testApp.baseUrl}/readyz`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });
  });

  it('GET /metrics exposes request durations in the Prometheus text format', async () => {
    await fetch(`${testApp.baseUrl}/healthz`);

    const response = await fetch(`${testApp.baseUrl}/metrics`);
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toContain('# TYPE codesale_http_request_duration_seconds histogram');
    expect(text).toMatch(
      /codesale_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} [1-9]/,
    );
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('counts each request once, under its route, and a request no route matched as unknown', async () => {
    const countOf = (text: string, labels: string) =>
      Number(
        new RegExp(`codesale_http_request_duration_seconds_count\\{${labels}\\} (\\d+)`).exec(text)?.[1] ?? 0,
      );
    const scrape = async () => (await fetch(`${testApp.baseUrl}/metrics`)).text();
    const graphql = 'method="POST",route="/graphql",status="200"';
    const unknown = 'method="GET",route="unknown",status="404"';
    const before = await scrape();

    await new TestClient(testApp.baseUrl).post('/graphql', { query: '{ __typename }' });
    await new TestClient(testApp.baseUrl).post('/graphql', { query: '{ __typename }' });
    await fetch(`${testApp.baseUrl}/no-such-route-${Date.now()}`);
    // Fastify adds a HEAD route for each GET route, from the GET route's options.
    await fetch(`${testApp.baseUrl}/healthz`, { method: 'HEAD' });

    const after = await scrape();
    expect(countOf(after, graphql) - countOf(before, graphql)).toBe(2);
    expect(countOf(after, unknown) - countOf(before, unknown)).toBe(1);
    const head = 'method="HEAD",route="/healthz",status="200"';
    expect(countOf(after, head) - countOf(before, head)).toBe(1);
    // Not also as a request no route matched.
    expect(countOf(after, 'method="POST",route="unknown",status="200"')).toBe(0);
  });

  it('sets security headers on every response', async () => {
    const tooLarge = 'x'.repeat(testApp.config.http.bodyLimitBytes + 1);
    const responses = [
      await fetch(`${testApp.baseUrl}/healthz`),
      await new TestClient(testApp.baseUrl).post('/graphql', { query: '{ __typename }' }),
      await fetch(`${testApp.baseUrl}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
        headers: { 'apollo-require-preflight': 'true' },
      }),
      // Refusals: no route, a body over the limit, a malformed document, an error handled by Fastify.
      await fetch(`${testApp.baseUrl}/no-such-route`),
      await fetch(`${testApp.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: tooLarge }),
      }),
      await new TestClient(testApp.baseUrl).post('/graphql', { query: '{ __typename' }),
      await fetch(`${testApp.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":',
      }),
    ];
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 404, 413, 400, 400]);
    for (const response of responses) {
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('cross-origin-resource-policy')).toBe('same-site');
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
    // and GraphQL's answers (wallets, codes) are kept by no cache
    for (const graphql of [responses[1]!, responses[2]!, responses[5]!]) {
      expect(graphql.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('echoes a valid x-request-id, and generates one when it is missing or malformed', async () => {
    const requestId = (headers: Record<string, string>) =>
      fetch(`${testApp.baseUrl}/healthz`, { headers }).then((response) =>
        response.headers.get('x-request-id'),
      );

    expect(await requestId({ 'x-request-id': 'client-chosen.id_0001' })).toBe('client-chosen.id_0001');
    expect(await requestId({})).toMatch(uuid);
    expect(await requestId({ 'x-request-id': 'short' })).toMatch(uuid);
    expect(await requestId({ 'x-request-id': 'has spaces and <markup> in it' })).toMatch(uuid);
    expect(await requestId({ 'x-request-id': 'x'.repeat(129) })).toMatch(uuid);
  });
});

describe('GET /readyz', () => {
  it('answers 503 while the database refuses connections, and 200 again once it accepts them', async () => {
    // given an app whose database stops accepting connections, and whose open connections are cut
    const testApp = await startTestApp();
    const databaseName = new URL(testApp.config.database.url!).pathname.slice(1);
    const admin = new pg.Client({ connectionString: process.env['TEST_DATABASE_SERVER_URL'] });
    await admin.connect();
    try {
      await admin.query(`alter database ${quoteIdentifier(databaseName)} allow_connections false`);
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [
        databaseName,
      ]);

      // when readiness is probed, then it is refused
      const unready = await fetch(`${testApp.baseUrl}/readyz`);
      expect(unready.status).toBe(503);
      expect(await unready.json()).toEqual({ status: 'database unreachable' });

      // and once the database accepts connections again, the app is ready again
      await admin.query(`alter database ${quoteIdentifier(databaseName)} allow_connections true`);
      const ready = await fetch(`${testApp.baseUrl}/readyz`);
      expect(ready.status).toBe(200);
    } finally {
      await admin.query(`alter database ${quoteIdentifier(databaseName)} allow_connections true`);
      await admin.end();
      await testApp.close();
    }
  });
});

describe('App.close', () => {
  it('closes graphql-ws clients with 1001 and stops accepting HTTP connections', async () => {
    // given a graphql-ws client connected to the app
    const testApp = await startTestApp();
    const websocket = createClient({
      url: `${testApp.baseUrl.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: () => undefined, // the close this test expects
    });
    let closeCode: number | undefined;
    const closed = new Promise<void>((resolve) =>
      websocket.on('closed', (event) => {
        closeCode = (event as { code: number }).code;
        resolve();
      }),
    );
    await new Promise<void>((resolve) => websocket.on('connected', () => resolve()));
    try {
      // when the app closes
      await testApp.app.close();

      // then the client was told the server is going away, and new connections are refused
      await closed;
      expect(closeCode).toBe(1001);
      await expect(fetch(`${testApp.baseUrl}/healthz`)).rejects.toMatchObject({
        cause: { code: 'ECONNREFUSED' },
      });
    } finally {
      await websocket.dispose();
      await testApp.close();
    }
  });

  it('given a request in flight on a keep-alive connection, when the app closes, then the request is answered and its connection ended as soon as it is idle', async () => {
    const testApp = await startTestApp();
    const agent = new http.Agent({ keepAlive: true });
    const lock = await testApp.database.$client.connect();
    try {
      // given a catalog query held by a lock the test holds, on a keep-alive connection
      await lock.query('begin');
      await lock.query('lock table listings in access exclusive mode');
      let connectionEnded!: Promise<void>;
      const answered = new Promise<{ status: number | undefined; body: string }>((resolve, reject) => {
        const request = http.request(`${testApp.baseUrl}/graphql`, {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json' },
        });
        request.on('socket', (socket) => {
          connectionEnded = new Promise((ended) => socket.once('close', () => ended()));
        });
        request.on('response', (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode, body }));
        });
        request.on('error', reject);
        request.end(JSON.stringify({ query: '{ listings(first: 1) { edges { node { id } } } }' }));
      });
      await someoneWaitsForALock(testApp, 'relation');

      // when the app closes while the query waits, and the lock is released
      const closed = testApp.app.close();
      await lock.query('commit');

      // then the query is answered, the server ends its connection (Node alone would keep it for
      // the keep-alive timeout, 72 s, and the close with it), and the close completes
      const answer = await answered;
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ data: { listings: { edges: [] } } });
      await connectionEnded;
      await closed;
    } finally {
      lock.release();
      agent.destroy();
      await testApp.close();
    }
  });
});

describe('httpServerTimeouts', () => {
  it('drops a connection still sending its headers after 15 s, checking every 5 s, whatever the request timeout', () => {
    // Node enforces the request's timeout only when the headers' is no longer than it.
    expect(httpServerTimeouts(60_000)).toEqual({
      requestTimeout: 60_000,
      headersTimeout: 15_000,
      connectionsCheckingInterval: 5_000,
    });
    expect(httpServerTimeouts(1_000)).toEqual({
      requestTimeout: 1_000,
      headersTimeout: 1_000,
      connectionsCheckingInterval: 500,
    });
  });
});

describe('HTTP_REQUEST_TIMEOUT_SECONDS', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp({ HTTP_REQUEST_TIMEOUT_SECONDS: '1' });
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('given a body sent slower than the timeout allows, then it is answered 408 and its connection closed', async () => {
    // given a POST that announces 1,000 bytes and sends one
    const { hostname, port } = new URL(testApp.baseUrl);
    const socket = net.connect(Number(port), hostname);
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(
      'POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
    );

    // then the server ends it, with 408, without the rest of the body
    await closed;
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('given headers that never end, then the connection is answered 408 and closed', async () => {
    // given a request line and one header, and nothing more
    const { hostname, port } = new URL(testApp.baseUrl);
    const socket = net.connect(Number(port), hostname);
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write('POST /graphql HTTP/1.1\r\nHost: localhost\r\n');

    // then the server ends it
    await closed;
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
  });
});

import crypto from 'node:crypto';
import { Writable } from 'node:stream';
import pg from 'pg';
import pino, { type Logger } from 'pino';
import { createClient, type Client, type ClientOptions } from 'graphql-ws';
import WebSocket from 'ws';
import { buildApp, type App } from '../src/app';
import { users } from '../src/auth/auth.tables';
import { loadConfig, type Config } from '../src/config';
import { quoteIdentifier } from '../src/db/embedded';
import { createDatabase, type Database } from '../src/db/pool';
import { closeServices, createServices, type ServiceOptions, type Services } from '../src/services';
import { ExpensiveOperationBudget } from '../src/shared/expensive-operations';
import { shutdownStep } from '../src/shared/shutdown-step';
import { templateDatabase } from './global-setup';

/** A fresh database for one test file, cloned from the migrated template. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = process.env['TEST_DATABASE_SERVER_URL'];
  if (!serverUrl)
    throw new Error('TEST_DATABASE_SERVER_URL is unset: run the tests through jest (global setup)');
  const name = `test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(
      `create database ${quoteIdentifier(name)} template ${quoteIdentifier(templateDatabase)}`,
    );
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${quoteIdentifier(name)} with (force)`);
      await client.end();
    },
  };
}

/**
 * A user row written straight to `database`, for tests below the API (the ledger's, the CLI's): a
 * fresh address, a password hash that matches no password.
 */
export async function insertUser(
  database: Database,
  {
    displayName = 'Test User',
    roles = ['BUYER'],
  }: { displayName?: string; roles?: ('BUYER' | 'SELLER')[] } = {},
): Promise<string> {
  const email = `${crypto.randomUUID()}@example.test`;
  const [row] = await database
    .insert(users)
    .values({ email, emailNormalized: email, displayName, passwordHash: 'x', roles })
    .returning({ id: users.id });
  return row!.id;
}

export interface TestApp {
  config: Config;
  services: Services;
  database: Database;
  app: App;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** The app's logger; by default a pino logger at LOG_LEVEL (silent in tests). */
  log?: Logger;
  /** createServices' test seams (observers, e.g. PayoutService's phase boundaries). */
  services?: ServiceOptions;
  /** The port to listen on (default: any free one); for a PUBLIC_URL that must name it (browser tests). */
  port?: number;
}

/** A logger that keeps every JSON line it writes, for tests that assert on what the app logs. */
export function capturedLog(level: pino.Level = 'warn'): { lines: Record<string, any>[]; log: Logger } {
  const lines: Record<string, any>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, any>);
      done();
    },
  });
  return { lines, log: pino({ level }, stream) };
}

/**
 * A test app's close names the step still running after 15 s on stderr: an afterAll that times out
 * in CI then says where it hung.
 */
const slowClose = {
  afterMs: 15_000,
  onSlow: (step: string) => console.error(`closing the test app: ${step} is still running after 15 s`),
};

/** A test app's close, as main's shutdown runs it: the app, then the services, each step named when slow. */
async function closeAppAndServices(app: App, services: Services): Promise<void> {
  await shutdownStep('the app (HTTP and WebSocket)', () => app.close(), slowClose);
  await closeServices(services, slowClose);
}

/** The real app on a fresh database, listening on a free port. `env` overrides configuration. */
/**
 * Settings every test app starts with unless a test says otherwise: a test file opens hundreds of
 * accounts from 127.0.0.1, which the per-address limit on new accounts would refuse (its own test
 * sets it low).
 */
const testDefaults: Record<string, string> = { SIGN_UP_MAX_ACCOUNTS_PER_ADDRESS: '1000000' };

export async function startTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const testDatabase = await createTestDatabase();
  const config = loadConfig({ ...testDefaults, ...process.env, DATABASE_URL: testDatabase.url, ...env });
  const log = options.log ?? pino({ level: process.env['LOG_LEVEL'] ?? 'silent' });
  const database = createDatabase({ url: testDatabase.url, max: 20, statementTimeoutMs: 30_000 });
  const services = await createServices(config, database, testDatabase.url, log, options.services);
  const app = await buildApp(services);
  await app.fastify.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const address = app.fastify.server.address();
  if (!address || typeof address !== 'object') throw new Error('no address');
  return {
    config,
    services,
    database,
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    close: async () => {
      await closeAppAndServices(app, services);
      await shutdownStep('dropping the test database', () => testDatabase.drop(), slowClose);
    },
  };
}

export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: unknown[] }[];
  headers: Headers;
}

/** A browser-like GraphQL client: keeps cookies, echoes the CSRF cookie in x-csrf-token. */
export class TestClient {
  readonly cookies = new Map<string, string>();
  apiKey: string | undefined;
  /** When false, the client omits the double-submit header (to prove the server refuses). */
  sendCsrfHeader = true;

  constructor(readonly baseUrl: string) {}

  /** The CSRF cookie's value, to echo: `__Host-cs_csrf` when the server's cookies are Secure, `cs_csrf` otherwise. */
  csrfToken(): string | undefined {
    return this.cookies.get('__Host-cs_csrf') ?? this.cookies.get('cs_csrf');
  }

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.cookies.size > 0 ? { cookie: this.cookieHeader() } : {}),
        ...(this.sendCsrfHeader && this.csrfToken() !== undefined
          ? { 'x-csrf-token': this.csrfToken()! }
          : {}),
        ...(this.apiKey ? { 'x-api-key': this.apiKey } : {}),
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    this.storeCookies(response);
    return response;
  }

  async graphql<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Promise<GraphqlResponse<T>> {
    const response = await this.post('/graphql', { query, variables }, headers);
    const text = await response.text();
    let body: { data?: T; errors?: GraphqlResponse['errors'] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new Error(`non-JSON response ${response.status}: ${text.slice(0, 200)}`);
    }
    return { status: response.status, data: body.data, errors: body.errors, headers: response.headers };
  }

  /** Runs a query that must succeed, and returns its data. */
  async data<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await this.graphql<T>(query, variables);
    if (response.errors?.length || !response.data) {
      throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
    }
    return response.data;
  }

  private storeCookies(response: Response): void {
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = setCookie.split(';');
      const separator = pair!.indexOf('=');
      const name = pair!.slice(0, separator).trim();
      const value = pair!.slice(separator + 1).trim();
      const expired = attributes.some(
        (attribute) =>
          /expires=thu, 01 jan 1970/i.test(attribute.trim()) || /max-age=0/i.test(attribute.trim()),
      );
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /**
   * A graphql-ws client authenticated like this HTTP client (cookies + CSRF token, or API key).
   * `options` overrides the client's (e.g. `onNonLazyError` for a test that expects a close).
   */
  websocket(connectionParams: Record<string, unknown> = {}, options: Partial<ClientOptions> = {}): Client {
    const cookie = this.cookieHeader();
    const csrfToken = this.csrfToken();
    const apiKey = this.apiKey;
    class AuthenticatedWebSocket extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers: cookie ? { cookie } : {} });
      }
    }
    return createClient({
      url: `${this.baseUrl.replace('http', 'ws')}/graphql`,
      webSocketImpl: AuthenticatedWebSocket,
      lazy: false,
      retryAttempts: 0,
      connectionParams: {
        ...(csrfToken ? { csrfToken } : {}),
        ...(apiKey ? { apiKey } : {}),
        ...connectionParams,
      },
      ...options,
    });
  }
}

/** Signs up a user through the API and returns a client holding its session. */
export async function signUp(
  baseUrl: string,
  options: { email?: string; password?: string; displayName?: string; sellerAccount?: boolean } = {},
): Promise<{ client: TestClient; userId: string; email: string; password: string }> {
  const client = new TestClient(baseUrl);
  const email = options.email ?? `user-${crypto.randomBytes(5).toString('hex')}@example.test`;
  const password = options.password ?? 'correct horse battery staple';
  const data = await client.data<{ signUp: { user: { id: string } | null; errors: unknown[] } }>(
    `mutation ($input: SignUpInput!) { signUp(input: $input) { user { id } errors { code message field } } }`,
    {
      input: {
        email,
        password,
        displayName: options.displayName ?? 'Test User',
        sellerAccount: options.sellerAccount ?? false,
      },
    },
  );
  if (!data.signUp.user) throw new Error(`sign-up failed: ${JSON.stringify(data.signUp.errors)}`);
  return { client, userId: data.signUp.user.id, email, password };
}

/** Staff accounts are created by an admin; tests create the first admin directly through the service. */
export async function createStaff(
  testApp: TestApp,
  roles: ('SUPPORT' | 'ADMIN' | 'BUYER' | 'SELLER')[],
): Promise<{ client: TestClient; email: string; password: string }> {
  const email = `staff-${crypto.randomBytes(5).toString('hex')}@example.test`;
  const password = 'staff password long enough';
  const result = await testApp.services.auth.createStaffUser(
    null,
    { email, password, displayName: 'Staff', roles: roles as never },
    {
      requestId: 'test',
      address: '127.0.0.1',
      userAgent: null,
      expensiveOperations: new ExpensiveOperationBudget(1),
    },
  );
  if (!('user' in result)) throw new Error(JSON.stringify(result));
  const client = new TestClient(testApp.baseUrl);
  await logIn(client, email, password);
  return { client, email, password };
}

/** An admin's ban of `userId` in `role` for a day, through the API (overrideRiskTier): it revokes the user's sessions and API keys. */
export async function banThroughApi(
  admin: TestClient,
  userId: string,
  role: 'BUYER' | 'SELLER',
  reason = 'Banned by a test.',
): Promise<void> {
  const banned = await admin.data<{ overrideRiskTier: { errors: unknown[] } }>(
    `mutation ($input: OverrideRiskTierInput!) { overrideRiskTier(input: $input) { errors { code } } }`,
    {
      input: {
        userId,
        role,
        tier: 'BANNED',
        reason,
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    },
  );
  if (banned.overrideRiskTier.errors.length > 0)
    throw new Error(JSON.stringify(banned.overrideRiskTier.errors));
}

export async function logIn(client: TestClient, email: string, password: string) {
  return client.graphql<{ logIn: { user: { id: string } | null; errors: { code: string }[] } }>(
    `mutation ($input: LogInInput!) { logIn(input: $input) { user { id roles } errors { code message } } }`,
    { input: { email, password } },
  );
}

/** Runs SQL against the test file's own database: for setup (expiring a token) and for asserting rows. */
export async function queryDatabase<Row extends Record<string, unknown> = Record<string, any>>(
  testApp: TestApp,
  text: string,
  values: unknown[] = [],
): Promise<Row[]> {
  const result = await testApp.database.$client.query<Row>(text, values);
  return result.rows;
}

/**
 * Resolves once a connection of the test file's database waits for a lock (of kind `waitEvent`,
 * `advisory` or `relation` say, when given): a test that holds a lock learns that the work it
 * blocks has reached it.
 */
export async function someoneWaitsForALock(testApp: TestApp, waitEvent?: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const [waiting] = await queryDatabase(
      testApp,
      `select count(*)::int as count from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'
          and ($1::text is null or wait_event = $1)`,
      [waitEvent ?? null],
    );
    if (waiting!.count > 0) return;
  }
  throw new Error(`nobody waited for a lock${waitEvent ? ` (${waitEvent})` : ''} within 10 s`);
}

/**
 * Resolves once `count` connections wait for a lock, directly or through one another, behind
 * `holder` (a connection of the test's own that holds a lock in an open transaction). Only the chain
 * behind the holder counts: a job or a request of an earlier test waiting for something else does not.
 * `unless` ends the wait early when it turns true (the work answered without waiting).
 */
export async function untilWaitingBehind(
  testApp: TestApp,
  holder: { query(text: string): Promise<pg.QueryResult> },
  count: number,
  unless: () => boolean = () => false,
): Promise<void> {
  const holderPid = (await holder.query('select pg_backend_pid() as pid')).rows[0]!['pid'] as number;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const rows = await queryDatabase(
      testApp,
      `select pid, pg_blocking_pids(pid) as blockers from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`,
    );
    const behind = new Set<number>([holderPid]);
    for (let grew = true; grew;) {
      grew = false;
      for (const row of rows) {
        const pid = row['pid'] as number;
        if (!behind.has(pid) && (row['blockers'] as number[]).some((blocker) => behind.has(blocker))) {
          behind.add(pid);
          grew = true;
        }
      }
    }
    if (behind.size - 1 >= count || unless()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`${count} connections did not wait behind the test's lock within 10 s`);
}

/** The Set-Cookie headers of a response, by cookie name: the value and the lower-cased attributes. */
export function setCookies(headers: Headers): Map<string, { value: string; attributes: string[] }> {
  const cookies = new Map<string, { value: string; attributes: string[] }>();
  for (const setCookie of headers.getSetCookie()) {
    const [pair, ...attributes] = setCookie.split(';');
    const separator = pair!.indexOf('=');
    cookies.set(pair!.slice(0, separator).trim(), {
      value: pair!.slice(separator + 1).trim(),
      attributes: attributes.map((attribute) => attribute.trim().toLowerCase()),
    });
  }
  return cookies;
}

/** Creates an API key through the API as `client` (a seller or admin) and returns its global id and secret. */
export async function createApiKey(
  client: TestClient,
  scopes: string[] = ['CATALOG_READ'],
): Promise<{ id: string; secret: string }> {
  const data = await client.data<{
    createApiKey: { apiKey: { id: string } | null; secret: string | null; errors: unknown[] };
  }>(
    `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } secret errors { code } } }`,
    { input: { name: 'test key', scopes } },
  );
  if (!data.createApiKey.apiKey || !data.createApiKey.secret)
    throw new Error(JSON.stringify(data.createApiKey.errors));
  return { id: data.createApiKey.apiKey.id, secret: data.createApiKey.secret };
}

export interface SubscriptionResult {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/**
 * Subscribes over `websocket` and records every result. Resolves once the server has registered
 * the subscription: the server starts an operation only once the operations sent before it on the
 * same socket are set up (graphql/operation-order.ts), so by the time a query sent after the
 * subscription answers, the subscription listens.
 */
export async function subscribe(
  websocket: Client,
  query: string,
  operationName?: string,
): Promise<{ results: SubscriptionResult[]; next(): Promise<SubscriptionResult>; unsubscribe(): void }> {
  const results: SubscriptionResult[] = [];
  const waiting: ((result: SubscriptionResult) => void)[] = [];
  let delivered = 0;
  const unsubscribe = websocket.subscribe<Record<string, any>>(
    operationName === undefined ? { query } : { query, operationName },
    {
      next: (result) => {
        results.push(result as SubscriptionResult);
        waiting.shift()?.(result as SubscriptionResult);
      },
      error: (error) => {
        const result = {
          errors: Array.isArray(error) ? error : [{ message: String(error) }],
        } as SubscriptionResult;
        results.push(result);
        waiting.shift()?.(result);
      },
      complete: () => undefined,
    },
  );
  await websocketRoundTrip(websocket, '{ me { id } }');
  return {
    results,
    unsubscribe,
    next: () => {
      const index = delivered++;
      if (index < results.length) return Promise.resolve(results[index]!);
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
}

/** The database uuid behind a global id (`userId` from signUp is a global id). */
export function rawId(globalId: string): string {
  return Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;
}

/**
 * A second app instance on an existing database (another API process behind the same PostgreSQL).
 * Closing it leaves the database in place.
 */
export async function startTestAppOnDatabase(
  databaseUrl: string,
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const config = loadConfig({ ...testDefaults, ...process.env, DATABASE_URL: databaseUrl, ...env });
  const log = options.log ?? pino({ level: process.env['LOG_LEVEL'] ?? 'silent' });
  const database = createDatabase({ url: databaseUrl, max: 10, statementTimeoutMs: 30_000 });
  const services = await createServices(config, database, databaseUrl, log);
  const app = await buildApp(services);
  await app.fastify.listen({ host: '127.0.0.1', port: 0 });
  const address = app.fastify.server.address();
  if (!address || typeof address !== 'object') throw new Error('no address');
  return {
    config,
    services,
    database,
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    close: () => closeAppAndServices(app, services),
  };
}

/** The first result of one operation over graphql-ws: its `next` payload, or the errors it ended with. */
export function firstWebsocketResult(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{
  data?: unknown;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}> {
  return new Promise((resolve, reject) => {
    const unsubscribe = client.subscribe(
      { query, variables },
      {
        next: (result) => {
          unsubscribe();
          resolve(result as never);
        },
        error: (error) => (Array.isArray(error) ? resolve({ errors: error }) : reject(error)),
        complete: () => undefined,
      },
    );
  });
}

/**
 * Runs a query over `websocket` and waits for its answer. Messages on one socket arrive in the
 * order the server sent them, so whatever it sent on this socket before answering has arrived too.
 */
export function websocketRoundTrip(websocket: Client, query = '{ __typename }'): Promise<void> {
  return new Promise<void>((resolve, reject) =>
    websocket.subscribe({ query }, { next: () => undefined, error: reject, complete: resolve }),
  );
}

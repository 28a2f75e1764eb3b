import crypto from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { withTransaction } from '../../../server/src/db/transaction';
import { fromGlobalId, toGlobalId } from '../../../server/src/graphql/relay';
import type { Services } from '../../../server/src/services';
import { ExpensiveOperationBudget } from '../../../server/src/shared/expensive-operations';
import { freePort } from '../../../server/test/free-port';
import { setCookies, signUp, startTestApp, TestClient, type TestApp } from '../../../server/test/harness';

/**
 * Browser tests of the console: real Chromium (playwright-core, Debian's /usr/bin/chromium) against
 * the real API serving the built console at /console/, on a fresh database of the run's embedded
 * PostgreSQL, with the in-process Stripe emulator and jobs run on demand (no background worker,
 * so a test decides when a payout or an auto-release happens). See README "Console".
 */

export const repositoryRoot = path.resolve(__dirname, '..', '..', '..');
export const screenshotsDirectory = path.join(repositoryRoot, 'docs', 'screenshots');

export type RoleName = 'BUYER' | 'SELLER' | 'SUPPORT' | 'ADMIN';

/** One HTTP request the API answered, recorded server-side when its response was sent. */
export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
}

/** Every request the stack's API answered, in the order they finished. */
export class RequestRecorder {
  readonly requests: RecordedRequest[] = [];

  /** Answered requests with this method and path (query string ignored). */
  count(method: string, pathname: string): number {
    return this.requests.filter((request) => request.method === method && request.path === pathname).length;
  }

  /** The refreshes the browser asked for: POST /auth/refresh, whatever the answer. */
  refreshes(): RecordedRequest[] {
    return this.requests.filter((request) => request.method === 'POST' && request.path === '/auth/refresh');
  }

  clear(): void {
    this.requests.length = 0;
  }

  listen(request: IncomingMessage, response: ServerResponse): void {
    response.once('finish', () => {
      this.requests.push({
        method: request.method ?? '',
        path: new URL(request.url ?? '/', 'http://localhost').pathname,
        status: response.statusCode,
      });
    });
  }
}

export interface ConsoleStack {
  /** http://127.0.0.1:<port>: the API, and the console under /console/. */
  baseUrl: string;
  /** `${baseUrl}/console/` */
  consoleUrl: string;
  services: Services;
  /** The server test harness's app: for the server's fixtures (server/test/marketplace.ts, dispute-helpers.ts). */
  testApp: TestApp;
  /** Requests answered by the API since start (or the last `requests.clear()`). */
  requests: RequestRecorder;
  /** Runs every job due now (payouts, auto-release, ...) and returns when the queue is drained. */
  runJobsOnce(): Promise<void>;
  stop(): Promise<void>;
}

export interface ConsoleStackOptions {
  /** Configuration overrides (environment variable names), e.g. `{ ACCESS_TOKEN_TTL_SECONDS: '30' }`. */
  env?: Record<string, string>;
}

/**
 * The real app on a fresh database, serving the built console (the browser suite's global setup
 * builds it). Must run under the browser jest config, whose global setup starts PostgreSQL.
 */
export async function startConsoleStack(options: ConsoleStackOptions = {}): Promise<ConsoleStack> {
  const distDirectory = path.join(repositoryRoot, 'clients', 'console', 'dist');
  if (!fs.existsSync(path.join(distDirectory, 'index.html'))) {
    throw new Error(`${distDirectory} has no index.html: run \`npm run build -w clients/console\``);
  }
  // The API builds absolute URLs from PUBLIC_URL (signed attachment downloads, Stripe onboarding
  // return links): it must name the port the browser reaches.
  const port = await freePort();
  const testApp = await startTestApp(
    {
      CONSOLE_DIST_DIR: distDirectory,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      JOBS_WORKER_ENABLED: 'false',
      ...options.env,
    },
    { port },
  );
  if (testApp.config.publicUrl.origin !== testApp.baseUrl) {
    await testApp.close();
    throw new Error(`PUBLIC_URL ${testApp.config.publicUrl.origin} is not the stack's ${testApp.baseUrl}`);
  }
  const requests = new RequestRecorder();
  const listener = (request: IncomingMessage, response: ServerResponse) => requests.listen(request, response);
  testApp.app.fastify.server.on('request', listener);
  return {
    baseUrl: testApp.baseUrl,
    consoleUrl: `${testApp.baseUrl}/console/`,
    services: testApp.services,
    testApp,
    requests,
    runJobsOnce: () => testApp.services.jobs.runJobsOnce(),
    stop: async () => {
      testApp.app.fastify.server.off('request', listener);
      await testApp.close();
    },
  };
}

export const chromiumArguments = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** Headless Chromium: Debian's /usr/bin/chromium (installed by .ci/run when missing), or CHROMIUM_PATH. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `No Chromium at ${executablePath}: install it (\`apt-get install -y chromium\`; .ci/run does) ` +
        'or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
  }
  const launch = chromium.launch({ executablePath, headless: true, args: chromiumArguments });
  launches.add(launch);
  const browser = await launch;
  openBrowsers.add(browser);
  browser.once('disconnected', () => openBrowsers.delete(browser));
  return browser;
}

/** Launches started in this test file, and browsers launched and not closed yet (closeStrayBrowsers). */
const launches = new Set<Promise<Browser>>();
const openBrowsers = new Set<Browser>();

/**
 * Closes the browsers a test file left open. A file starts its stack and its browser together;
 * when the stack failed to start, the browser was launched but never assigned, its afterAll could
 * not close it, and Chromium kept jest from exiting after the run (CI never printed its summary).
 * Every browser test file runs this after its own hooks (close-stray-browsers.ts).
 */
export async function closeStrayBrowsers(): Promise<void> {
  // A launch still under way when the file's hooks ran (its stack failed first) is waited for.
  await Promise.allSettled([...launches]);
  await Promise.all([...openBrowsers].map((browser) => browser.close()));
}

export interface ConsoleUser {
  /** Global id, as the API returns it. */
  id: string;
  /** Database uuid, for service-level set-up and assertions. */
  rawId: string;
  email: string;
  password: string;
  roles: RoleName[];
}

let accountCounter = 0;

/**
 * Creates a user with `roles` through the real services: staff (SUPPORT or ADMIN among the roles)
 * through AuthService.createStaffUser, as an admin would; buyers and sellers by signing up
 * through the API.
 */
export async function createUser(
  stack: Pick<ConsoleStack, 'baseUrl' | 'services'>,
  roles: RoleName[],
): Promise<ConsoleUser> {
  accountCounter += 1;
  const email = `e2e-${accountCounter}-${crypto.randomBytes(4).toString('hex')}@example.test`;
  const password = 'browser test password 0001';
  if (roles.includes('SUPPORT') || roles.includes('ADMIN')) {
    const created = await stack.services.auth.createStaffUser(
      null,
      {
        email,
        password,
        displayName: `${roles.join(' ').toLowerCase()} ${accountCounter}`,
        roles: roles as never,
      },
      {
        requestId: 'browser-test',
        address: '127.0.0.1',
        userAgent: null,
        expensiveOperations: new ExpensiveOperationBudget(1),
      },
    );
    if (!('user' in created)) throw new Error(`createStaffUser failed: ${JSON.stringify(created)}`);
    return { id: toGlobalId('User', created.user.id), rawId: created.user.id, email, password, roles };
  }
  const unknownRoles = roles.filter((role) => role !== 'BUYER' && role !== 'SELLER');
  if (unknownRoles.length > 0) throw new Error(`unknown roles ${unknownRoles.join(', ')}`);
  const signedUp = await signUp(stack.baseUrl, {
    email,
    password,
    displayName: `${roles.includes('SELLER') ? 'seller' : 'buyer'} ${accountCounter}`,
    sellerAccount: roles.includes('SELLER'),
  });
  return {
    id: signedUp.userId,
    rawId: fromGlobalId(signedUp.userId, 'User')!,
    email,
    password,
    roles: roles.includes('SELLER') ? ['BUYER', 'SELLER'] : ['BUYER'],
  };
}

/** Signs `user` in through the API and returns the session's cookies as the browser would store them. */
export async function sessionCookies(
  stack: Pick<ConsoleStack, 'baseUrl'>,
  user: Pick<ConsoleUser, 'email' | 'password'>,
): Promise<Parameters<BrowserContext['addCookies']>[0]> {
  const response = await fetch(`${stack.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
    body: JSON.stringify({
      query:
        'mutation ($input: LogInInput!) { logIn(input: $input) { user { id } errors { code message } } }',
      variables: { input: { email: user.email, password: user.password } },
    }),
  });
  const body = (await response.json()) as { data?: { logIn: { user: unknown; errors: unknown[] } } };
  if (!body.data?.logIn.user) throw new Error(`logIn failed: ${JSON.stringify(body)}`);
  const host = new URL(stack.baseUrl).hostname;
  return [...setCookies(response.headers)].map(([name, { value, attributes }]) => {
    const attribute = (key: string) =>
      attributes.find((entry) => entry.startsWith(`${key}=`))?.slice(key.length + 1);
    const maxAge = attribute('max-age');
    const expires = attribute('expires');
    const sameSite = attribute('samesite');
    return {
      name,
      value,
      domain: host,
      path: attribute('path') ?? '/',
      httpOnly: attributes.includes('httponly'),
      secure: attributes.includes('secure'),
      sameSite: sameSite === 'strict' ? 'Strict' : sameSite === 'none' ? 'None' : 'Lax',
      expires: maxAge
        ? Math.floor(Date.now() / 1000) + Number(maxAge)
        : expires
          ? Math.floor(Date.parse(expires) / 1000)
          : -1,
    };
  });
}

/** What went wrong in a page: uncaught errors, console errors, CSP violations. */
export function collectPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location().url;
    problems.push(`console error: ${message.text()}${where ? ` (${where})` : ''}`);
  });
  return problems;
}

export interface SignedInPage {
  page: Page;
  context: BrowserContext;
  user: ConsoleUser;
  /** Uncaught errors and console errors of the page since it opened (collectPageProblems). */
  problems: string[];
}

export interface SignedInPageOptions {
  roles: RoleName[];
  /** Console path to open, relative to /console/ (default: the home page, which redirects by role). */
  path?: string;
  /** An existing context (another tab of the same browser session); by default a new one. */
  context?: BrowserContext;
  /** An existing user; by default a new one with `roles`. */
  user?: ConsoleUser;
}

/**
 * A new user with `roles`, signed in through the API, in a fresh browser context holding the real
 * session cookies, on the console page `path` once the layout shows who is signed in.
 */
export async function signedInPage(
  stack: ConsoleStack,
  browser: Browser,
  options: SignedInPageOptions,
): Promise<SignedInPage> {
  const user = options.user ?? (await createUser(stack, options.roles));
  const context = options.context ?? (await browser.newContext({ baseURL: stack.baseUrl }));
  if (!options.context) await context.addCookies(await sessionCookies(stack, user));
  const page = await context.newPage();
  const problems = collectPageProblems(page);
  await page.goto(consolePath(options.path ?? ''));
  await page.getByTestId('viewer-name').waitFor({ state: 'visible' });
  return { page, context, user, problems };
}

/** `/console/<relative>` */
export function consolePath(relative: string): string {
  return `/console/${relative.replace(/^\//, '')}`;
}

let axeSource: string | undefined;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; html: string; failureSummary?: string }[];
}

/**
 * Runs axe-core in the page and fails on any serious or critical violation, listing each with
 * the elements it found. The source is evaluated through the DevTools protocol, which the page's
 * Content-Security-Policy does not govern: the policy stays as users get it.
 */
export async function expectAccessible(page: Page): Promise<void> {
  axeSource ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // page.evaluate has no deadline of its own: each step gets one, so a page that never answers
  // fails this check saying where, instead of hanging the test until jest's timeout.
  const step = <T>(description: string, work: Promise<T>) =>
    withinDeadline(work, 30_000, `the accessibility check (${description})`);
  const hasAxe = await step(
    'axe loaded?',
    page.evaluate(() => 'axe' in window),
  );
  if (!hasAxe) await step('loading axe', page.evaluate(axeSource));
  // axe reads colours as they are at this moment: a CSS transition still running (a control just
  // enabled again, fading back from its disabled grey) would be judged by its in-between colour.
  // So the page's running finite animations and transitions end first (a spinner's never does,
  // nor does a paused one's), for at most 5 seconds.
  await step(
    'animations ending',
    page.evaluate(() =>
      Promise.race([
        Promise.all(
          document
            .getAnimations()
            .filter(
              (animation) =>
                animation.playState === 'running' &&
                animation.effect?.getComputedTiming().endTime !== Infinity,
            )
            .map((animation) => animation.finished.catch(() => undefined)),
        ),
        new Promise((resolve) => setTimeout(resolve, 5_000)),
      ]),
    ),
  );
  const violations = await step(
    'axe.run',
    page.evaluate(async () => {
      const axe = (
        window as unknown as { axe: { run(context: Document, options: object): Promise<unknown> } }
      ).axe;
      const results = (await axe.run(document, { resultTypes: ['violations'] })) as { violations: unknown[] };
      return results.violations;
    }),
  );
  const blocking = (violations as AxeViolation[]).filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
  if (blocking.length === 0) return;
  const report = blocking
    .map((violation) =>
      [
        `- [${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})`,
        ...violation.nodes
          .slice(0, 5)
          .map((node) => `    ${node.target.join(' ')}: ${node.html.slice(0, 160).replace(/\s+/g, ' ')}`),
        ...(violation.nodes.length > 5 ? [`    ... and ${violation.nodes.length - 5} more`] : []),
      ].join('\n'),
    )
    .join('\n');
  throw new Error(
    `axe-core found ${blocking.length} serious or critical violation(s) on ${page.url()}:\n${report}`,
  );
}

/** Saves the page to docs/screenshots/<name>.png (committed, shown in the README). */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  if (!/^[a-z0-9][a-z0-9-]{0,60}$/.test(name))
    throw new Error(`screenshot name "${name}": use a-z, 0-9 and -`);
  fs.mkdirSync(screenshotsDirectory, { recursive: true });
  const file = path.join(screenshotsDirectory, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
  return file;
}

/** `work`, or an error naming `description` once `timeoutMs` passed without it settling. */
export async function withinDeadline<T>(
  work: Promise<T>,
  timeoutMs: number,
  description: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${description}`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Resolves once `condition` holds, checking every 10 ms; fails after `timeoutMs` with `description`.
 * For conditions the browser cannot signal (rows, the server's request log).
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  description: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Revokes every session of `user`, as a logout everywhere or an admin would: the next refresh is refused. */
export async function revokeSessions(
  stack: Pick<ConsoleStack, 'services'>,
  user: Pick<ConsoleUser, 'rawId'>,
): Promise<void> {
  await withTransaction(stack.services.database, (tx) =>
    stack.services.auth.revokeAllSessions(tx, user.rawId, 'BROWSER_TEST'),
  );
}

/** A GraphQL client of the API signed in as `user` (cookies and CSRF header), for set-up through the API. */
export async function apiClient(
  stack: Pick<ConsoleStack, 'baseUrl'>,
  user: Pick<ConsoleUser, 'email' | 'password'>,
) {
  const client = new TestClient(stack.baseUrl);
  const answer = await client.graphql<{ logIn: { user: unknown; errors: unknown[] } }>(
    'mutation ($input: LogInInput!) { logIn(input: $input) { user { id } errors { code message } } }',
    { input: { email: user.email, password: user.password } },
  );
  if (!answer.data?.logIn.user) throw new Error(`logIn failed: ${JSON.stringify(answer)}`);
  return client;
}

/** Deletes the access cookie from `context`: what a browser holds once it has expired. */
export async function expireAccessCookie(context: BrowserContext): Promise<void> {
  await context.clearCookies({ name: /^(__Host-)?cs_access$/ });
}

/**
 * Records each subscription the API has registered (PostgresPubSub.resume returned: from then on
 * every commit reaches it). A test waits for the page's subscription before it changes data, so
 * "the change appears live" cannot fail because the page had not subscribed yet.
 */
export function watchSubscriptions(stack: ConsoleStack): {
  registered: (topic: string, scopeId?: string) => Promise<void>;
} {
  const seen: string[] = [];
  const waiting = new Set<{ key: string; resolve: () => void }>();
  const pubsub = stack.services.pubsub;
  const resume = pubsub.resume.bind(pubsub);
  pubsub.resume = (async (request: Parameters<typeof resume>[0]) => {
    const result = await resume(request);
    const key = `${request.topic}:${request.scopeId ?? ''}`;
    seen.push(key);
    for (const waiter of [...waiting]) {
      if (waiter.key === key) {
        waiting.delete(waiter);
        waiter.resolve();
      }
    }
    return result;
  }) as typeof pubsub.resume;
  return {
    registered: (topic, scopeId) => {
      const key = `${topic}:${scopeId ?? ''}`;
      if (seen.includes(key)) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const waiter = { key, resolve };
        waiting.add(waiter);
        setTimeout(() => {
          if (waiting.delete(waiter)) reject(new Error(`no subscription to ${key} within 15 s`));
        }, 15_000).unref();
      });
    },
  };
}

// The server's fixtures, to build a marketplace state through the API (each takes `stack.testApp`).
export { TestClient } from '../../../server/test/harness';
export {
  addCodes,
  createListing,
  fundWallet,
  newBuyer,
  newSeller,
  purchase,
  type Party,
} from '../../../server/test/marketplace';
export {
  decide,
  disputedOrder,
  heldOrder,
  newStaff,
  openDispute,
  requestResponse,
  startReview,
} from '../../../server/test/dispute-helpers';

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { Services } from '../../../server/src/services';
import { freePort } from '../../../server/test/free-port';
import { fromGlobalId } from '../../../server/src/graphql/relay';
import { signUp, startTestApp, type TestApp } from '../../../server/test/harness';
import { createListing, type Party } from '../../../server/test/marketplace';
import { settle, topUpAndPay, walletBalance } from '../../../server/test/wallet-helpers';
import {
  apiClient,
  collectPageProblems,
  createUser,
  repositoryRoot,
  RequestRecorder,
  sessionCookies,
  type ConsoleUser,
  type RoleName,
} from '../../console/e2e/browser-harness';

/**
 * Browser tests of the buyer app: real Chromium (playwright-core, Debian's /usr/bin/chromium)
 * against the buyer app's own server (`node clients/buyer/server.mjs`, the production build the
 * browser suite's global setup makes) in a child process, forwarding the API's paths to the real
 * API, which runs in-process on a fresh database of the run's embedded PostgreSQL with the
 * in-process Stripe emulator and jobs run on demand. The browser sees one origin, as in
 * production. Everything the console harness offers that is not about the console is re-exported
 * from it (launchBrowser, expectAccessible, saveScreenshot, waitFor, the server's fixtures).
 */

export const buyerDirectory = path.join(repositoryRoot, 'clients', 'buyer');

export interface BuyerStack {
  /** http://127.0.0.1:<port>: the buyer app (server.mjs), which the browser opens. */
  buyerUrl: string;
  /** http://127.0.0.1:<port>: the API itself (in-process), for set-up through the API. */
  apiUrl: string;
  /** The API, under ConsoleStack's name, so the console harness's helpers (createUser, apiClient, ...) take a BuyerStack. */
  baseUrl: string;
  services: Services;
  /** The server test harness's app: for the server's fixtures (server/test/marketplace.ts, dispute-helpers.ts). */
  testApp: TestApp;
  /** Requests answered by the API since start (or the last `requests.clear()`): the browser's, through the forwarder, and the app's own. */
  requests: RequestRecorder;
  /** What the buyer server printed (stdout and stderr), for a failing test's message. */
  buyerOutput(): string;
  /** Runs every job due now (payouts, auto-release, top-up webhooks, ...) and returns when the queue is drained. */
  runJobsOnce(): Promise<void>;
  stop(): Promise<void>;
}

export interface BuyerStackOptions {
  /** API configuration overrides (environment variable names), e.g. `{ ACCESS_TOKEN_TTL_SECONDS: '30' }`. */
  env?: Record<string, string>;
  /** Extra environment of the buyer server process. */
  buyerEnv?: Record<string, string>;
}

const buyerStartTimeoutMs = 60_000;

/**
 * The real API on a fresh database and the built buyer app in front of it. Must run under the
 * browser jest config, whose global setup starts PostgreSQL and builds the buyer app.
 *
 * PUBLIC_URL is the buyer app's origin: absolute links the API builds (signed attachment
 * downloads, listing images) then go through the buyer server, as the browser's other requests do.
 * The API trusts the forwarder's X-Forwarded-For (TRUST_PROXY=loopback), as `npm start` sets it.
 */
export async function startBuyerStack(options: BuyerStackOptions = {}): Promise<BuyerStack> {
  if (!fs.existsSync(path.join(buyerDirectory, '.next', 'BUILD_ID'))) {
    throw new Error(
      `${buyerDirectory}/.next has no BUILD_ID: run \`npm run build -w clients/buyer\` (the browser tests' global setup does, unless BUYER_E2E_BUILD=skip)`,
    );
  }
  const buyerPort = await freePort();
  const buyerUrl = `http://127.0.0.1:${buyerPort}`;
  const testApp = await startTestApp({
    PUBLIC_URL: buyerUrl,
    // As `npm start` sets it: links the API mails to customers (password reset) lead to the store.
    STOREFRONT_URL: buyerUrl,
    TRUST_PROXY: 'loopback',
    JOBS_WORKER_ENABLED: 'false',
    ...options.env,
  });
  const requests = new RequestRecorder();
  const listener = (request: IncomingMessage, response: ServerResponse) => requests.listen(request, response);
  testApp.app.fastify.server.on('request', listener);
  let buyer: { child: ChildProcess; output: () => string; url: string };
  try {
    buyer = await startBuyerServer({
      CODESALE_API_URL: testApp.baseUrl,
      BUYER_PORT: String(buyerPort),
      BUYER_HOST: '127.0.0.1',
      ...options.buyerEnv,
    });
  } catch (error) {
    testApp.app.fastify.server.off('request', listener);
    await testApp.close();
    throw error;
  }
  return {
    buyerUrl: buyer.url,
    apiUrl: testApp.baseUrl,
    baseUrl: testApp.baseUrl,
    services: testApp.services,
    testApp,
    requests,
    buyerOutput: buyer.output,
    runJobsOnce: () => testApp.services.jobs.runJobsOnce(),
    stop: async () => {
      await stopChild(buyer.child);
      testApp.app.fastify.server.off('request', listener);
      await testApp.close();
    },
  };
}

/**
 * Spawns `node clients/buyer/server.mjs` and resolves with its URL once it prints
 * `Buyer app at http://localhost:<port>/` (it listens by then); fails with its output if it
 * exits first or prints nothing within a minute.
 */
async function startBuyerServer(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; output: () => string; url: string }> {
  const child = spawn(process.execPath, [path.join(buyerDirectory, 'server.mjs')], {
    cwd: buyerDirectory,
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    // Enough to explain a failure, not a growing log of every request.
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      finish();
      child.kill('SIGKILL');
      reject(new Error(`the buyer server printed no address within ${buyerStartTimeoutMs} ms:\n${output}`));
    }, buyerStartTimeoutMs);
    const onData = () => {
      const match = /Buyer app at http:\/\/localhost:(\d+)\//.exec(output);
      if (!match) return;
      finish();
      resolve(Number(match[1]));
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      finish();
      reject(new Error(`the buyer server exited (${signal ?? `exit ${code}`}) before listening:\n${output}`));
    };
    const finish = () => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
  const host = env['BUYER_HOST'] && env['BUYER_HOST'] !== '0.0.0.0' ? env['BUYER_HOST'] : '127.0.0.1';
  return { child, output: () => output, url: `http://${host}:${port}` };
}

/** SIGTERM (server.mjs closes and exits), then SIGKILL if it is still there after 10 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export interface SignedInBuyerPage {
  page: Page;
  context: BrowserContext;
  user: ConsoleUser;
  /** The user as the server's fixtures take it (createListing, purchase, ...): an API client signed in as the user. */
  party: Party;
  /** Uncaught errors and console errors of the page since it opened (collectPageProblems). */
  problems: string[];
}

export interface SignedInBuyerPageOptions {
  /** Sign up with this email (default: a fresh one). */
  email?: string;
  /** Also a seller (API keys, listings): every user is a buyer. */
  seller?: boolean;
  /**
   * Fund the wallet with this many minor units (EUR) before the page opens: real top-ups
   * through the API, confirmed at the emulator with the test card pm_card_visa, credited by the
   * webhook, so the ledger holds them as a buyer's own top-ups (at most TOP_UP_MAX_AMOUNT each).
   */
  walletBalance?: number;
  /** Path of the buyer app to open (default `/`). */
  path?: string;
  /** An existing context (another tab of the same browser session); by default a new one with the user's cookies. */
  context?: BrowserContext;
  /** An existing user; by default a new one. */
  user?: ConsoleUser;
}

/**
 * A user signed up (or given) and signed in through GraphQL, whose session cookies a fresh browser
 * context holds (they are the buyer app's: same host, and cookies ignore the port), on the buyer
 * app's page `path` once it has loaded.
 */
export async function signedInBuyerPage(
  stack: BuyerStack,
  browser: Browser,
  options: SignedInBuyerPageOptions = {},
): Promise<SignedInBuyerPage> {
  const roles: RoleName[] = options.seller ? ['BUYER', 'SELLER'] : ['BUYER'];
  const user = options.user ?? (await createBuyerUser(stack, roles, options.email));
  const client = await apiClient(stack, user);
  const party: Party = { client, id: user.id, rawId: user.rawId };
  if (options.walletBalance) await fundWalletByCard(stack, party, options.walletBalance);
  const context = options.context ?? (await browser.newContext({ baseURL: stack.buyerUrl }));
  if (!options.context) await context.addCookies(await sessionCookies({ baseUrl: stack.buyerUrl }, user));
  const page = await context.newPage();
  const problems = collectPageProblems(page);
  await page.goto(options.path ?? '/');
  return { page, context, user, party, problems };
}

async function createBuyerUser(stack: BuyerStack, roles: RoleName[], email?: string): Promise<ConsoleUser> {
  if (!email) return createUser(stack, roles);
  const password = 'browser test password 0001';
  const signedUp = await signUp(stack.apiUrl, {
    email,
    password,
    displayName: email.split('@')[0] ?? 'buyer',
    sellerAccount: roles.includes('SELLER'),
  });
  return {
    id: signedUp.userId,
    rawId: fromGlobalId(signedUp.userId, 'User')!,
    email,
    password,
    roles,
  };
}

/**
 * Tops `buyer`'s EUR wallet up by `amount` minor units through the real path: createTopUp, the
 * card confirmed at the emulator, its webhook processed. Splits amounts above TOP_UP_MAX_AMOUNT.
 * Returns the balance afterwards.
 */
export async function fundWalletByCard(stack: BuyerStack, buyer: Party, amount: number): Promise<number> {
  const { topUpMinAmount, topUpMaxAmount } = stack.testApp.config.wallet;
  if (amount < topUpMinAmount) {
    throw new Error(`a top-up is at least ${topUpMinAmount} (TOP_UP_MIN_AMOUNT); asked for ${amount}`);
  }
  let left = amount;
  while (left > 0) {
    // Never leave a remainder below the minimum.
    let chunk = Math.min(left, topUpMaxAmount);
    if (left - chunk > 0 && left - chunk < topUpMinAmount) chunk = left - topUpMinAmount;
    const answer = await topUpAndPay(
      stack.testApp,
      { client: buyer.client, userId: buyer.id, rawId: buyer.rawId },
      chunk,
    );
    if (!answer.topUp) throw new Error(`createTopUp failed: ${JSON.stringify(answer.errors)}`);
    left -= chunk;
  }
  await settle(stack.testApp);
  return walletBalance(stack.testApp, buyer.rawId);
}

export interface SeededListing {
  /** Global id. */
  listingId: string;
  title: string;
  price: number;
  codes: string[];
}

/**
 * A seller (new unless given) with `count` active listings, each with `codes` codes, created
 * through the API as a seller would (server/test/marketplace.ts). For thousands, see the catalog
 * benchmark's bulk path (server/src/bench/catalog.bench.ts).
 */
export async function seedListings(
  stack: BuyerStack,
  options: {
    count?: number;
    codes?: number;
    price?: number;
    seller?: Party;
    title?: (index: number) => string;
  } = {},
): Promise<{ seller: Party; listings: SeededListing[] }> {
  const seller = options.seller ?? (await newSellerParty(stack));
  const listings: SeededListing[] = [];
  for (let index = 0; index < (options.count ?? 1); index += 1) {
    const title = options.title?.(index) ?? `Browser test game ${index + 1}`;
    const price = options.price ?? 1_999;
    const created = await createListing(seller, { title, price, codes: options.codes ?? 1 });
    listings.push({ listingId: created.listingId, title, price, codes: created.codes });
  }
  return { seller, listings };
}

async function newSellerParty(stack: BuyerStack): Promise<Party> {
  const user = await createUser(stack, ['SELLER']);
  return { client: await apiClient(stack, user), id: user.id, rawId: user.rawId };
}

/**
 * Waits until `locator`'s element has the focus (document.activeElement): a focus moved in an effect
 * lands just after the render that shows the element. Fails naming the element that has it instead.
 */
export async function expectFocusOn(locator: Locator, timeoutMs = 5_000): Promise<void> {
  await locator.waitFor();
  const deadline = Date.now() + timeoutMs;
  while (!(await locator.evaluate((element) => element === document.activeElement))) {
    if (Date.now() > deadline) {
      const focused = await locator.page().evaluate(() => {
        const element = document.activeElement;
        if (!element) return 'nothing';
        const testId = element.getAttribute('data-testid');
        return `<${element.tagName.toLowerCase()}${testId ? ` data-testid="${testId}"` : ''}> "${(element.textContent ?? '').slice(0, 80)}"`;
      });
      throw new Error(`expected the focus on ${String(locator)}, but it is on ${focused}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// What the console harness offers that is not about the console.
export {
  apiClient,
  chromiumArguments,
  collectPageProblems,
  createUser,
  expectAccessible,
  expireAccessCookie,
  launchBrowser,
  RequestRecorder,
  revokeSessions,
  saveScreenshot,
  screenshotsDirectory,
  sessionCookies,
  waitFor,
  type ConsoleUser,
  type RecordedRequest,
  type RoleName,
} from '../../console/e2e/browser-harness';
// The server's fixtures, to build a marketplace state through the API (each takes `stack.testApp`).
export {
  addCodes,
  createListing,
  decide,
  disputedOrder,
  fundWallet,
  heldOrder,
  newBuyer,
  newSeller,
  newStaff,
  openDispute,
  purchase,
  requestResponse,
  startReview,
  TestClient,
  type Party,
} from '../../console/e2e/browser-harness';
export { createTopUp, pay, settle, topUpAndPay, walletBalance } from '../../../server/test/wallet-helpers';
export { queryDatabase, subscribe } from '../../../server/test/harness';

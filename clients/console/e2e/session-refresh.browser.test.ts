import { parse } from 'graphql';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  consolePath,
  expireAccessCookie,
  launchBrowser,
  revokeSessions,
  signedInPage,
  startConsoleStack,
  waitFor,
  type ConsoleStack,
} from './browser-harness';
import { queryDatabase } from '../../../server/test/harness';

/**
 * The single in-flight refresh (clients/shared: SessionRefresher, createAuthRetryLink) in a real
 * browser against the real refresh route, whose refresh tokens rotate with reuse detection: a
 * second refresh with an already-rotated token would revoke the whole session.
 *
 * The five queries are fired through the console's own Apollo client (window.__codesale, see
 * clients/console/src/app/window-hook.ts): no screen of the console runs five authenticated
 * queries at load yet (the areas are built in parallel with this test), and firing them through
 * the client tests the same links a screen uses, independently of how screens are composed.
 */

/** Five different queries a seller may run; each answers UNAUTHENTICATED without an access cookie. */
const sellerQueries = [
  'query RefreshProbeOrders { myOrders(first: 5) { edges { node { id } } } }',
  'query RefreshProbeListings { myListings(first: 5) { edges { node { id } } } }',
  'query RefreshProbeSales { mySales(first: 5) { edges { node { id } } } }',
  'query RefreshProbeApiKeys { myApiKeys(first: 5) { edges { node { id } } } }',
  'query RefreshProbeWallet { myWallet(currency: "EUR") { id currency } }',
].map((text) => parse(text, { noLocation: true }));

interface QueryOutcome {
  ok: boolean;
  detail: string;
}

interface WindowWithClient {
  __codesale: {
    apollo: {
      query(options: { query: unknown; fetchPolicy: string }): Promise<{ data?: Record<string, unknown> }>;
    };
  };
}

/** Fires the five queries at once in `page`, bypassing the cache, and reports how each ended. */
function fireQueries(page: Page): Promise<QueryOutcome[]> {
  return page.evaluate(async (documents) => {
    const { apollo } = (window as unknown as WindowWithClient).__codesale;
    const settled = await Promise.allSettled(
      documents.map((query) => apollo.query({ query, fetchPolicy: 'network-only' })),
    );
    return settled.map((outcome) =>
      outcome.status === 'fulfilled'
        ? { ok: true, detail: Object.keys(outcome.value.data ?? {}).join(',') }
        : { ok: false, detail: String(outcome.reason) },
    );
  }, sellerQueries as unknown[]);
}

/** Starts the five queries and returns at once: the page may navigate away before they settle. */
async function startQueries(page: Page): Promise<void> {
  await page.evaluate((documents) => {
    const { apollo } = (window as unknown as WindowWithClient).__codesale;
    for (const query of documents)
      void apollo.query({ query, fetchPolicy: 'network-only' }).catch(() => undefined);
  }, sellerQueries as unknown[]);
}

const allAnswered: QueryOutcome[] = ['myOrders', 'myListings', 'mySales', 'myApiKeys', 'myWallet'].map(
  (field) => ({ ok: true, detail: field }),
);

/**
 * The five queries' own GraphQL requests, as the browser sent and finished them. Counted by
 * operation name because the page sends requests of its own too: after a refresh the socket
 * reopens and the page refetches its active queries to catch up (clients/shared).
 */
function probeTraffic(context: BrowserContext): { answered: () => number } {
  let answered = 0;
  context.on('requestfinished', (request) => {
    if (
      request.method() === 'POST' &&
      request.url().endsWith('/graphql') &&
      request.postData()?.includes('"operationName":"RefreshProbe')
    )
      answered += 1;
  });
  return { answered: () => answered };
}

/**
 * Holds the browser's refresh requests until `failures` of the five queries' requests were
 * answered (failing as UNAUTHENTICATED): every failure is then waiting on a refresh at once,
 * whatever the machine's speed.
 */
async function holdRefreshesUntilFailures(
  traffic: { answered: () => number },
  context: BrowserContext,
  failures: number,
): Promise<void> {
  await context.route('**/auth/refresh', async (route) => {
    await waitFor(() => traffic.answered() >= failures, `${failures} failed queries before the refresh`);
    await route.continue();
  });
}

async function expectSignedIn(page: Page): Promise<void> {
  expect(new URL(page.url()).pathname).not.toBe('/console/login');
  expect(await page.getByTestId('viewer-name').isVisible()).toBe(true);
}

describe('the session refresh in the browser', () => {
  let stack: ConsoleStack;
  let browser: Browser;
  beforeAll(async () => {
    [stack, browser] = await Promise.all([startConsoleStack(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('given an expired access cookie, when a page fires 5 queries at once, then one refresh and the page stays signed in', async () => {
    const { page, context } = await signedInPage(stack, browser, { roles: ['SELLER'] });
    // The seller's home page (listings) loads its own data: let it finish before counting.
    await page.waitForLoadState('networkidle');
    stack.requests.clear();
    const traffic = probeTraffic(context);
    await holdRefreshesUntilFailures(traffic, context, 5);
    await expireAccessCookie(context);

    const outcomes = await fireQueries(page);

    expect(outcomes).toEqual(allAnswered);
    expect(stack.requests.refreshes()).toEqual([{ method: 'POST', path: '/auth/refresh', status: 200 }]);
    // Each query failed once as UNAUTHENTICATED and was retried once after the refresh.
    expect(traffic.answered()).toBe(10);
    await expectSignedIn(page);
    // The renewed cookie serves what follows without another refresh.
    expect(await fireQueries(page)).toEqual(allAnswered);
    expect(stack.requests.refreshes()).toHaveLength(1);
    await context.close();
  });

  it('given an expired access cookie, when a deep link is opened in a new tab, then the session is renewed and the page opened is that link', async () => {
    const { context, page: signInTab } = await signedInPage(stack, browser, { roles: ['SELLER'] });
    // The tab that signed in is closed first: left open, its own work (a socket reconnecting, a
    // refetch) may renew the session too, and a loaded CI machine once saw two renewals.
    await signInTab.close();
    await expireAccessCookie(context);
    stack.requests.clear();
    const page = await context.newPage();
    await page.goto(consolePath('account'));
    await page.getByRole('heading', { name: 'Account', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/account');
    expect(stack.requests.refreshes()).toEqual([{ method: 'POST', path: '/auth/refresh', status: 200 }]);
    await context.close();
  });

  it('given two tabs of one browser session and an expired access cookie, when both fire 5 queries at once, then both stay signed in and the session lives on', async () => {
    const first = await signedInPage(stack, browser, { roles: ['SELLER'] });
    const second = await signedInPage(stack, browser, {
      roles: ['SELLER'],
      context: first.context,
      user: first.user,
    });
    await Promise.all([
      first.page.waitForLoadState('networkidle'),
      second.page.waitForLoadState('networkidle'),
    ]);
    stack.requests.clear();
    const traffic = probeTraffic(first.context);
    await holdRefreshesUntilFailures(traffic, first.context, 10);
    await expireAccessCookie(first.context);

    const [firstOutcomes, secondOutcomes] = await Promise.all([
      fireQueries(first.page),
      fireQueries(second.page),
    ]);

    expect(firstOutcomes).toEqual(allAnswered);
    expect(secondOutcomes).toEqual(allAnswered);
    // All ten failed, then were retried once each. (The tab that waited for the Web Lock may also
    // have probed the session with `me` when the other tab's localStorage note had not reached it.)
    expect(traffic.answered()).toBe(20);
    // The Web Lock lets one tab refresh while the other waits; the waiting tab then sees the
    // refresh (localStorage, or its probe through the shared cookies) and only retries.
    const refreshes = stack.requests.refreshes();
    expect(refreshes).toHaveLength(1);
    expect(refreshes.every((refresh) => refresh.status === 200)).toBe(true);
    const sessions = await queryDatabase(
      stack.testApp,
      'select revoked_at, revoked_reason from sessions where user_id = $1',
      [first.user.rawId],
    );
    // Set-up opened two (sign-up and the browser's log-in); a reused refresh token would revoke one.
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.filter((session) => session.revoked_at !== null)).toEqual([]);
    await expectSignedIn(first.page);
    await expectSignedIn(second.page);
    expect(await fireQueries(second.page)).toEqual(allAnswered);
    await first.context.close();
  });

  it('given a session revoked on the server, when the refresh is refused, then the page lands on the login page once, with no refresh loop', async () => {
    const { page, context, user } = await signedInPage(stack, browser, { roles: ['SELLER'] });
    await revokeSessions(stack, user);
    stack.requests.clear();
    await expireAccessCookie(context);

    const landedOnLogin = page.waitForURL('**/console/login?ended=1');
    await startQueries(page);
    await landedOnLogin;
    await page.getByRole('heading', { name: 'Sign in to the CodeSale console' }).waitFor();
    // and it says why the agent is there
    await page.getByTestId('session-ended').waitFor();
    // Nothing more is on its way: a loop would keep asking for refreshes.
    await page.waitForLoadState('networkidle');

    expect(stack.requests.refreshes()).toEqual([{ method: 'POST', path: '/auth/refresh', status: 401 }]);
    // The refused refresh cleared the session cookies: nothing is left to renew.
    const names = (await context.cookies()).map((cookie) => cookie.name);
    expect(names.filter((name) => name.includes('cs_'))).toEqual([]);
    await context.close();
  });
});

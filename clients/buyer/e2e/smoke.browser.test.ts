import type { Browser } from 'playwright-core';
import { createApiKey } from '../../../server/test/harness';
import {
  collectPageProblems,
  launchBrowser,
  queryDatabase,
  signedInBuyerPage,
  startBuyerStack,
  walletBalance,
  type BuyerStack,
} from './buyer-harness';

/**
 * The buyer harness end to end: the built app served by server.mjs, the API's paths forwarded
 * to the real API (HTTP and the graphql-ws WebSocket), a signed-in browser on the buyer's origin.
 */

let stack: BuyerStack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startBuyerStack(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

test('the catalog page loads through the buyer server, which forwards the API paths', async () => {
  const context = await browser.newContext({ baseURL: stack.buyerUrl });
  const page = await context.newPage();
  const problems = collectPageProblems(page);
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-type']).toContain('text/html');
  // and no other site may frame it or have it sniffed as another type
  expect(response?.headers()).toMatchObject({
    'x-frame-options': 'DENY',
    'content-security-policy': "frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
  });
  await page.locator('main').first().waitFor({ state: 'visible' });

  stack.requests.clear();
  const health = await page.evaluate(async () => {
    const answer = await fetch('/healthz');
    return { status: answer.status, body: await answer.text() };
  });
  expect(health.status).toBe(200);
  // Answered by the API itself, not by Next.
  expect(stack.requests.count('GET', '/healthz')).toBe(1);

  // and the footer's way into selling goes to the seller console, which the API serves on this origin
  const sell = page.getByRole('link', { name: 'Sell on CodeSale' });
  expect(await sell.getAttribute('href')).toBe('/console/');
  await page.evaluate(async () => {
    await fetch('/console/');
  });
  expect(stack.requests.count('GET', '/console/')).toBe(1);
  // The app has no favicon (yet): the browser's own request for it is not the page's problem.
  expect(problems.filter((problem) => !problem.includes('/favicon.ico'))).toEqual([]);
  // and the console's uploads reach the API from this origin too: a listing image's POST is to
  // /listing-images itself (refused here for want of a session, by the API, not by Next; the browser logs that 401)
  const upload = await page.evaluate(async () => {
    const answer = await fetch('/listing-images', { method: 'POST', body: 'x' });
    return answer.status;
  });
  expect(upload).toBe(401);
  expect(stack.requests.count('POST', '/listing-images')).toBe(1);
  await context.close();
});

interface SocketMessage {
  type: string;
  id?: string;
  payload?: unknown;
}

test('a graphql-ws subscription from the page works through the forwarder', async () => {
  const { page, party, context, problems } = await signedInBuyerPage(stack, browser, { seller: true });

  // A graphql-ws client in the page, on the buyer's origin with the session cookies and the CSRF
  // token, as the app's Apollo client connects. Resolves once the subscription is registered: a
  // query sent after it on the same socket answers only after the server has set it up.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const state = window as unknown as { viewerEvents: unknown[]; socketClosed?: string };
        state.viewerEvents = [];
        const csrfToken = /(?:^|; )(?:__Host-)?cs_csrf=([^;]*)/.exec(document.cookie)?.[1];
        const socket = new WebSocket(
          `${location.origin.replace(/^http/, 'ws')}/graphql`,
          'graphql-transport-ws',
        );
        const send = (message: SocketMessage) => socket.send(JSON.stringify(message));
        socket.onopen = () => send({ type: 'connection_init', payload: { csrfToken } });
        socket.onmessage = (event) => {
          const message = JSON.parse(String(event.data)) as SocketMessage;
          if (message.type === 'connection_ack') {
            send({
              type: 'subscribe',
              id: 'events',
              payload: { query: 'subscription { viewerEvents { kind subjectId } }' },
            });
            send({ type: 'subscribe', id: 'me', payload: { query: '{ me { id } }' } });
          } else if (message.type === 'next' && message.id === 'events') {
            state.viewerEvents.push(message.payload);
          } else if (message.type === 'complete' && message.id === 'me') {
            resolve();
          } else if (message.type === 'error') {
            reject(new Error(`subscription error: ${JSON.stringify(message.payload)}`));
          }
        };
        socket.onclose = (event) => {
          state.socketClosed = `${event.code} ${event.reason}`;
          reject(new Error(`the socket closed: ${event.code} ${event.reason}`));
        };
      }),
  );

  const apiKey = await createApiKey(party.client, ['CATALOG_READ']);
  await page.waitForFunction(
    () => (window as unknown as { viewerEvents: unknown[] }).viewerEvents.length > 0,
  );
  const events = await page.evaluate(() => (window as unknown as { viewerEvents: unknown[] }).viewerEvents);
  expect(events).toEqual([{ data: { viewerEvents: { kind: 'API_KEY_CREATED', subjectId: apiKey.id } } }]);
  expect(problems).toEqual([]);
  await context.close();
});

test('signedInBuyerPage funds the wallet through real card top-ups, above the per-top-up cap too', async () => {
  const { party, context } = await signedInBuyerPage(stack, browser, { walletBalance: 60_000 });
  expect(await walletBalance(stack.testApp, party.rawId)).toBe(60_000);
  const topUps = await queryDatabase(
    stack.testApp,
    'select amount, status from top_ups where buyer_id = $1 order by amount',
    [party.rawId],
  );
  expect(topUps.map((row) => Number(row.amount))).toEqual([10_000, 50_000]);
  await context.close();
});

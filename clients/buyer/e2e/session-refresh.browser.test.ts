import type { Browser } from 'playwright-core';
import {
  expireAccessCookie,
  launchBrowser,
  revokeSessions,
  signedInBuyerPage,
  startBuyerStack,
  type BuyerStack,
} from './buyer-harness';

/**
 * The buyer app on an expired access cookie: the wallet page fires its queries at once (the
 * header's viewer and balance, the wallet, its history, the payment settings, the live events'
 * socket), every authenticated one fails, and all of them wait for ONE refresh through the buyer
 * server's forwarder (clients/shared: the single in-flight refresh); a second refresh would present
 * the rotated token and revoke the session. The buyer stays signed in and sees the page.
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

test('an expired access cookie on a page firing parallel queries: one refresh, still signed in', async () => {
  // given a signed-in buyer with 50.00 on the wallet page
  const { page, context, problems, user } = await signedInBuyerPage(stack, browser, {
    path: '/wallet',
    walletBalance: 5_000,
  });
  await page.getByTestId('wallet-balance').filter({ hasText: '€50.00' }).waitFor();

  // when the access cookie expires and the page loads again, firing its queries at once
  await expireAccessCookie(context);
  stack.requests.clear();
  await page.reload();

  // then the page shows the wallet and the viewer, signed in
  await page.getByTestId('wallet-balance').filter({ hasText: '€50.00' }).waitFor();
  await page.getByTestId('viewer-name').waitFor();
  expect(page.url()).toMatch(/\/wallet$/);
  // after several GraphQL requests at once, and exactly one refresh, which succeeded
  expect(stack.requests.count('POST', '/graphql')).toBeGreaterThanOrEqual(3);
  expect(stack.requests.refreshes()).toEqual([{ method: 'POST', path: '/auth/refresh', status: 200 }]);
  // and the session is still the one the buyer signed in with (no revocation by token reuse)
  const sessions = await context.request.post(`${stack.buyerUrl}/graphql`, {
    headers: {
      'content-type': 'application/json',
      'apollo-require-preflight': 'true',
      'x-csrf-token': (await context.cookies()).find((cookie) => /cs_csrf$/.test(cookie.name))?.value ?? '',
    },
    data: { query: '{ me { email } mySessions { current } }' },
  });
  const body = (await sessions.json()) as {
    data: { me: { email: string }; mySessions: { current: boolean }[] };
  };
  expect(body.data.me.email).toBe(user.email);
  expect(body.data.mySessions.filter((session) => session.current)).toHaveLength(1);
  expect(problems).toEqual([]);
  await context.close();
});

test('a session revoked elsewhere: the next page sends the buyer to sign in, saying the session ended, and back', async () => {
  // given a signed-in buyer on the orders page, whose sessions are then all revoked (sign out everywhere, a new password)
  const { page, context, user } = await signedInBuyerPage(stack, browser, { path: '/orders' });
  await page.getByTestId('viewer-name').waitFor();
  await revokeSessions(stack, user);
  await expireAccessCookie(context);

  // when the page loads again: its refresh is refused
  await page.reload();

  // then the sign-in page says why, and signing in brings the buyer back to the orders
  await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('ended') === '1');
  await page.getByTestId('session-ended').waitFor();
  expect(new URL(page.url()).searchParams.get('next')).toBe('/orders');
  await page.getByRole('textbox', { name: 'Email' }).fill(user.email);
  await page.getByRole('textbox', { name: 'Password' }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/orders');
  await context.close();
});

import type { Browser } from 'playwright-core';
import { launchBrowser, signedInBuyerPage, startBuyerStack, type BuyerStack } from './buyer-harness';

/**
 * A request that gets no answer (the network dropped, the API restarting) was shown as the
 * browser's own words, "Failed to fetch". Every page that shows a failed load now says it in
 * words a buyer can act on (clients/shared errorMessage, as the console does).
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

test('orders that could not be loaded say the server could not be reached, and Try again loads them', async () => {
  const { page, context } = await signedInBuyerPage(stack, browser, { walletBalance: 0, path: '/' });
  // when the orders' request gets no answer
  await context.route('**/graphql', (route) =>
    route.request().postData()?.includes('BuyerOrders') ? route.abort('connectionrefused') : route.fallback(),
  );
  await page.goto('/orders');
  // then the page says what happened and what to do, not "Failed to fetch"
  const alert = page.getByRole('alert').filter({ hasText: 'Your orders could not be loaded' });
  await alert.getByText('The server could not be reached; check the connection and try again.').waitFor();
  expect(await alert.textContent()).not.toContain('Failed to fetch');
  // and once the server answers again, Try again shows the (empty) list
  await context.unroute('**/graphql');
  await alert.getByRole('button', { name: 'Try again' }).click();
  await alert.waitFor({ state: 'detached' });
  await context.close();
});

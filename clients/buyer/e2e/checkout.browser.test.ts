import type { Browser, Page } from 'playwright-core';
import { emulatorOf, paymentIntentOf } from '../../../server/test/wallet-helpers';
import {
  collectPageProblems,
  createTopUp,
  createUser,
  expectAccessible,
  expectFocusOn,
  launchBrowser,
  pay,
  purchase,
  queryDatabase,
  revokeSessions,
  seedListings,
  settle,
  signedInBuyerPage,
  startBuyerStack,
  TestClient,
  walletBalance,
  type BuyerStack,
  type Party,
  type SeededListing,
} from './buyer-harness';

/**
 * Checkout in the browser: one click pattern never makes two orders (double click, two tabs),
 * each refusal shows its own message and changes nothing, a signed-out buyer signs in first.
 * Orders, balances and stock are read from the database and the API, not from the page.
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

const listingPath = (listing: SeededListing) => `/listings/${encodeURIComponent(listing.listingId)}`;

async function ordersOf(buyer: Party): Promise<string[]> {
  const rows = await queryDatabase(stack.testApp, 'select id from orders where buyer_id = $1', [buyer.rawId]);
  return rows.map((row) => String(row['id']));
}

async function stockOf(listing: SeededListing): Promise<number> {
  const data = await new TestClient(stack.apiUrl).data<{ listing: { stock: number } | null }>(
    'query ($id: ID!) { listing(id: $id) { stock } }',
    { id: listing.listingId },
  );
  return data.listing?.stock ?? 0;
}

/** The Buy button once the page is interactive (the viewer is known). */
async function buyButton(page: Page) {
  const button = page.locator('[data-testid=buy-button]:not([disabled])');
  await button.waitFor();
  return button;
}

/** Two clicks in the same task: the second arrives before React could re-render the button as disabled. */
async function clickTwiceAtOnce(page: Page) {
  await page.evaluate(() => {
    const button = document.querySelector<HTMLButtonElement>('[data-testid=buy-button]')!;
    button.click();
    button.click();
  });
}

const orderUrl = /\/orders\/[^/?#]+$/;

test('a double click on Buy makes exactly one order, and the buyer lands on it', async () => {
  const { listings } = await seedListings(stack, { codes: 5, price: 1_999 });
  const listing = listings[0]!;
  const { page, party, context, problems } = await signedInBuyerPage(stack, browser, {
    walletBalance: 5_000,
    path: listingPath(listing),
  });
  await buyButton(page);
  await clickTwiceAtOnce(page);
  await page.waitForURL(orderUrl);
  // and a real double click on the same listing (a new page: a new purchase attempt) too
  await page.goto(listingPath(listing));
  await (await buyButton(page)).dblclick();
  await page.waitForURL(orderUrl);

  expect(await ordersOf(party)).toHaveLength(2);
  expect(await walletBalance(stack.testApp, party.rawId)).toBe(5_000 - 2 * 1_999);
  expect(await stockOf(listing)).toBe(3);
  // /orders/<id> belongs to the orders area (another branch): only this app's own errors count here.
  expect(problems.filter((problem) => !problem.includes('404'))).toEqual([]);
  await context.close();
});

test('the same purchase submitted from two tabs makes exactly one order', async () => {
  const { listings } = await seedListings(stack, { codes: 5, price: 1_000 });
  const listing = listings[0]!;
  const first = await signedInBuyerPage(stack, browser, { walletBalance: 5_000, path: listingPath(listing) });
  const second = await first.context.newPage();
  await second.goto(listingPath(listing));
  const tabs = [first.page, second];
  await Promise.all(tabs.map(buyButton));

  // Both tabs press Buy at once.
  await Promise.all(tabs.map((tab) => tab.getByTestId('buy-button').click()));
  // Each tab ends on the order, or says the listing was just bought (with a link to that order).
  const outcomes = await Promise.all(
    tabs.map(async (tab) => {
      await Promise.race([tab.waitForURL(orderUrl), tab.getByTestId('already-bought').waitFor()]);
      return orderUrl.test(tab.url())
        ? new URL(tab.url()).pathname
        : await tab.getByRole('link', { name: 'View that order' }).getAttribute('href');
    }),
  );
  const orders = await ordersOf(first.party);
  expect(orders).toHaveLength(1);
  expect(outcomes[0]).toBe(outcomes[1]);
  expect(await walletBalance(stack.testApp, first.party.rawId)).toBe(4_000);

  // A tab opened before the other tab bought asks before buying a second code.
  const early = await first.context.newPage();
  await early.goto(listingPath(listing));
  await buyButton(early);
  const late = await first.context.newPage();
  await late.goto(listingPath(listing));
  await (await buyButton(late)).click();
  await late.waitForURL(orderUrl);
  await early.getByTestId('buy-button').click();
  await early.getByTestId('already-bought').waitFor();
  expect(await ordersOf(first.party)).toHaveLength(2);
  // Buying another on purpose is one more order, no more.
  await early.getByRole('button', { name: 'Buy another code' }).click();
  await early.waitForURL(orderUrl);
  expect(await ordersOf(first.party)).toHaveLength(3);
  await first.context.close();
});

test('an answer lost on the network: pressing again resends the same key, and the order is not doubled', async () => {
  const { listings } = await seedListings(stack, { codes: 3, price: 1_200 });
  const listing = listings[0]!;
  const { page, party, context } = await signedInBuyerPage(stack, browser, {
    walletBalance: 5_000,
    path: listingPath(listing),
  });
  const keys: string[] = [];
  let dropped = false;
  await page.route('**/graphql', async (route) => {
    const body = route.request().postData() ?? '';
    if (!body.includes('PurchaseListing')) return route.continue();
    keys.push(
      (JSON.parse(body) as { variables: { input: { idempotencyKey: string } } }).variables.input
        .idempotencyKey,
    );
    if (dropped) return route.continue();
    dropped = true;
    // The server takes the purchase and answers; the answer never reaches the page.
    await route.fetch();
    await route.abort('connectionreset');
  });
  await (await buyButton(page)).click();
  await page.getByTestId('purchase-unknown').waitFor();
  expect(await ordersOf(party)).toHaveLength(1);

  await page.getByRole('button', { name: /^Try again: buy for/ }).click();
  await page.waitForURL(orderUrl);
  expect(keys).toHaveLength(2);
  expect(keys[1]).toBe(keys[0]);
  expect(await ordersOf(party)).toHaveLength(1);
  expect(await walletBalance(stack.testApp, party.rawId)).toBe(5_000 - 1_200);
  await context.close();
});

/** A buyer with `balance` on a listing's page at `price`, who pressed Buy and was refused for want of money. */
async function refusedForFunds(options: { codes: number; price: number; balance: number }) {
  const { listings } = await seedListings(stack, { codes: options.codes, price: options.price });
  const listing = listings[0]!;
  const signedIn = await signedInBuyerPage(stack, browser, {
    walletBalance: options.balance,
    path: listingPath(listing),
  });
  await (await buyButton(signedIn.page)).click();
  const refusal = signedIn.page.getByTestId('refusal-INSUFFICIENT_FUNDS');
  await refusal.waitFor();
  return { listing, ...signedIn, refusal };
}

test('insufficient funds: its message, a top-up of the missing amount, and nothing changed', async () => {
  const { listing, page, party, context, refusal } = await refusedForFunds({
    codes: 2,
    price: 1_999,
    balance: 1_000,
  });
  expect(await refusal.textContent()).toContain('Not enough money in your wallet');
  // the keyboard and screen readers land on the refusal (the busy button took the focus with it)
  await expectFocusOn(refusal);
  expect(await refusal.getByRole('link', { name: /Top up/ }).getAttribute('href')).toBe(
    `/wallet?topup=999&currency=EUR&return=${encodeURIComponent(listingPath(listing))}`,
  );
  await expectAccessible(page);
  expect(await ordersOf(party)).toEqual([]);
  expect(await walletBalance(stack.testApp, party.rawId)).toBe(1_000);
  expect(await stockOf(listing)).toBe(2);
  await context.close();
});

test('insufficient funds below the smallest top-up: the link offers the smallest top-up, says why, and the wallet takes it, then leads back to the listing', async () => {
  // given a buyer with 5.00 and a code at 5.50: 0.50 short, less than the smallest top-up (5.00)
  expect(stack.testApp.config.wallet.topUpMinAmount).toBe(500);
  // when the buyer presses Buy
  const { listing, page, party, context, refusal } = await refusedForFunds({
    codes: 1,
    price: 550,
    balance: 500,
  });

  // then the refusal says what is missing, and offers the smallest top-up, saying why it is more
  expect(await refusal.textContent()).toContain('your wallet is €0.50 short');
  expect(await refusal.textContent()).toContain('The smallest top-up is €5.00');
  const link = refusal.getByRole('link', { name: 'Top up €5.00 (the smallest top-up)' });
  expect(await link.getAttribute('href')).toBe(
    `/wallet?topup=500&currency=EUR&return=${encodeURIComponent(listingPath(listing))}`,
  );
  await expectAccessible(page);

  // and the wallet takes that amount as it is pre-filled, and once it is paid offers the way back
  // to the listing (a newcomer probe had to find it again in the catalog), where Buy now works
  await link.click();
  await page.getByLabel('Amount (EUR)').and(page.locator('[value="5.00"]')).waitFor();
  await page.getByRole('button', { name: 'Continue to payment' }).click();
  expect(await page.getByText(/Top up between/).count()).toBe(0);
  await page.getByLabel('Card number').fill('4242 4242 4242 4242');
  await page.getByLabel('Expiry (MM/YY)').fill('12/34');
  await page.getByLabel('CVC').fill('123');
  await page.getByRole('button', { name: 'Pay €5.00' }).click();
  await page.getByTestId('top-up-processing').waitFor();
  await settle(stack.testApp);
  await page.getByTestId('top-up-succeeded').waitFor();
  await page.getByRole('link', { name: 'Back to the listing' }).click();
  await page.waitForURL((url) => url.pathname === listingPath(listing));
  await (await buyButton(page)).click();
  await page.waitForURL(orderUrl);
  expect(await ordersOf(party)).toHaveLength(1);
  expect(await walletBalance(stack.testApp, party.rawId)).toBe(1_000 - 550);

  // and a link from elsewhere with an amount below the smallest top-up pre-fills the smallest one,
  // with no way back to offer
  await page.goto('/wallet?topup=50&currency=EUR');
  await page.getByLabel('Amount (EUR)').and(page.locator('[value="5.00"]')).waitFor();
  expect(await page.getByRole('link', { name: 'Back to the listing' }).count()).toBe(0);
  await context.close();
});

test('after Buy, the keyboard lands on the new order: its heading, which names its state', async () => {
  const { listings } = await seedListings(stack, { codes: 1, price: 1_000 });
  const listing = listings[0]!;
  const { page, context } = await signedInBuyerPage(stack, browser, {
    walletBalance: 5_000,
    path: listingPath(listing),
  });
  await (await buyButton(page)).click();
  await page.waitForURL(orderUrl);
  await page.getByTestId('order-state').waitFor();
  const heading = page.getByRole('heading', { level: 1, name: listing.title });
  await expectFocusOn(heading);
  // (a screen reader reads the order's state with the heading)
  const described = await heading.getAttribute('aria-describedby');
  expect(described).toBeTruthy();
  expect(await page.locator(`[id="${described}"]`).textContent()).toBe('Awaiting your confirmation');
  await expectAccessible(page);
  await context.close();
});

test('Reveal the code: the keyboard lands on the revealed code', async () => {
  const { listings } = await seedListings(stack, { codes: 1, price: 1_000 });
  const listing = listings[0]!;
  const { page, party, context } = await signedInBuyerPage(stack, browser, { walletBalance: 5_000 });
  const bought = await purchase(party, listing.listingId);
  expect(bought.errors).toEqual([]);
  await page.goto(`/orders/${encodeURIComponent(bought.order!.id)}`);
  await page.getByRole('button', { name: 'Reveal the code' }).click();
  const code = page.getByTestId('revealed-code');
  await expectFocusOn(code);
  expect(listing.codes).toContain((await code.textContent())?.trim());
  await expectAccessible(page);
  await context.close();
});

test('out of stock: another buyer took the last code after the page loaded; nothing changed', async () => {
  const { listings } = await seedListings(stack, { codes: 1, price: 1_500 });
  const listing = listings[0]!;
  const { page, party, context } = await signedInBuyerPage(stack, browser, {
    walletBalance: 5_000,
    path: listingPath(listing),
  });
  await buyButton(page);
  expect(await page.getByTestId('listing-stock').textContent()).toBe('1 in stock');
  const rival = await signedInBuyerPage(stack, browser, { walletBalance: 2_000 });
  const taken = await purchase(rival.party, listing.listingId);
  expect(taken.order).not.toBeNull();

  await page.getByTestId('buy-button').click();
  const refusal = page.getByTestId('refusal-OUT_OF_STOCK');
  await refusal.waitFor();
  expect(await refusal.textContent()).toContain('The last code was sold just before you pressed Buy');
  // and the page shows the listing as it now is: sold out
  await page.getByRole('button', { name: 'Sold out' }).waitFor();
  expect(await ordersOf(party)).toEqual([]);
  expect(await walletBalance(stack.testApp, party.rawId)).toBe(5_000);
  await rival.context.close();
  await context.close();
});

test('the seller raised the price after the page loaded: nothing charged, the page shows the new price, and Buy pays it', async () => {
  const { seller, listings } = await seedListings(stack, { codes: 2, price: 1_000 });
  const listing = listings[0]!;
  const { page, party, context } = await signedInBuyerPage(stack, browser, {
    walletBalance: 5_000,
    path: listingPath(listing),
  });
  expect(await (await buyButton(page)).textContent()).toBe('Buy for €10.00');
  const changed = await seller.client.data<{ updateListing: { errors: unknown[] } }>(
    'mutation ($input: UpdateListingInput!) { updateListing(input: $input) { errors { code } } }',
    { input: { listingId: listing.listingId, price: 2_500 } },
  );
  expect(changed.updateListing.errors).toEqual([]);

  await page.getByTestId('buy-button').click();
  const refusal = page.getByTestId('refusal-LISTING_CHANGED');
  await refusal.waitFor();
  expect(await refusal.textContent()).toContain('Nothing was charged');
  await page.getByRole('button', { name: 'Buy for €25.00' }).waitFor();
  // the refreshed page's metadata (its <title>) streams in after its body
  await page.waitForFunction(() => document.title !== '');
  await expectAccessible(page);
  expect(await ordersOf(party)).toEqual([]);
  expect(await walletBalance(stack.testApp, party.rawId)).toBe(5_000);
  expect(await stockOf(listing)).toBe(2);

  await page.getByRole('button', { name: 'Buy for €25.00' }).click();
  await page.waitForURL(orderUrl);
  expect(await ordersOf(party)).toHaveLength(1);
  expect(await walletBalance(stack.testApp, party.rawId)).toBe(2_500);
  await context.close();
});

test('a flagged wallet: its message and a link to the wallet; nothing changed', async () => {
  const { listings } = await seedListings(stack, { codes: 2, price: 1_000 });
  const listing = listings[0]!;
  const { page, party, context } = await signedInBuyerPage(stack, browser, { walletBalance: 5_000 });
  // A card top-up disputed at the bank: the chargeback flags the wallet WALLET_AT_RISK.
  const topUp = await createTopUp(
    { client: party.client, userId: party.id, rawId: party.rawId },
    { amount: 1_000 },
  );
  // and a top-up started before the hold, left unpaid
  await createTopUp({ client: party.client, userId: party.id, rawId: party.rawId }, { amount: 2_000 });
  await settle(stack.testApp);
  expect(await pay(stack.testApp, topUp.clientSecret, 'pm_card_createDispute')).toBe('succeeded');
  await settle(stack.testApp);
  const [wallet] = await queryDatabase(stack.testApp, 'select status from wallets where buyer_id = $1', [
    party.rawId,
  ]);
  expect(wallet?.['status']).toBe('WALLET_AT_RISK');
  const balanceBefore = await walletBalance(stack.testApp, party.rawId);

  await page.goto(listingPath(listing));
  await (await buyButton(page)).click();
  const refusal = page.getByTestId('refusal-WALLET_AT_RISK');
  await refusal.waitFor();
  expect(await refusal.textContent()).toContain('Your wallet is on hold');
  expect(await refusal.textContent()).not.toMatch(/contact (CodeSale )?support/i);
  expect(await refusal.getByRole('link', { name: 'See your wallet' }).getAttribute('href')).toBe('/wallet');
  const refusalExplanation = await refusal.getByTestId('hold-explanation').textContent();
  expect(await ordersOf(party)).toEqual([]);
  expect(await walletBalance(stack.testApp, party.rawId)).toBe(balanceBefore);
  expect(await stockOf(listing)).toBe(2);
  // and the wallet page explains the hold in the same words
  await page.getByRole('link', { name: 'See your wallet' }).click();
  const hold = page.getByTestId('wallet-flagged');
  await hold.waitFor();
  expect(await hold.getByTestId('hold-explanation').textContent()).toBe(refusalExplanation);
  // and offers no top-up while the hold lasts (the API would refuse it): it says so instead
  await page.getByTestId('top-up-paused').waitFor();
  expect(await page.getByRole('button', { name: 'Continue to payment' }).count()).toBe(0);
  // nor a Pay of the unpaid top-up, which may only be canceled
  const unpaid = page.getByTestId('unpaid-top-ups');
  await unpaid.getByText('cannot be paid while your wallet is on hold').waitFor();
  expect(await unpaid.getByRole('button', { name: /^Pay the unpaid top-up/ }).count()).toBe(0);
  expect(
    await unpaid.getByRole('button', { name: /^Cancel the unpaid top-up of €20\.00 started/ }).count(),
  ).toBe(1);
  await context.close();
});

test('chargebacks the bank decided for the buyer: the wallet and the Buy refusal say the same true thing, and promise no support channel', async () => {
  // given a new buyer whose two card top-ups were disputed at the bank, and both disputes closed
  // against CodeSale (LOST): the wallet stays WALLET_AT_RISK, and two chargebacks restrict the buyer
  const { listings } = await seedListings(stack, { codes: 2, price: 1_000 });
  const listing = listings[0]!;
  const { page, party, context } = await signedInBuyerPage(stack, browser, { walletBalance: 5_000 });
  const emulator = emulatorOf(stack.testApp);
  // (both started before the first dispute: a wallet on hold takes no more money)
  const topUps = [];
  for (let index = 0; index < 2; index++) {
    const topUp = await createTopUp(
      { client: party.client, userId: party.id, rawId: party.rawId },
      { amount: 1_000 },
    );
    expect(topUp.errors).toEqual([]);
    topUps.push(topUp);
  }
  await settle(stack.testApp);
  for (const topUp of topUps) {
    expect(await pay(stack.testApp, topUp.clientSecret, 'pm_card_createDispute')).toBe('succeeded');
    await settle(stack.testApp);
    const dispute = emulator.disputeOf(paymentIntentOf(topUp.clientSecret));
    emulator.closeDispute(String(dispute!['id']), 'lost');
    await settle(stack.testApp);
  }
  const chargebacks = await queryDatabase(
    stack.testApp,
    'select status from chargebacks where buyer_id = $1',
    [party.rawId],
  );
  expect(chargebacks.map((row) => row['status'])).toEqual(['LOST', 'LOST']);
  const [wallet] = await queryDatabase(stack.testApp, 'select status from wallets where buyer_id = $1', [
    party.rawId,
  ]);
  expect(wallet?.['status']).toBe('WALLET_AT_RISK');

  // when the buyer opens the wallet
  await page.goto('/wallet');
  const hold = page.getByTestId('wallet-flagged');
  await hold.waitFor();
  const holdText = (await hold.textContent()) ?? '';

  // then it does not say the dispute is still open, nor send the buyer to a support channel that does not exist
  expect(holdText).not.toContain('until the dispute is resolved');
  expect(holdText).not.toMatch(/contact (CodeSale )?support/i);
  // and it says what happens in either case, and what the buyer can do
  expect(holdText).toContain('If your bank decided for you');
  expect(holdText).toContain('If your bank is still deciding');
  await expectAccessible(page);
  const walletExplanation = await hold.getByTestId('hold-explanation').textContent();

  // when the buyer tries to buy
  await page.goto(listingPath(listing));
  await (await buyButton(page)).click();

  // then the refusal (the account's, which the chargebacks caused) says the same as the wallet
  const refusal = page.getByTestId('refusal-BUYER_BLOCKED');
  await refusal.waitFor();
  const refusalText = (await refusal.textContent()) ?? '';
  expect(refusalText).not.toContain('after a review');
  expect(refusalText).not.toMatch(/contact (CodeSale )?support/i);
  expect(refusalText).toContain('Nothing was charged');
  expect(await refusal.getByTestId('hold-explanation').textContent()).toBe(walletExplanation);
  expect(await refusal.getByRole('link', { name: 'See your wallet' }).getAttribute('href')).toBe('/wallet');
  expect(await ordersOf(party)).toEqual([]);
  await context.close();
});

test('a staff account signed in to the buyer app is told it cannot buy and has no wallet', async () => {
  const { listings } = await seedListings(stack, { codes: 1, price: 1_000 });
  const listing = listings[0]!;
  const staff = await createUser(stack, ['SUPPORT']);
  const { page, context } = await signedInBuyerPage(stack, browser, {
    user: staff,
    path: listingPath(listing),
  });
  await page.getByTestId('staff-cannot-buy').waitFor();
  expect(await page.getByTestId('buy-button').isDisabled()).toBe(true);
  await page.goto('/wallet');
  await page.getByTestId('staff-no-wallet').waitFor();
  expect(await page.getByText('could not be loaded').count()).toBe(0);
  await context.close();
});

test('a buyer whose session was ended elsewhere presses Buy: the sign-in page says the session ended, and nothing was bought', async () => {
  // given a signed-in buyer on a listing, whose sessions are then all signed out from elsewhere
  const { listings } = await seedListings(stack, { codes: 1 });
  const listing = listings[0]!;
  const { page, context, user } = await signedInBuyerPage(stack, browser, { path: listingPath(listing) });
  await page.getByTestId('viewer-name').waitFor();
  await revokeSessions(stack, user);

  // when they press Buy (the app may hear of the revocation first, on its socket, and go to the same
  // sign-in page by itself: a click then waits for a button that is gone)
  const signInPage = (url: URL) => url.pathname === '/login' && url.searchParams.get('ended') === '1';
  const pressed = (await buyButton(page)).click().catch(() => 'the page had left');
  await Promise.race([pressed, page.waitForURL(signInPage)]);

  // then the sign-in page says why, and comes back to the listing; no order was placed
  await page.waitForURL(signInPage);
  await page.getByTestId('session-ended').waitFor();
  expect(new URL(page.url()).searchParams.get('next')).toBe(listingPath(listing));
  expect(
    await queryDatabase(stack.testApp, 'select count(*)::int as count from orders where buyer_id = $1', [
      user.rawId,
    ]),
  ).toEqual([{ count: 0 }]);
  await context.close();
});

test('a signed-out buyer is sent to sign in, and comes back to the listing', async () => {
  const { listings } = await seedListings(stack, { codes: 1 });
  const listing = listings[0]!;
  // A user with credentials, and a browser without their cookies.
  const { user, context: signedIn } = await signedInBuyerPage(stack, browser);
  await signedIn.close();
  const context = await browser.newContext({ baseURL: stack.buyerUrl });
  const page = await context.newPage();
  const problems = collectPageProblems(page);
  await page.goto(listingPath(listing));
  await (await buyButton(page)).click();
  await page.waitForURL(`**/login?next=${encodeURIComponent(listingPath(listing))}`);

  await page.getByRole('textbox', { name: 'Email' }).fill(user.email);
  await page.locator('input[name=password]').fill('wrong password 0000');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'Could not sign in' }).waitFor();
  await page.locator('input[name=password]').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`**${listingPath(listing)}`);
  await page.getByTestId('viewer-name').waitFor();
  expect(problems).toEqual([]);
  await context.close();
});

import crypto from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import {
  consolePath,
  createListing,
  expectAccessible,
  fundWallet,
  heldOrder,
  launchBrowser,
  newBuyer,
  newSeller,
  newStaff,
  openDispute,
  purchase,
  saveScreenshot,
  signedInPage,
  startConsoleStack,
  type ConsoleStack,
  type Party,
  type SignedInPage,
} from './browser-harness';

/**
 * Support's look-up in real Chromium against the real API: an agent finds the customer who wrote
 * in by their email, sees their risk, their dispute and their orders, opens an order with both of
 * its parties, and follows the seller to their own sales; an order id that cannot be one is
 * refused in words, and one that names no order says so.
 */

async function emailOf(party: Party): Promise<string> {
  const data = await party.client.data<{ me: { email: string } }>('{ me { email } }');
  return data.me.email;
}

async function displayNameOf(party: Party): Promise<string> {
  const data = await party.client.data<{ me: { displayName: string } }>('{ me { displayName } }');
  return data.me.displayName;
}

/** The rows of the table captioned `caption` (a regular expression on its caption), as their cells' text. */
async function tableRows(page: Page, caption: RegExp): Promise<string[][]> {
  const table = page.getByRole('table', { name: caption });
  await table.waitFor();
  return table
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent?.trim() ?? '')),
    );
}

/** On a phone-sized window (390 px) the page does not scroll sideways: long ids wrap. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const viewport = page.viewportSize()!;
  await page.setViewportSize({ width: 390, height: 844 });
  // The layout slides its navigation away on a phone: measured once nothing moves.
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => animation.playState !== 'running'),
  );
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.setViewportSize(viewport);
  expect(width).toBeLessThanOrEqual(390);
}

describe('support: looking up a customer or an order', () => {
  let stack: ConsoleStack;
  let browser: Browser;
  let agent: SignedInPage;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startConsoleStack(), launchBrowser()]);
    agent = await signedInPage(stack, browser, { roles: ['SUPPORT'], path: 'support/disputes' });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });
  afterEach(() => {
    const problems = agent.problems.splice(0);
    expect(problems).toEqual([]);
  });

  it('finds a customer by email and shows their risk, dispute and orders, then an order whole and its seller’s sales', async () => {
    // given a buyer with a euro wallet (opened as the store opens it) and two orders from two
    // sellers, one of them disputed
    const buyer = await newBuyer(stack.testApp);
    await buyer.client.data('{ myWallet(currency: "EUR") { id } }');
    // and a card top-up of 30.00 they started and have not paid
    await buyer.client.data(
      'mutation ($input: CreateTopUpInput!) { createTopUp(input: $input) { topUp { id } errors { code } } }',
      { input: { amount: 3_000, currency: 'EUR', idempotencyKey: crypto.randomUUID() } },
    );
    const disputed = await heldOrder(stack.testApp, { buyer, price: 2_500 });
    const opened = await openDispute(buyer, disputed.orderId, { reason: 'ALREADY_REDEEMED' });
    const disputeId = opened.dispute!.id;
    const otherSeller = await newSeller(stack.testApp);
    await fundWallet(stack.testApp, buyer, 900);
    const { listingId } = await createListing(otherSeller, { price: 900, title: 'Second purchase' });
    const second = await purchase(buyer, listingId);
    expect(second.errors).toEqual([]);
    const [buyerEmail, buyerName, sellerEmail, sellerName] = await Promise.all([
      emailOf(buyer),
      displayNameOf(buyer),
      emailOf(disputed.seller),
      displayNameOf(disputed.seller),
    ]);

    // when the agent follows "Look up" (after the queue) and finds the buyer by their email, typed in capitals
    const { page } = agent;
    const navigation = page.getByRole('navigation');
    const links = await navigation.getByRole('link').allTextContents();
    expect(links.indexOf('Look up')).toBe(links.indexOf('Dispute queue') + 1);
    await navigation.getByRole('link', { name: 'Look up' }).click();
    await page.waitForURL('**/console/support/lookup');
    await page.getByRole('heading', { name: 'Look up', level: 1 }).waitFor();
    await expectAccessible(page);
    const finder = page.getByRole('form', { name: 'Find a customer' });
    await finder.getByRole('textbox', { name: /^Email or user id/ }).fill(buyerEmail.toUpperCase());
    await finder.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('button', { name: new RegExp(`^Choose ${buyerName}`) }).click();

    // then the address names them, and the page shows who they are and their risk as a buyer only
    await page.waitForURL(`**/console/support/lookup?userId=${encodeURIComponent(buyer.id)}`);
    await page.getByRole('heading', { name: buyerName, level: 2 }).waitFor();
    const buyerRisk = page.getByTestId('lookup-risk-buyer');
    expect(await buyerRisk.textContent()).toMatch(/As buyer.*NORMAL.*Risk score \d+ \/ 1000/);
    expect(await page.getByTestId('lookup-risk-seller').count()).toBe(0);
    // an agent without the admin role is not offered the admin's risk page
    expect(await page.getByRole('link', { name: 'Risk profile and overrides' }).count()).toBe(0);

    // and their wallet, spent down to nothing and active
    expect(await tableRows(page, /^1 wallet, by currency/)).toEqual([['EUR', '€0.00', 'Active', '—']]);

    // and their top-up, waiting for payment
    expect(await tableRows(page, /^1 top-up shown, newest first/)).toEqual([
      [expect.any(String), '€30.00', 'Waiting for payment', '—'],
    ]);
    // and, as they do not sell, no payouts
    expect(await page.getByRole('heading', { name: 'Payouts' }).count()).toBe(0);

    // and their one dispute, as the buyer, against the seller, and both orders, newest first
    const disputes = await tableRows(page, /^1 dispute shown/);
    expect(disputes).toHaveLength(1);
    expect(disputes[0]!.slice(1, 7)).toEqual([
      'Already redeemed',
      expect.stringMatching(/^Test game /),
      'Open',
      '€25.00',
      'Buyer',
      sellerName,
    ]);
    const bought = await tableRows(page, /^2 orders bought shown, newest first/);
    expect(bought.map((row) => row[1])).toEqual(['Second purchase', expect.stringMatching(/^Test game /)]);
    expect(bought.map((row) => row[3])).toEqual(['Held in escrow', 'Held in escrow']);
    expect(bought[1]![4]).toBe(`${sellerName} (${sellerEmail})`);
    expect(bought[1]![5]).toBe('Open');
    // the dispute's link is named by the state it shows first (WCAG 2.5.3), then by where it goes
    await page
      .getByRole('link', { name: /^Open: open the dispute on Test game / })
      .first()
      .waitFor();
    expect(await page.getByRole('heading', { name: 'Sold' }).count()).toBe(0);
    await expectAccessible(page);
    await saveScreenshot(page, 'support-lookup');

    // when the agent opens the disputed order from the list
    await page
      .getByRole('table', { name: /orders bought/ })
      .getByRole('link', { name: /^Test game / })
      .click();

    // then the order shows whole: its id, price, escrow, both parties and its dispute
    await page.waitForURL(`**/console/support/lookup?orderId=${encodeURIComponent(disputed.orderId)}`);
    const order = page.getByRole('region', { name: /^Order: Test game / });
    await order.waitFor();
    expect(await order.getByRole('definition').allTextContents()).toEqual(
      expect.arrayContaining([
        disputed.orderId,
        '€25.00',
        'Held in escrow',
        `${buyerName} (${buyerEmail})`,
        `${sellerName} (${sellerEmail})`,
      ]),
    );
    expect(await order.getByRole('link', { name: /Open the dispute/ }).getAttribute('href')).toBe(
      consolePath(`support/disputes/${encodeURIComponent(disputeId)}`),
    );
    await expectAccessible(page);

    await expectNoSidewaysScroll(page);

    // when the agent follows the seller's name, they see the seller's side: one sale, disputed
    await order.getByRole('definition').filter({ hasText: sellerEmail }).getByRole('link').click();
    await page.waitForURL(`**/console/support/lookup?userId=${encodeURIComponent(disputed.seller.id)}`);
    await page.getByRole('heading', { name: sellerName, level: 2 }).waitFor();
    await page.getByTestId('lookup-risk-seller').waitFor();
    expect(await page.getByTestId('lookup-payout-account').textContent()).toMatch(
      /No payout account: the seller has not started payout onboarding/,
    );
    await page.getByText('Withdrawals and payouts are for admins to see').waitFor();
    const sold = await tableRows(page, /^1 order sold shown/);
    expect(sold[0]![4]).toBe(`${buyerName} (${buyerEmail})`);
    expect((await tableRows(page, /^1 dispute shown/))[0]![5]).toBe('Seller');

    await expectNoSidewaysScroll(page);

    // and going back returns to the order, as the address kept it
    await page.goBack();
    await page.getByRole('region', { name: /^Order: Test game / }).waitFor();

    // and from the dispute's page, the buyer's name opens the buyer's look-up
    await page.getByRole('link', { name: /Open the dispute/ }).click();
    await page.waitForURL(`**/console/support/disputes/${encodeURIComponent(disputeId)}`);
    const summary = page.getByRole('region', { name: 'Summary' });
    await summary.getByRole('link', { name: buyerName }).first().click();
    await page.waitForURL(`**/console/support/lookup?userId=${encodeURIComponent(buyer.id)}`);
    await page.getByRole('heading', { name: buyerName, level: 2 }).waitFor();
  });

  it('opens an order by the raw id an evidence snapshot shows', async () => {
    const order = await heldOrder(stack.testApp);
    const { page } = agent;
    await page.goto(consolePath('support/lookup'));
    const orderId = page
      .getByRole('form', { name: 'Open an order' })
      .getByRole('textbox', { name: /^Order id/ });
    await orderId.fill(order.rawOrderId.toUpperCase());
    await orderId.press('Enter');
    await page.waitForURL(`**/console/support/lookup?orderId=${encodeURIComponent(order.orderId)}`);
    await page.getByRole('region', { name: /^Order: Test game / }).waitFor();
  });

  it('refuses an order id that cannot be one without asking the server, and says when no order has the id', async () => {
    const { page } = agent;
    await page.goto(consolePath('support/lookup'));
    const form = page.getByRole('form', { name: 'Open an order' });
    const orderId = form.getByRole('textbox', { name: /^Order id/ });
    let orderRequests = 0;
    const countOrderRequests = (request: { postData: () => string | null }) => {
      if (request.postData()?.includes('SupportLookupOrder')) orderRequests += 1;
    };
    page.on('request', countOrderRequests);

    // when the agent pastes something with a space in it
    await orderId.fill('order 1234');
    await orderId.press('Enter');

    // then the rule is said under the field, and nothing was asked
    await form.getByText(/letters, digits, - and _ only/).waitFor();
    expect(await orderId.getAttribute('aria-invalid')).toBe('true');
    expect(orderRequests).toBe(0);
    await expectAccessible(page);

    // when they paste a user's id, it is said to be one, and nothing was asked
    await orderId.fill(agent.user.id);
    await orderId.press('Enter');
    await form.getByText('That is a user’s id: find the customer with it above.').waitFor();
    expect(orderRequests).toBe(0);

    // when they paste a well-formed order id that names no order
    const unknown = Buffer.from(`Order:${crypto.randomUUID()}`).toString('base64url');
    await orderId.fill(unknown);
    await orderId.press('Enter');

    // then the page says so, and the address keeps it
    await page.getByRole('status').filter({ hasText: 'No order has the id' }).waitFor();
    expect(page.url()).toContain(`orderId=${encodeURIComponent(unknown)}`);
    expect(orderRequests).toBe(1);
    page.off('request', countOrderRequests);
  });

  it('shows a staff account as one, without the wallet, orders and disputes it cannot have', async () => {
    const colleague = await newStaff(stack.testApp, ['SUPPORT']);
    const { page } = agent;
    await page.goto(consolePath(`support/lookup?userId=${encodeURIComponent(colleague.id)}`));
    await page.getByTestId('lookup-staff-only').waitFor();
    // its account is shown; no other section (wallets, top-ups, disputes, orders) is
    await page.getByRole('heading', { level: 2 }).first().waitFor();
    expect(await page.locator('section').count()).toBe(1);
    expect(await page.locator('section').getAttribute('aria-labelledby')).toBe('lookup-customer-heading');
  });

  it('offers an admin the risk page of the customer', async () => {
    const seller = await newSeller(stack.testApp);
    const admin = await signedInPage(stack, browser, {
      roles: ['ADMIN'],
      path: `support/lookup?userId=${encodeURIComponent(seller.id)}`,
    });
    const riskLinks = admin.page.getByRole('link', { name: 'Risk profile and overrides' });
    await riskLinks.first().waitFor();
    expect(await riskLinks.evaluateAll((links) => links.map((link) => link.getAttribute('href')))).toEqual([
      consolePath(`admin/risk?role=BUYER&userId=${encodeURIComponent(seller.id)}`),
      consolePath(`admin/risk?role=SELLER&userId=${encodeURIComponent(seller.id)}`),
    ]);
    // and the seller's withdrawals, which support is not shown
    await admin.page.getByText('Has never asked for a withdrawal.').waitFor();
    expect(admin.problems).toEqual([]);
    await admin.context.close();
  });
});

import type { Browser } from 'playwright-core';
import { verifyEscrowMirrors } from '../../../server/src/checkout/escrow-mirror';
import { ledgerIsClean, verifyLedger } from '../../../server/src/ledger/ledger.service';
import {
  collectPageProblems,
  createTopUp,
  expectAccessible,
  launchBrowser,
  queryDatabase,
  saveScreenshot,
  seedListings,
  settle,
  signedInBuyerPage,
  startBuyerStack,
  waitFor,
  walletBalance,
  type BuyerStack,
} from './buyer-harness';

/**
 * The buyer's money path in real Chromium against the real API: a new buyer tops up 50.00 with the
 * emulator's test card, sees the webhook's credit appear without a reload (viewerEvents), buys,
 * reveals and confirms; the ledger verifies afterwards (what `npm run ledger:verify` runs).
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

describe('the wallet and an order', () => {
  test('sign up, top up 50.00 with the test card, see it live, buy, reveal, confirm; the ledger verifies', async () => {
    // given a listing for sale, and a newcomer who signs up in the browser and lands on the wallet
    const { listings } = await seedListings(stack, { count: 1, codes: 1, price: 1_999 });
    const listing = listings[0]!;
    const context = await browser.newContext({ baseURL: stack.buyerUrl });
    const page = await context.newPage();
    const problems = collectPageProblems(page);
    const email = `newcomer-${Date.now()}@example.test`;
    await page.goto('/signup?next=%2Fwallet');
    await page.getByRole('textbox', { name: 'Display name' }).fill('Nina Newcomer');
    await page.getByRole('textbox', { name: 'Email' }).fill(email);
    await page.locator('input[name=password]').fill('a newcomer password 2026');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/wallet');
    const [buyer] = await queryDatabase<{ id: string }>(
      stack.testApp,
      'select id from users where email_normalized = lower($1)',
      [email],
    );
    const party = { rawId: buyer!.id };
    await page.getByRole('heading', { level: 1, name: 'Wallet' }).waitFor();
    await page.getByTestId('wallet-balance').filter({ hasText: '€0.00' }).waitFor();
    await expectAccessible(page);

    // when the buyer tops up 50.00 and pays with the test card
    await page.getByLabel('Amount (EUR)').fill('50.00');
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByLabel('Expiry (MM/YY)').fill('12/34');
    await page.getByLabel('CVC').fill('123');
    await page.getByRole('button', { name: 'Pay €50.00' }).click();
    await page.getByTestId('top-up-processing').waitFor();
    // the webhook is delivered and processed (the harness runs jobs on demand)
    await settle(stack.testApp);

    // then the new balance appears without a reload
    await page.getByTestId('top-up-succeeded').waitFor();
    await page.getByTestId('wallet-balance').filter({ hasText: '€50.00' }).waitFor();
    expect(await walletBalance(stack.testApp, party.rawId)).toBe(5_000);
    await page.getByRole('cell', { name: 'Top-up' }).first().waitFor();
    await expectAccessible(page);
    // a full-page screenshot of a scrolled page draws the sticky header mid-page
    await page.evaluate(() => window.scrollTo(0, 0));
    await saveScreenshot(page, 'buyer-wallet');

    // when the buyer buys the listing
    await page.goto(`/listings/${encodeURIComponent(listing.listingId)}`);
    await page.getByRole('button', { name: /^Buy for/ }).click();
    // the purchase answered: the app moved to the new order (leaving earlier could abort the mutation;
    // the listing page has the same heading, so the URL is what changes)
    await page.waitForURL(/\/orders\/[^/]+$/);
    await page.getByTestId('order-state').waitFor();
    // and the order is in the buyer's list
    await page.goto('/orders');
    // (on a phone, the order's state and time left are in view under its title, not off-screen columns)
    await page.setViewportSize({ width: 375, height: 812 });
    const phoneSummary = page.getByTestId('order-summary-phone').first();
    await phoneSummary.getByText('Awaiting your confirmation').waitFor();
    await phoneSummary.getByText(/left/).waitFor();
    const box = await phoneSummary.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(375);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByRole('link', { name: listing.title }).click();
    await page.getByRole('heading', { level: 1, name: listing.title }).waitFor();
    await page.getByTestId('protection-time-left').filter({ hasText: /left/ }).waitFor();

    // and reveals the code, and copies it
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.buyerUrl });
    await page.getByRole('button', { name: 'Reveal the code' }).click();
    const code = page.getByTestId('revealed-code');
    await code.waitFor();
    expect(listing.codes).toContain((await code.textContent())?.trim());
    // and the note says this reveal was recorded (the order now has a reveal time: not "before")
    await page.getByTestId('reveal-note').filter({ hasText: 'This reveal was recorded' }).waitFor();
    // and the buyer protection box is a note, not an alert a screen reader repeats with its countdown
    expect(await page.getByRole('note').filter({ hasText: 'Buyer protection' }).count()).toBe(1);
    expect(await page.getByRole('alert').filter({ hasText: 'Buyer protection' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByRole('status').filter({ hasText: 'Code copied to the clipboard.' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      (await code.textContent())?.trim(),
    );
    await expectAccessible(page);
    // a full-page screenshot of a scrolled page draws the sticky header mid-page
    await page.evaluate(() => window.scrollTo(0, 0));
    await saveScreenshot(page, 'buyer-order');

    // and confirms delivery through the dialog
    await page.getByRole('button', { name: 'Confirm delivery' }).click();
    await page.getByRole('dialog', { name: 'Confirm that the code works?' }).waitFor();
    await page.getByRole('button', { name: 'Yes, release the payment' }).click();
    await page.getByTestId('order-state').filter({ hasText: 'Confirmed' }).waitFor();

    // then the buyer paid once, and the ledger verifies
    expect(await walletBalance(stack.testApp, party.rawId)).toBe(5_000 - listing.price);
    const report = await verifyLedger(stack.services.database);
    expect(ledgerIsClean(report)).toBe(true);
    expect((await verifyEscrowMirrors(stack.services.database)).mismatches).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('a declined test card says so and what to do; another card pays the same top-up', async () => {
    const { page, party, context } = await signedInBuyerPage(stack, browser, { path: '/wallet?topup=2500' });
    // the checkout's insufficient-funds link pre-fills the amount
    await page.getByLabel('Amount (EUR)').and(page.locator('[value="25.00"]')).waitFor();
    await page.getByRole('button', { name: 'Continue to payment' }).click();

    await page.getByLabel('Card number').fill('4111 1111 1111 1111');
    await page.getByLabel('Expiry (MM/YY)').fill('12/34');
    await page.getByLabel('CVC').fill('123');
    await page.getByRole('button', { name: 'Pay €25.00' }).click();
    await page.getByText('Use a Stripe test card').waitFor();

    await page.getByLabel('Card number').fill('4000000000000002');
    await page.getByRole('button', { name: 'Pay €25.00' }).click();
    await page.getByTestId('card-problem').filter({ hasText: 'Your card was declined' }).waitFor();
    await page.getByTestId('card-problem').filter({ hasText: 'Try another card' }).waitFor();
    await settle(stack.testApp);
    expect(await walletBalance(stack.testApp, party.rawId)).toBe(0);

    await page.getByLabel('Card number').fill('5555 5555 5555 4444');
    await page.getByRole('button', { name: 'Pay €25.00' }).click();
    await page.getByTestId('top-up-processing').waitFor();
    await settle(stack.testApp);
    await page.getByTestId('wallet-balance').filter({ hasText: '€25.00' }).waitFor();
    expect(await walletBalance(stack.testApp, party.rawId)).toBe(2_500);
    await context.close();
  });

  test('changing the amount cancels the unpaid top-up, so it never locks the buyer out; the wallet lists and cancels the others', async () => {
    const { page, party, context } = await signedInBuyerPage(stack, browser, { path: '/wallet' });
    // given a buyer who starts six top-ups and changes the amount each time (five unpaid are the cap)
    for (let attempt = 1; attempt <= 6; attempt++) {
      await page.getByLabel('Amount (EUR)').fill(`${10 + attempt}.00`);
      await page.getByRole('button', { name: 'Continue to payment' }).click();
      await page.getByRole('button', { name: `Pay €${10 + attempt}.00` }).waitFor();
      if (attempt < 6) await page.getByRole('button', { name: 'Change the amount' }).click();
    }
    // then the sixth reached the card form, and the five abandoned ones are canceled
    const statuses = async () =>
      (
        await queryDatabase<{ status: string }>(
          stack.testApp,
          'select status from top_ups where buyer_id = $1 order by created_at',
          [party.rawId],
        )
      ).map((row) => row.status);
    // (the last cancel runs after its click; the status is read until it has)
    const expected = [...Array<string>(5).fill('CANCELED'), 'PENDING'];
    await waitFor(async () => (await statuses()).join() === expected.join(), 'the five canceled top-ups');

    // when another tab left a top-up unpaid, the wallet lists it (with the one on screen) and cancels it
    const other = await createTopUp(
      { client: party.client, userId: party.id, rawId: party.rawId },
      { amount: 4_000 },
    );
    expect(other.errors).toEqual([]);
    await page.reload();
    const unpaid = page.getByTestId('unpaid-top-ups');
    await unpaid.getByText('€40.00').waitFor();
    await expectAccessible(page);
    await unpaid.getByRole('button', { name: 'Cancel the unpaid top-up of €40.00' }).click();
    await unpaid.getByText('€40.00').waitFor({ state: 'detached' });
    expect((await statuses()).at(-1)).toBe('CANCELED');
    expect(await walletBalance(stack.testApp, party.rawId)).toBe(0);
    await context.close();
  });

  test('a top-up left unpaid is paid later from the unpaid list: the same payment, credited once', async () => {
    // given a top-up of 30.00 whose card form was closed (another tab, or a reload)
    const { page, party, context } = await signedInBuyerPage(stack, browser, { path: '/wallet' });
    const left = await createTopUp(
      { client: party.client, userId: party.id, rawId: party.rawId },
      { amount: 3_000 },
    );
    expect(left.errors).toEqual([]);
    await page.reload();
    const unpaid = page.getByTestId('unpaid-top-ups');
    await unpaid.getByText('€30.00').waitFor();

    // when the buyer pays it from the list
    await unpaid.getByRole('button', { name: 'Pay the unpaid top-up of €30.00' }).click();

    // then its card step opens, with the focus on the top-up panel, and paying it credits 30.00
    await page.getByRole('button', { name: 'Pay €30.00' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('top-up-heading');
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByLabel(/Expiry/).fill('12/34');
    await page.getByLabel(/CVC/).fill('123');
    await page.getByRole('button', { name: 'Pay €30.00' }).click();
    await page.getByTestId('top-up-processing').waitFor();
    await settle(stack.testApp);
    await page.getByTestId('wallet-balance').filter({ hasText: '€30.00' }).waitFor();
    await unpaid.waitFor({ state: 'detached' });
    // and it was that top-up, not a new one
    expect(
      await queryDatabase<{ status: string }>(
        stack.testApp,
        'select status from top_ups where buyer_id = $1',
        [party.rawId],
      ),
    ).toEqual([{ status: 'SUCCEEDED' }]);
    expect(await walletBalance(stack.testApp, party.rawId)).toBe(3_000);
    await context.close();
  });
});

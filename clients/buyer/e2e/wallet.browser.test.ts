import type { Browser, Locator } from 'playwright-core';
import { verifyEscrowMirrors } from '../../../server/src/checkout/escrow-mirror';
import { ledgerIsClean, verifyLedger } from '../../../server/src/ledger/ledger.service';
import {
  collectPageProblems,
  createTopUp,
  expectAccessible,
  expectFocusOn,
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

const phone = { width: 375, height: 812 };

/** The element is drawn whole inside the phone's width: nothing of it cut off at the screen's edge. */
async function expectWithinPhoneWidth(locator: Locator) {
  const box = await locator.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(phone.width);
}

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
    // and the page gives the order's reference (its id), which support looks orders up by
    const orderId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    expect((await page.getByTestId('order-reference').textContent())?.trim()).toBe(orderId);
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

    // and Confirm delivery before the code is revealed warns that it was never seen (Not yet closes it)
    await page.getByRole('button', { name: 'Confirm delivery' }).click();
    const unrevealed = page.getByRole('dialog', { name: 'Confirm that the code works?' });
    await unrevealed.getByTestId('confirm-unrevealed').waitFor();
    await unrevealed.getByRole('button', { name: 'Not yet' }).click();
    await unrevealed.waitFor({ state: 'hidden' });

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
    expect(await page.getByTestId('confirm-unrevealed').count()).toBe(0);
    await page.getByRole('button', { name: 'Yes, release the payment' }).click();
    await page.getByTestId('order-state').filter({ hasText: 'Confirmed' }).waitFor();
    // and the order says the money was released to the seller (their payout comes later), not paid
    await page
      .getByRole('note')
      .filter({ hasText: /The payment was released to the seller on / })
      .waitFor();
    expect(await page.getByText('The seller was paid').count()).toBe(0);

    // and the wallet's history names what the purchase bought, next to its link to the order
    await page.goto('/wallet');
    const purchaseRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Purchase' }) });
    await purchaseRow.getByTestId('history-item').filter({ hasText: listing.title }).waitFor();

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
    // the test-card hint is a note beside the form, not an alert a screen reader interrupts with
    await page.getByRole('note').filter({ hasText: 'Test mode: no real card is charged' }).waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'Test mode' }).count()).toBe(0);

    await page.getByLabel('Card number').fill('4111 1111 1111 1111');
    await page.getByLabel('Expiry (MM/YY)').fill('12/34');
    await page.getByLabel('CVC').fill('123');
    await page.getByRole('button', { name: 'Pay €25.00' }).click();
    await page.getByText('Use a Stripe test card').waitFor();

    await page.getByLabel('Card number').fill('4000000000000002');
    await page.getByRole('button', { name: 'Pay €25.00' }).click();
    await page.getByTestId('card-problem').filter({ hasText: 'Your card was declined' }).waitFor();
    await page.getByTestId('card-problem').filter({ hasText: 'Try another card' }).waitFor();
    // and the keyboard lands on the refusal, not on the page's body
    await expectFocusOn(page.getByTestId('card-problem'));
    // and "Your card was declined" is said once: by the refusal (an alert), not by a status region too
    const occurrences = (text: string | null) => text?.split('Your card was declined').length ?? 0;
    expect(occurrences(await page.getByTestId('card-problem').textContent())).toBe(2);
    expect(await page.getByTestId('card-problem').getAttribute('role')).toBe('alert');
    expect(await page.getByRole('status').filter({ hasText: 'Your card was declined' }).count()).toBe(0);
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

  test('the keyboard follows the top-up: the card number after Continue, the money added after the payment', async () => {
    const { page, party, context } = await signedInBuyerPage(stack, browser, { path: '/wallet' });
    await page.getByLabel('Amount (EUR)').fill('20.00');
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    // the payment form's first field has the focus: the buyer types the card number at once
    await expectFocusOn(page.getByLabel('Card number'));
    await page.keyboard.type('4242 4242 4242 4242');
    await page.getByLabel('Expiry (MM/YY)').fill('12/34');
    await page.getByLabel('CVC').fill('123');
    await page.getByRole('button', { name: 'Pay €20.00' }).click();
    // while the bank confirms, the keyboard is on the processing message, not the page's body
    await expectFocusOn(page.getByTestId('top-up-processing'));
    await settle(stack.testApp);
    // then on the success message, which gives the new balance
    const succeeded = page.getByTestId('top-up-succeeded');
    await succeeded.filter({ hasText: 'Your balance is now €20.00' }).waitFor();
    await expectFocusOn(succeeded);
    expect(await walletBalance(stack.testApp, party.rawId)).toBe(2_000);
    await expectAccessible(page);
    await context.close();
  });

  test('the expiry takes digits as a card field does: 1230 becomes 12/30 as it is typed, and pays', async () => {
    const { page, party, context } = await signedInBuyerPage(stack, browser, { path: '/wallet' });
    await page.getByLabel('Amount (EUR)').fill('15.00');
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    const expiry = page.getByLabel('Expiry (MM/YY)');
    // typed key by key, the slash comes by itself after the month
    await expiry.pressSequentially('12');
    expect(await expiry.inputValue()).toBe('12/');
    await expiry.pressSequentially('30');
    expect(await expiry.inputValue()).toBe('12/30');
    // and Backspace goes back over the slash, as it was typed
    await expiry.press('Backspace');
    await expiry.press('Backspace');
    expect(await expiry.inputValue()).toBe('12/');
    await expiry.press('Backspace');
    expect(await expiry.inputValue()).toBe('12');
    // pasted or autofilled with spaces around the slash, or a one-digit month: the same date
    await expiry.fill('12 / 30');
    expect(await expiry.inputValue()).toBe('12/30');
    await expiry.fill('4/30');
    expect(await expiry.inputValue()).toBe('04/30');
    await expiry.fill('');
    await expiry.pressSequentially('1230');
    expect(await expiry.inputValue()).toBe('12/30');
    await page.getByLabel('CVC').fill('123');
    await page.getByRole('button', { name: 'Pay €15.00' }).click();
    await page.getByTestId('top-up-processing').waitFor();
    expect(await page.getByText('Enter the expiry date as MM/YY.').count()).toBe(0);
    await settle(stack.testApp);
    await page.getByTestId('wallet-balance').filter({ hasText: '€15.00' }).waitFor();
    expect(await walletBalance(stack.testApp, party.rawId)).toBe(1_500);
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
    // and the list no longer offers the top-up being paid above (a second Pay for the same payment)
    await unpaid.waitFor({ state: 'detached' });
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

  test("too many unpaid top-ups: the refusal says in the buyer's words to pay or cancel one listed below, and takes the focus", async () => {
    // given a buyer with as many unpaid top-ups as the limit allows (started in other tabs)
    const { page, party, context } = await signedInBuyerPage(stack, browser, { path: '/wallet' });
    const limit = stack.testApp.config.wallet.topUpMaxPendingPerBuyer;
    for (let index = 0; index < limit; index++) {
      const started = await createTopUp(
        { client: party.client, userId: party.id, rawId: party.rawId },
        { amount: 1_000 + index * 100 },
      );
      expect(started.errors).toEqual([]);
    }
    await page.reload();
    await page.getByTestId('unpaid-top-ups').getByText('€10.00').waitFor();

    // when the buyer starts another one
    await page.getByLabel('Amount (EUR)').fill('50.00');
    await page.getByRole('button', { name: 'Continue to payment' }).click();

    // then the refusal says what to do on this page, not the API's mutation, and has the focus
    const refusal = page.getByTestId('top-up-problem');
    await refusal.filter({ hasText: 'Pay or cancel one of the unpaid top-ups listed below' }).waitFor();
    expect(await refusal.textContent()).not.toContain('cancelTopUp');
    await expectFocusOn(refusal);
    await expectAccessible(page);
    await context.close();
  });

  test("on a phone (375 px) the unpaid top-ups' buttons and the history's amounts are in view", async () => {
    // given a buyer with money in the wallet (a history entry) and an unpaid top-up
    const { page, party, context } = await signedInBuyerPage(stack, browser, {
      path: '/wallet',
      walletBalance: 5_000,
    });
    const left = await createTopUp(
      { client: party.client, userId: party.id, rawId: party.rawId },
      { amount: 4_000 },
    );
    expect(left.errors).toEqual([]);

    // when the wallet is opened on a phone
    await page.setViewportSize(phone);
    await page.reload();

    // then both buttons of the unpaid top-up are drawn whole within the screen
    const unpaid = page.getByTestId('unpaid-top-ups');
    await unpaid.getByText('€40.00').waitFor();
    for (const name of ['Pay the unpaid top-up of €40.00', 'Cancel the unpaid top-up of €40.00']) {
      const button = unpaid.getByRole('button', { name });
      expect(await button.isVisible()).toBe(true);
      await expectWithinPhoneWidth(button);
    }
    // and each history entry shows its amount and the balance after under it, within the screen
    const amounts = page.getByTestId('history-amounts-phone').first();
    const amount = amounts.getByText('+€50.00');
    const balance = amounts.getByText('Balance after €50.00');
    await amount.waitFor();
    await balance.waitFor();
    await expectWithinPhoneWidth(amount);
    await expectWithinPhoneWidth(balance);
    // (the columns that would sit off-screen are not drawn, and the table has nothing to scroll sideways)
    expect(await page.getByRole('columnheader', { name: 'Balance after' }).isVisible()).toBe(false);
    const historyTable = page.getByRole('region', { name: 'History' }).locator('[data-scrollarea-viewport]');
    expect(await historyTable.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    await expectAccessible(page);
    await context.close();
  });
});

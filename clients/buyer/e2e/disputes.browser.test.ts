import type { Browser } from 'playwright-core';
import {
  decide,
  expectAccessible,
  heldOrder,
  launchBrowser,
  newStaff,
  openDispute,
  queryDatabase,
  requestResponse,
  saveScreenshot,
  signedInBuyerPage,
  startBuyerStack,
  startReview,
  type BuyerStack,
} from './buyer-harness';

/**
 * A buyer opens a dispute with a screenshot as evidence; a support agent (through GraphQL) takes
 * it and asks the buyer to respond; the request appears live in the buyer's open page
 * (disputeUpdated) and in the header's Orders link (viewerEvents), the orders list shows the time
 * left to answer, and the buyer answers from the order's page.
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

/** A 1x1 PNG: real image bytes, which the server detects by content. */
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe('a dispute from the order page', () => {
  test('open with an image, see support ask for a response live, answer it', async () => {
    // given a buyer with a held order, on its page
    const signedIn = await signedInBuyerPage(stack, browser, { path: '/orders' });
    const { page, party, context, problems } = signedIn;
    const order = await heldOrder(stack.testApp, { buyer: party, price: 1_500 });
    await page.goto(`/orders/${encodeURIComponent(order.orderId)}`);
    await page.getByRole('heading', { level: 1 }).waitFor();

    // when the buyer opens the dispute form from the keyboard
    await page.getByRole('button', { name: 'Open a dispute' }).press('Enter');
    // then the keyboard is in the form, on its first field (not back at the page's start)
    const reasonField = page.getByRole('combobox', { name: 'What went wrong' });
    await reasonField.waitFor();
    expect(await reasonField.evaluate((element) => element === document.activeElement)).toBe(true);
    // and sending it empty says what is missing and takes the keyboard back to the first such field
    await page.getByLabel('What happened').focus();
    await page.getByRole('button', { name: 'Open the dispute' }).press('Enter');
    await page.getByText('Choose what went wrong.').waitFor();
    expect(await reasonField.evaluate((element) => element === document.activeElement)).toBe(true);

    // when the buyer fills it in, with a screenshot
    await reasonField.click();
    await page.getByRole('option', { name: 'The code does not work' }).click();
    await page.getByLabel('What happened').fill('The store says the code is invalid. Screenshot attached.');
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: 'invalid-code.png', mimeType: 'image/png', buffer: png });
    await page.getByRole('button', { name: 'Open the dispute' }).click();

    // then the thread shows it, with the file
    await page.getByRole('heading', { name: 'Dispute' }).waitFor();
    await page.getByRole('button', { name: /^Open invalid-code\.png/ }).waitFor();
    // and the order no longer promises the seller's payment at the window's end
    await page.getByTestId('held-for-dispute').waitFor();
    expect(await page.getByText('Without a confirmation or a dispute').count()).toBe(0);
    const disputes = await queryDatabase<{ id: string; state: string; version: number }>(
      stack.testApp,
      `select d.id, d.state, d.version from disputes d where d.order_id = $1`,
      [order.rawOrderId],
    );
    expect(disputes).toHaveLength(1);
    const href = await page
      .getByRole('link', { name: 'Open the dispute on its own page' })
      .getAttribute('href');
    const disputeId = decodeURIComponent(href!.replace('/disputes/', ''));

    // when a support agent takes it and asks the buyer to respond (the page stays open, no reload)
    const staff = await newStaff(stack.testApp, ['SUPPORT']);
    const review = await startReview(staff, disputeId, disputes[0]!.version);
    expect(review.errors).toEqual([]);
    const asked = await requestResponse(staff, disputeId, review.dispute!.version, {
      party: 'BUYER',
      deadlineHours: 48,
      message: 'Please send the exact error message the platform shows.',
    });
    expect(asked.errors).toEqual([]);

    // then the request appears live, with its answer box
    const request = page.getByTestId('response-requested');
    await request.waitFor();
    await page.getByText('Please send the exact error message the platform shows.').waitFor();
    await page.getByRole('status').filter({ hasText: 'Support asked you to respond' }).waitFor();
    // and the order's own state follows the dispute live
    await page.getByTestId('order-state').filter({ hasText: 'Dispute: your answer is needed' }).waitFor();
    // and the header's Orders link counts the request, live too
    const navigation = page.getByRole('navigation', { name: 'Main' });
    const ordersLink = navigation.getByRole('link', { name: 'Orders, 1 dispute awaits your answer' });
    await ordersLink.waitFor();
    expect(await ordersLink.getByTestId('nav-badge').textContent()).toBe('1');
    await expectAccessible(page);
    // a full-page screenshot of a scrolled page draws the sticky header mid-page
    await page.evaluate(() => window.scrollTo(0, 0));
    await saveScreenshot(page, 'buyer-dispute');

    // when the buyer follows the Orders link (no reload)
    await ordersLink.click();
    await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
    // then the order's time left is the answer's (48 hours), not the protection window's (72 hours)
    const row = page.getByRole('row').filter({ hasText: 'Dispute: your answer is needed' });
    await row
      .getByTestId('response-time-left')
      .filter({ visible: true, hasText: /^Answer within 1 d 23 h \d+ min$/ })
      .waitFor();
    expect(await row.getByTestId('protection-time-left').count()).toBe(0);
    await expectAccessible(page);

    // when the buyer goes back to the order and answers
    await row.getByRole('link').click();
    await request.waitFor();
    await request
      .getByRole('textbox', { name: 'Your answer to support' })
      .fill('It says: "This code has already been redeemed."');
    await request.getByRole('button', { name: 'Send' }).click();

    // then the answer is in the thread and the request is gone, from the page and from the header
    await page.getByText('It says: "This code has already been redeemed."').waitFor();
    await request.waitFor({ state: 'detached' });
    await navigation.getByTestId('nav-badge').waitFor({ state: 'detached' });
    await navigation.getByRole('link', { name: 'Orders', exact: true }).waitFor();
    const after = await queryDatabase<{ state: string }>(
      stack.testApp,
      `select state from disputes where order_id = $1`,
      [order.rawOrderId],
    );
    expect(after[0]!.state).toBe('UNDER_REVIEW');
    // and in the orders list, the disputed order counts down nothing: its money waits for support
    await page.goto('/orders');
    const disputed = page.getByRole('row').filter({ hasText: 'Disputed' });
    await disputed.getByText('Held until support decides').filter({ visible: true }).waitFor();
    expect(await disputed.getByTestId('protection-time-left').count()).toBe(0);

    // the dispute's own page shows the same thread
    await page.goto(`/disputes/${encodeURIComponent(disputeId)}`);
    await page.getByRole('heading', { level: 1, name: 'Dispute' }).waitFor();
    await page.getByText('It says: "This code has already been redeemed."').waitFor();
    await expectAccessible(page);

    // when an admin decides for the seller, with a reason
    const admin = await newStaff(stack.testApp, ['ADMIN']);
    const reason = 'The store shows the code was redeemed before the sale reached the buyer.';
    expect((await decide(admin, 'release', order.orderId, { reason })).errors).toEqual([]);
    // then the buyer reads the outcome and the decision's reason on the closed dispute, live
    const outcome = page.getByTestId('dispute-outcome');
    await outcome.filter({ hasText: 'Decided for the seller' }).waitFor();
    await outcome.getByText(reason, { exact: false }).waitFor();
    // (an admin decided: the reason is the decision's, not "support's")
    await outcome.getByText(`The decision's reason: ${reason}`).waitFor();
    expect(await outcome.getByText("Support's reason").count()).toBe(0);
    await page
      .getByTestId('dispute-state')
      .filter({ hasText: /closed/i })
      .waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  test('withdraw a dispute, then confirm the delivery', async () => {
    // given a buyer whose order is disputed, on the order's page
    const signedIn = await signedInBuyerPage(stack, browser, { path: '/orders' });
    const { page, party, context, problems } = signedIn;
    const order = await heldOrder(stack.testApp, { buyer: party, price: 1_200 });
    const opened = await openDispute(party, order.orderId, { message: 'The key is refused.' });
    expect(opened.errors).toEqual([]);
    await page.goto(`/orders/${encodeURIComponent(order.orderId)}`);
    await page.getByTestId('held-for-dispute').waitFor();
    expect(await page.getByRole('button', { name: 'Confirm delivery' }).count()).toBe(0);

    // when the buyer withdraws it, saying why
    await page.getByRole('button', { name: 'Withdraw the dispute' }).click();
    const dialog = page.getByRole('dialog', { name: 'Withdraw this dispute?' });
    await dialog.getByRole('textbox', { name: 'Why (optional)' }).fill('It worked after a restart.');
    await dialog.getByRole('button', { name: 'Withdraw', exact: true }).click();

    // then the dispute reads as withdrawn, with the reason as the buyer's last message
    await page.getByTestId('dispute-outcome').filter({ hasText: 'You withdrew this dispute' }).waitFor();
    await page.getByText('It worked after a restart.').waitFor();
    expect(await page.getByRole('button', { name: 'Withdraw the dispute' }).count()).toBe(0);
    // and the order waits for the buyer's confirmation again, with no second dispute offered
    await page.getByText('You withdrew your dispute').waitFor();
    await page.getByTestId('order-state').filter({ hasText: 'Awaiting your confirmation' }).waitFor();
    expect(await page.getByRole('button', { name: 'Open a dispute' }).count()).toBe(0);
    await expectAccessible(page);

    // when the buyer confirms the delivery
    await page.getByRole('button', { name: 'Confirm delivery' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Yes, release the payment' }).click();

    // then the seller is paid
    await page.getByText('You confirmed this order').waitFor();
    const [row] = await queryDatabase<{ escrow_status: string; outcome: string }>(
      stack.testApp,
      `select o.escrow_status, d.outcome from orders o join disputes d on d.order_id = o.id where o.id = $1`,
      [order.rawOrderId],
    );
    expect(row).toEqual({ escrow_status: 'RELEASED', outcome: 'WITHDRAWN' });
    expect(problems).toEqual([]);
    await context.close();
  });
});

import fs from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { queryDatabase } from '../../../server/test/harness';
import {
  apiClient,
  consolePath,
  createUser,
  expectAccessible,
  heldOrder,
  launchBrowser,
  newStaff,
  openDispute,
  saveScreenshot,
  signedInPage,
  startConsoleStack,
  requestResponse,
  startReview,
  watchSubscriptions,
  type ConsoleStack,
} from './browser-harness';

/**
 * The support area in real Chromium against the real API: the queue and the dispute page follow
 * the server live (disputeFeed, disputeUpdated) with no reload and no polling; an admin decides in
 * another browser; an agent without the admin role can neither see nor run a decision.
 */

const answerMutation = `mutation ($input: PostDisputeMessageInput!) {
  postDisputeMessage(input: $input) { dispute { state version } errors { code message } }
}`;

const refundMutation = `mutation ($input: OrderDecisionInput!) {
  refundOrder(input: $input) { order { escrowStatus } errors { code message } }
}`;

const orderQuery = `query ($id: ID!) { order(id: $id) { escrowStatus } }`;

/** Presses Tab until `target` has the focus (at most `maxPresses`), proving it is keyboard-reachable. */
async function tabTo(page: Page, target: Locator, maxPresses = 60): Promise<void> {
  const handle = await target.elementHandle();
  if (!handle) throw new Error('tabTo: the target is not in the page');
  for (let presses = 0; presses < maxPresses; presses++) {
    if (await handle.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`tabTo: ${maxPresses} Tab presses did not reach the target`);
}

/** Counts full page loads of the main frame: a live update must not need one. */
function countLoads(page: Page): () => number {
  let loads = 0;
  page.on('load', () => (loads += 1));
  return () => loads;
}

/**
 * The layout's header is fixed: in a full-page capture of a page taller than the window it lands
 * mid-page. A window as tall as the page keeps it on top.
 */
async function screenshotWholePage(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 1280, height: 720 };
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({
    width: viewport.width,
    height: Math.min(Math.max(height, viewport.height), 4000),
  });
  // Passing confirmations ("Message sent.") would cover part of the page in the picture.
  const hidden = await page.addStyleTag({
    content: '[class*="mantine-Notification"] { display: none !important; }',
  });
  await saveScreenshot(page, name);
  await hidden.evaluate((style) => (style as HTMLElement).remove());
  await page.setViewportSize(viewport);
}

/** The element's box lies inside the window's width: seen without scrolling sideways. */
async function expectWithinWidth(page: Page, locator: Locator, what: string): Promise<void> {
  const box = await locator.boundingBox();
  const width = page.viewportSize()?.width ?? 0;
  if (!box) throw new Error(`${what} is not shown`);
  expect({ what, left: box.x >= 0, right: box.x + box.width <= width }).toEqual({
    what,
    left: true,
    right: true,
  });
}

const rawId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;

describe('support: the dispute queue and the dispute page', () => {
  let stack: ConsoleStack;
  let browser: Browser;
  let subscriptions: ReturnType<typeof watchSubscriptions>;
  beforeAll(async () => {
    [stack, browser] = await Promise.all([startConsoleStack(), launchBrowser()]);
    subscriptions = watchSubscriptions(stack);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows a new dispute live, follows the agent’s request and an admin’s refund to CLOSED, without a reload', async () => {
    // given an order in escrow, and an agent with the queue open
    const order = await heldOrder(stack.testApp, { price: 1_999 });
    const agent = await signedInPage(stack, browser, { roles: ['SUPPORT'], path: 'support/disputes' });
    const { page } = agent;
    const loads = countLoads(page);
    await page.getByRole('heading', { name: 'Dispute queue' }).waitFor();
    await page.getByText('No disputes match these filters.').waitFor();
    await subscriptions.registered('DISPUTE_FEED');
    expect(await page.getByTestId('count-OPEN').locator('dd').textContent()).toBe('0');
    await expectAccessible(page);

    // when the buyer opens a dispute through the API
    const opened = await openDispute(order.buyer, order.orderId, {
      reason: 'ALREADY_REDEEMED',
      message: 'Steam says this key was already activated.',
    });
    const disputeId = opened.dispute!.id;

    // then it appears in the agent's window within 2 s, and the counts move, with no reload
    const row = page.locator(`[data-dispute-id="${disputeId}"]`);
    await row.waitFor({ state: 'visible', timeout: 2_000 });
    expect(await row.getAttribute('data-state')).toBe('OPEN');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="count-OPEN"] dd')?.textContent === '1',
      undefined,
      { timeout: 2_000 },
    );
    expect(loads()).toBe(0);
    await expectAccessible(page);
    await saveScreenshot(page, 'queue');

    // when the agent reaches the row with the keyboard and opens it
    await tabTo(page, row.getByRole('link'));
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/console/support/disputes/${encodeURIComponent(disputeId)}`);
    await subscriptions.registered('DISPUTE_UPDATED', rawId(disputeId));
    const state = page.getByTestId('dispute-state').locator('[data-state]');
    expect(await state.getAttribute('data-state')).toBe('OPEN');
    expect(await page.getByTestId('evidence-sha256').textContent()).toMatch(/^[0-9a-f]{64}$/);
    await page.getByText('Hash matches the content').waitFor();
    // and the summary names the product, and says the buyer never saw the code
    const product = await queryDatabase<{ title: string }>(
      stack.testApp,
      'select l.title from orders o join listings l on l.id = o.listing_id where o.id = $1',
      [rawId(order.orderId)],
    );
    expect(await page.getByTestId('dispute-product').textContent()).toBe(product[0]!.title);
    expect(await page.getByTestId('code-revealed').textContent()).toBe(
      'Never: the buyer has not seen the code',
    );
    // and what the order was sold as, unchanged so far
    const soldAs = page.getByTestId('terms-at-purchase');
    expect(await soldAs.textContent()).toContain(`${product[0]!.title} · Steam · Global`);
    expect(await page.getByTestId('terms-changed').count()).toBe(0);

    // and starts the review from the keyboard (Tab to the button, Enter)
    await tabTo(page, page.getByRole('button', { name: 'Start review' }));
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="dispute-state"] [data-state="UNDER_REVIEW"]').waitFor();

    // and requests a response from the seller with a deadline
    await page.getByRole('button', { name: 'Request a response' }).click();
    const requestDialog = page.getByRole('dialog', { name: 'Request a response' });
    await requestDialog
      .getByRole('textbox', { name: /^Question/ })
      .fill('Please show the key was unused when sold.');
    await requestDialog.getByRole('textbox', { name: /^Deadline/ }).fill('24');
    // (the question is a message of the thread: both parties read it)
    await requestDialog.getByText('Shown to both parties; addressed to the seller').waitFor();
    await expectAccessible(page);
    await requestDialog.getByRole('button', { name: 'Send the request' }).click();
    await page.locator('[data-testid="dispute-state"] [data-state="NEEDS_RESPONSE"]').waitFor();
    expect(await page.getByTestId('waiting-for').textContent()).toMatch(/^Seller, due/);

    // and writes to both parties with a file, which downloads again through a signed URL
    await page.getByRole('textbox', { name: /^Message/ }).fill('Here is what the buyer sent us.');
    await page.locator('input[type="file"]').setInputFiles({
      name: 'steam-receipt.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Steam: "This product code has already been activated."\n'),
    });
    await page.getByRole('button', { name: 'Send message' }).click();
    const download = page.getByRole('button', { name: /^Download steam-receipt\.txt/ });
    await download.waitFor();
    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    expect(fs.readFileSync((await file.path())!, 'utf8')).toContain('already been activated');

    // when the seller answers through the API, the dispute returns to review on the agent's screen
    const answered = await order.seller.client.data<{ postDisputeMessage: { dispute: { state: string } } }>(
      answerMutation,
      { input: { disputeId, message: 'The key was unused when delivered; see our logs.', attachments: [] } },
    );
    expect(answered.postDisputeMessage.dispute.state).toBe('UNDER_REVIEW');
    await page.locator('[data-testid="dispute-state"] [data-state="UNDER_REVIEW"]').waitFor();
    await page.getByText('The key was unused when delivered; see our logs.').waitFor();
    await expectAccessible(page);
    await screenshotWholePage(page, 'dispute');

    // when an admin, in another browser context, refunds the buyer from the same page
    const admin = await signedInPage(stack, browser, {
      roles: ['ADMIN'],
      path: `support/disputes/${encodeURIComponent(disputeId)}`,
    });
    await admin.page.getByRole('button', { name: 'Refund buyer' }).click();
    const decision = admin.page.getByRole('dialog', { name: 'Refund the buyer' });
    await decision
      .getByRole('textbox', { name: /^Reason/ })
      .fill('The code had been redeemed before delivery.');
    // (the admin is told who reads the reason: both parties see it on their dispute page)
    await decision
      .getByText('The buyer and the seller both see it on their dispute page, as the decision’s reason.', {
        exact: false,
      })
      .waitFor({ timeout: 5_000 });
    await expectAccessible(admin.page);
    await decision.getByRole('button', { name: 'Refund €19.99' }).click();
    await admin.page.locator('[data-testid="dispute-state"] [data-state="CLOSED"]').waitFor();

    // then the agent's window shows the dispute CLOSED and the buyer refunded, live, with no reload
    await page.locator('[data-testid="dispute-state"] [data-state="CLOSED"]').waitFor({ timeout: 5_000 });
    await page.getByTestId('escrow-status').getByText('Refunded to the buyer').waitFor();
    expect(await page.getByTestId('outcome').textContent()).toMatch(/^Won/);
    expect(await page.getByRole('button', { name: 'Request a response' }).count()).toBe(0);
    expect(loads()).toBe(0);
    expect(agent.problems).toEqual([]);
    expect(admin.problems).toEqual([]);
    await admin.context.close();
    await agent.context.close();
  });

  it('shows an agent without the admin role no decision, and the API refuses one from them anyway', async () => {
    // given a dispute under review, and a support agent (not an admin) on its page
    const order = await heldOrder(stack.testApp);
    const opened = await openDispute(order.buyer, order.orderId);
    const colleague = await newStaff(stack.testApp, ['SUPPORT']);
    await startReview(colleague, opened.dispute!.id, 1);
    const agent = await signedInPage(stack, browser, {
      roles: ['SUPPORT'],
      path: `support/disputes/${encodeURIComponent(opened.dispute!.id)}`,
    });
    const { page } = agent;
    await page.getByRole('button', { name: 'Request a response' }).waitFor();

    // then the actions of the state are there, and no decision among them
    expect(await page.getByRole('button', { name: 'Refund buyer' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Release to seller' }).count()).toBe(0);
    await expectAccessible(page);

    // when the same agent calls refundOrder through the API
    const client = await apiClient(stack, agent.user);
    const refused = await client.graphql(refundMutation, {
      input: { orderId: order.orderId, reason: 'Trying anyway', idempotencyKey: 'support-refund-attempt-1' },
    });

    // then it is FORBIDDEN and the escrow is still held
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const seen = await order.buyer.client.data<{ order: { escrowStatus: string } }>(orderQuery, {
      id: order.orderId,
    });
    expect(seen.order.escrowStatus).toBe('HELD');
    expect(agent.problems).toEqual([]);
    await agent.context.close();
  });

  it('shows an agent the code a disputed order delivered once they give a reason, and records the reveal', async () => {
    // given a disputed order open on an agent's page
    const order = await heldOrder(stack.testApp);
    const opened = await openDispute(order.buyer, order.orderId);
    const agent = await signedInPage(stack, browser, {
      roles: ['SUPPORT'],
      path: `support/disputes/${encodeURIComponent(opened.dispute!.id)}`,
    });
    const { page } = agent;

    // when they ask for the delivered code, and say why
    await page.getByRole('button', { name: 'Show the delivered code…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Show the delivered code?' });
    expect(await dialog.textContent()).toContain('recorded in the audit log');
    await dialog.getByRole('textbox', { name: /^Reason/ }).fill('Matching the buyer’s screenshot.');
    await dialog.getByRole('button', { name: 'Show the code' }).click();

    // then the page shows the code the buyer got, and the audit log has the reveal with its reason
    const shown = (await page.getByTestId('delivered-code').textContent()) ?? '';
    const bought = await order.buyer.client.data<{ revealCode: { code: string } }>(
      'mutation ($input: OrderInput!) { revealCode(input: $input) { code } }',
      { input: { orderId: order.orderId } },
    );
    expect(shown).toBe(bought.revealCode.code);
    const audited = await queryDatabase<{ reason: string }>(
      stack.testApp,
      `select details->>'reason' as reason from audit_log
        where action = 'order.code_revealed' and subject_id = $1 and actor_user_id = $2`,
      [rawId(order.orderId), agent.user.rawId],
    );
    expect(audited).toEqual([{ reason: 'Matching the buyer’s screenshot.' }]);
    await expectAccessible(page);
    expect(agent.problems).toEqual([]);
    await agent.context.close();
  });

  /**
   * A dispute a colleague took under review, open on an agent's page with the "Request a response"
   * dialog open and its question typed.
   */
  async function requestDialogOnReviewedDispute() {
    const order = await heldOrder(stack.testApp);
    const disputeId = (await openDispute(order.buyer, order.orderId)).dispute!.id;
    const colleague = await newStaff(stack.testApp, ['SUPPORT']);
    await startReview(colleague, disputeId, 1);
    const agent = await signedInPage(stack, browser, {
      roles: ['SUPPORT'],
      path: `support/disputes/${encodeURIComponent(disputeId)}`,
    });
    const { page } = agent;
    await page.getByRole('button', { name: 'Request a response' }).click();
    const dialog = page.getByRole('dialog', { name: 'Request a response' });
    await dialog.getByRole('textbox', { name: /^Question/ }).fill('Which region is your account in?');
    return { disputeId, colleague, agent, page, dialog };
  }

  it('says plainly when another change got there first, and shows the state the dispute is in now', async () => {
    // given an agent with a dispute under review open, about to request a response
    const { disputeId, colleague, agent, page, dialog } = await requestDialogOnReviewedDispute();

    // when a colleague asks the buyer first (the dispute moves on while the dialog is open)
    const first = await colleague.client.data<{ requestDisputeResponse: { errors: unknown[] } }>(
      `mutation ($input: RequestDisputeResponseInput!) { requestDisputeResponse(input: $input) { errors { code } } }`,
      {
        input: { disputeId, expectedVersion: 2, party: 'BUYER', deadlineHours: 12, message: 'Your region?' },
      },
    );
    expect(first.requestDisputeResponse.errors).toEqual([]);
    await dialog.getByRole('button', { name: 'Send the request' }).click();

    // then the page says the dispute changed and nothing was done, and shows it as it is now
    const conflict = page.getByTestId('dispute-conflict');
    await conflict.waitFor();
    expect(await conflict.textContent()).toMatch(/changed before your action reached it/);
    await conflict.locator('[data-state="NEEDS_RESPONSE"]').waitFor();
    await page.locator('[data-testid="dispute-state"] [data-state="NEEDS_RESPONSE"]').waitFor();
    expect(await page.getByTestId('waiting-for').textContent()).toMatch(/^Buyer/);
    await expectAccessible(page);
    expect(agent.problems).toEqual([]);
    await agent.context.close();
  });

  it('refuses a deadline outside 1 to 336 hours as typed, says the range, and sends nothing', async () => {
    // given an agent about to request a response on a dispute under review
    const { disputeId, agent, page, dialog } = await requestDialogOnReviewedDispute();
    const deadline = dialog.getByRole('textbox', { name: /^Deadline/ });
    // (the field says its range before anything is typed)
    await dialog.getByText('Allowed: 1 to 336 hours (14 days).', { exact: false }).waitFor();

    for (const typed of ['0', '337']) {
      // when the agent types a deadline out of range and sends
      await deadline.fill(typed);
      await dialog.getByRole('button', { name: 'Send the request' }).click();

      // then the field keeps what was typed (not corrected to 1 or 336) and says what is allowed
      await dialog.getByText('A whole number from 1 to 336 hours (14 days)').waitFor({ timeout: 5_000 });
      expect(await deadline.inputValue()).toBe(typed);
      expect(await deadline.getAttribute('aria-invalid')).toBe('true');
    }
    await expectAccessible(page);

    // and nothing was sent: the dispute is still under review, with no deadline
    const [unchanged] = await queryDatabase<{ state: string; response_due_at: Date | null }>(
      stack.testApp,
      'select state, response_due_at from disputes where id = $1',
      [rawId(disputeId)],
    );
    expect(unchanged).toEqual({ state: 'UNDER_REVIEW', response_due_at: null });

    // when the agent corrects it to the longest allowed, the request goes
    await deadline.fill('336');
    await dialog.getByRole('button', { name: 'Send the request' }).click();
    await page.locator('[data-testid="dispute-state"] [data-state="NEEDS_RESPONSE"]').waitFor();
    const [asked] = await queryDatabase<{ hours: number }>(
      stack.testApp,
      `select round(extract(epoch from response_due_at - now()) / 3600)::int as hours from disputes where id = $1`,
      [rawId(disputeId)],
    );
    expect(asked!.hours).toBe(336);
    expect(agent.problems).toEqual([]);
    await agent.context.close();
  });

  it('writes the timeline for people: a deadline in a note as a date like the others, no version numbers', async () => {
    // given a dispute whose seller was asked to respond within 24 hours
    const order = await heldOrder(stack.testApp);
    const disputeId = (await openDispute(order.buyer, order.orderId)).dispute!.id;
    const colleague = await newStaff(stack.testApp, ['SUPPORT']);
    await startReview(colleague, disputeId, 1);
    await requestResponse(colleague, disputeId, 2, { deadlineHours: 24, message: 'Which region?' });
    const [dispute] = await queryDatabase<{ response_due_at: Date; version: number }>(
      stack.testApp,
      'select response_due_at, version from disputes where id = $1',
      [rawId(disputeId)],
    );
    const due = dispute!.response_due_at.toISOString();

    // when an agent opens it
    const agent = await signedInPage(stack, browser, {
      roles: ['SUPPORT'],
      path: `support/disputes/${encodeURIComponent(disputeId)}`,
    });
    const { page } = agent;
    const timeline = page.getByTestId('dispute-timeline');
    await timeline.getByText('Response requested: Under review → Needs response').waitFor();

    // then the request's note writes its deadline as the console writes dates (ui/date-time.ts,
    // in the reader's time zone), the ISO value kept on a <time> element, not in the text
    const written = await page.evaluate(
      (iso) =>
        new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)),
      due,
    );
    const note = timeline
      .getByTestId('timeline-note')
      .filter({ hasText: 'Response requested from the seller' });
    expect(await note.textContent()).toBe(`Response requested from the seller by ${written}: Which region?`);
    expect(await note.locator('time').getAttribute('datetime')).toBe(due);
    expect(await timeline.textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);

    // and no event, nor the page's header, shows the internal version number
    expect(await timeline.textContent()).not.toMatch(/version/i);
    const header = page.getByRole('heading', { level: 1 }).locator('..');
    expect(await header.textContent()).not.toMatch(/version/i);
    // (which the page keeps for itself, on the elements)
    expect(await timeline.locator('[data-version]').count()).toBe(dispute!.version);
    expect(await page.getByTestId('dispute-state').getAttribute('data-dispute-version')).toBe(
      String(dispute!.version),
    );
    await expectAccessible(page);
    expect(agent.problems).toEqual([]);
    await agent.context.close();
  });

  it('opens the queue from a bookmarked filter, and keeps the filtered list in step with the feed', async () => {
    // given two open disputes and an agent on the queue filtered to "Open"
    const [first, second] = await Promise.all([heldOrder(stack.testApp), heldOrder(stack.testApp)]);
    const firstDispute = (await openDispute(first.buyer, first.orderId)).dispute!;
    const secondDispute = (await openDispute(second.buyer, second.orderId)).dispute!;
    const agent = await signedInPage(stack, browser, {
      roles: ['SUPPORT'],
      path: 'support/disputes?state=OPEN',
    });
    const { page } = agent;
    await subscriptions.registered('DISPUTE_FEED');
    const firstRow = page.locator(`[data-dispute-id="${firstDispute.id}"]`);
    await firstRow.waitFor();
    await page.locator(`[data-dispute-id="${secondDispute.id}"]`).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Open' }).isChecked()).toBe(true);

    // when a colleague starts the review of the first one
    const colleague = await newStaff(stack.testApp, ['SUPPORT']);
    await startReview(colleague, firstDispute.id, 1);

    // then it leaves the "Open" list live, and comes back under "Under review" when the agent switches
    await firstRow.waitFor({ state: 'detached', timeout: 2_000 });
    // (the chips are checkboxes: Tab to one, Space toggles it)
    await tabTo(page, page.getByRole('checkbox', { name: 'Under review' }));
    await page.keyboard.press('Space');
    await firstRow.waitFor();
    await page.getByRole('checkbox', { name: 'Open' }).focus();
    await page.keyboard.press('Space');
    await page.locator(`[data-dispute-id="${secondDispute.id}"]`).waitFor({ state: 'detached' });
    expect(new URL(page.url()).search).toBe('?state=UNDER_REVIEW');
    expect(page.url()).toContain(consolePath('support/disputes'));
    expect(agent.problems).toEqual([]);
    await agent.context.close();
  });

  it('narrows the queue to overdue responses from the keyboard, as the API judges them', async () => {
    // given two disputes waiting for the seller, one of them past its deadline (the deadline job
    // that would return it to review is not running: the stack runs jobs on demand)
    const colleague = await newStaff(stack.testApp, ['SUPPORT']);
    const waiting = async () => {
      const order = await heldOrder(stack.testApp);
      const dispute = (await openDispute(order.buyer, order.orderId)).dispute!;
      await startReview(colleague, dispute.id, 1);
      await requestResponse(colleague, dispute.id, 2, { deadlineHours: 24 });
      return dispute;
    };
    const [late, inTime] = [await waiting(), await waiting()];
    // Every update of a dispute is one version step (disputes_guard), as the server's own tests do it.
    await queryDatabase(
      stack.testApp,
      `update disputes set response_due_at = now() - interval '1 minute', version = version + 1 where id = $1`,
      [rawId(late.id)],
    );
    const agent = await signedInPage(stack, browser, {
      roles: ['SUPPORT'],
      path: 'support/disputes?state=NEEDS_RESPONSE',
    });
    const { page } = agent;
    await page.locator(`[data-dispute-id="${inTime.id}"]`).waitFor();
    await page.locator(`[data-dispute-id="${late.id}"]`).waitFor();

    // when the agent turns "Overdue response" on with the keyboard
    await tabTo(page, page.getByRole('switch', { name: /Overdue response/ }));
    await page.keyboard.press('Space');

    // then only the late one is listed, shown as overdue, and the address keeps the filter
    await page.locator(`[data-dispute-id="${inTime.id}"]`).waitFor({ state: 'detached' });
    const lateRow = page.locator(`[data-dispute-id="${late.id}"]`);
    await lateRow.getByText(/overdue by \d+ min/).waitFor();
    expect(new URL(page.url()).search).toBe('?state=NEEDS_RESPONSE&overdue=1');
    await expectAccessible(page);
    expect(agent.problems).toEqual([]);
    await agent.context.close();
  });

  it('assigns a dispute to a colleague found by email', async () => {
    // given an agent on a dispute, and a colleague they know by email only
    const order = await heldOrder(stack.testApp);
    const opened = await openDispute(order.buyer, order.orderId);
    const disputeId = opened.dispute!.id;
    const colleague = await newStaff(stack.testApp, ['SUPPORT']);
    const [row] = await queryDatabase<{ email: string }>(
      stack.testApp,
      'select email from users where id = $1',
      [colleague.rawId],
    );
    const agent = await signedInPage(stack, browser, {
      roles: ['SUPPORT'],
      path: `support/disputes/${encodeURIComponent(disputeId)}`,
    });
    const { page } = agent;

    // when the agent finds the colleague by email, in capitals, chooses them and assigns
    await page.getByRole('button', { name: 'Assign to a colleague' }).click();
    const dialog = page.getByRole('dialog', { name: 'Assign to a colleague' });
    await dialog.getByRole('textbox', { name: /^Email or user id/ }).fill(row!.email.toUpperCase());
    await dialog.getByRole('button', { name: 'Find' }).click();
    // (on a 390 px phone the match, its email and its button fit the dialog: nothing scrolls sideways)
    await dialog.getByRole('button', { name: /^Choose / }).waitFor();
    const viewport = page.viewportSize()!;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(() =>
      document.getAnimations().every((animation) => animation.playState !== 'running'),
    );
    const overflow = await dialog.evaluate((element) => {
      const right = element.getBoundingClientRect().right;
      const beyond = [...element.querySelectorAll('*')]
        .filter((node) => node.getBoundingClientRect().right > right + 1)
        .map((node) => `${node.tagName}.${node.className}`);
      return { page: document.documentElement.scrollWidth, beyond: beyond.slice(0, 5) };
    });
    await page.setViewportSize(viewport);
    expect(overflow).toEqual({ page: 390, beyond: [] });
    await dialog.getByRole('button', { name: /^Choose / }).click();
    await dialog.getByRole('status').filter({ hasText: 'SUPPORT' }).waitFor();
    expect(await dialog.getByRole('textbox', { name: /^(Or their|Their) user ID/ }).inputValue()).toBe(
      colleague.id,
    );
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Assign' }).click();
    await dialog.waitFor({ state: 'detached' });

    // then the dispute is the colleague's
    const [assigned] = await queryDatabase<{ assignee_id: string }>(
      stack.testApp,
      'select assignee_id from disputes where order_id = $1',
      [order.rawOrderId],
    );
    expect(assigned!.assignee_id).toBe(colleague.rawId);
    expect(agent.problems).toEqual([]);
    await agent.context.close();
  });

  it('assigns a reviewed dispute to an admin chosen from the staff list, and says that admins decide', async () => {
    // given a dispute an agent took under review, and an admin
    const order = await heldOrder(stack.testApp);
    const disputeId = (await openDispute(order.buyer, order.orderId)).dispute!.id;
    const admin = await newStaff(stack.testApp, ['ADMIN']);
    const agent = await signedInPage(stack, browser, {
      roles: ['SUPPORT'],
      path: `support/disputes/${encodeURIComponent(disputeId)}`,
    });
    const { page } = agent;
    await page.getByRole('button', { name: 'Start review' }).click();
    // then the page says that the decision is an admin's
    await page.getByTestId('admin-decides').filter({ hasText: 'assign the dispute to an admin' }).waitFor();

    // when the agent opens the assignment and picks the admin from the list of staff
    await page.getByRole('button', { name: 'Assign to a colleague' }).click();
    const dialog = page.getByRole('dialog', { name: 'Assign to a colleague' });
    await dialog.getByLabel(/^Colleague/).click();
    const adminOption = page
      .getByRole('option')
      .filter({ hasText: 'Admin' })
      .filter({ hasText: /Staff · Admin/ });
    // (the agent themself is not offered: Assign to me does that)
    expect(await page.getByRole('option').filter({ hasText: agent.user.email }).count()).toBe(0);
    const [row] = await queryDatabase<{ email: string }>(
      stack.testApp,
      'select email from users where id = $1',
      [admin.rawId],
    );
    await adminOption.filter({ hasText: row!.email }).click();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Assign' }).click();
    await dialog.waitFor({ state: 'detached' });

    // then the dispute is the admin's
    const [assigned] = await queryDatabase<{ assignee_id: string }>(
      stack.testApp,
      'select assignee_id from disputes where order_id = $1',
      [order.rawOrderId],
    );
    expect(assigned!.assignee_id).toBe(admin.rawId);
    expect(agent.problems).toEqual([]);
    await agent.context.close();
  });

  it('shows the queue stacked on a 375 px phone: state, amount and parties of a row in view, nothing to scroll sideways', async () => {
    // given an agent whose dispute waits for the seller's answer
    const agentUser = await createUser(stack, ['SUPPORT']);
    const agentStaff = {
      client: await apiClient(stack, agentUser),
      id: agentUser.id,
      rawId: agentUser.rawId,
    };
    const order = await heldOrder(stack.testApp, { price: 2_499 });
    const disputeId = (await openDispute(order.buyer, order.orderId)).dispute!.id;
    await startReview(agentStaff, disputeId, 1);
    await requestResponse(agentStaff, disputeId, 2, { deadlineHours: 24 });

    // when they open their queue on a phone
    const agent = await signedInPage(stack, browser, {
      roles: ['SUPPORT'],
      user: agentUser,
      path: 'support/disputes?assignee=me',
    });
    const { page } = agent;
    await page.setViewportSize({ width: 375, height: 812 });
    const row = page.locator(`[data-dispute-id="${disputeId}"]`);
    await row.waitFor({ state: 'visible', timeout: 10_000 });

    // then the row is stacked, with its state, amount, parties and deadline within the screen's width
    expect(await page.getByTestId('dispute-queue-header').count()).toBe(0);
    await expectWithinWidth(page, row.locator('[data-state="NEEDS_RESPONSE"]'), 'the state');
    await expectWithinWidth(page, row.getByText('€24.99'), 'the amount');
    const parties = row.getByTestId('queue-row-parties');
    await expectWithinWidth(page, parties, 'the parties');
    expect(await parties.textContent()).toContain(
      (await order.buyer.client.data<{ me: { displayName: string } }>('{ me { displayName } }')).me
        .displayName,
    );
    await expectWithinWidth(page, row.getByText(/in 2[34] h/), 'the deadline');
    // and neither the page nor the queue scrolls sideways
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const queue = page.getByTestId('dispute-queue-scroll');
    expect(await queue.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    await expectAccessible(page);

    // and on a wide screen the queue is columns again
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByTestId('dispute-queue-header').waitFor();
    expect(await row.getByTestId('queue-row-parties').count()).toBe(0);
    expect(agent.problems).toEqual([]);
    await agent.context.close();
  });
});

import type { Browser, Locator, Page } from 'playwright-core';
import { queryDatabase, rawId, signUp } from '../../../server/test/harness';
import {
  apiClient,
  consolePath,
  createListing,
  createUser,
  decide,
  expectAccessible,
  fundWallet,
  launchBrowser,
  newStaff,
  openDispute,
  purchase,
  requestResponse,
  saveScreenshot,
  signedInPage,
  startConsoleStack,
  startReview,
  watchSubscriptions,
  type ConsoleStack,
  type Party,
} from './browser-harness';

/**
 * The seller's side of a dispute in real Chromium against the real API: support asks the seller to
 * respond, the seller finds the request from the menu, the sales page and the disputes list, reads
 * the question and its deadline, answers with a file, and support has the answer; the thread and
 * the decision reach the seller's page live.
 */

/** Generous for a UI step on two shared cores, far below the test's own timeout. */
const stepTimeoutMs = 15_000;

const postMessageMutation = `mutation ($input: PostDisputeMessageInput!) {
  postDisputeMessage(input: $input) { dispute { state } errors { code message } }
}`;

const supportDisputeQuery = `query ($id: ID!) {
  dispute(id: $id) {
    state
    requestedParty
    timeline { action actorKind }
    messages { authorKind body author { id } attachments { fileName contentType } }
  }
}`;

interface SupportDisputeView {
  state: string;
  requestedParty: string | null;
  timeline: { action: string; actorKind: string }[];
  messages: {
    authorKind: string;
    body: string;
    author: { id: string };
    attachments: { fileName: string | null; contentType: string }[];
  }[];
}

/** Waits until the locator's text matches: the page changes by itself (subscriptions, answers). */
async function expectText(locator: Locator, expected: string | RegExp): Promise<void> {
  try {
    await locator.filter({ hasText: expected }).first().waitFor({ timeout: stepTimeoutMs });
  } catch (error) {
    const shown = await locator
      .first()
      .textContent({ timeout: 1_000 })
      .catch(() => null);
    throw new Error(`expected ${String(expected)}; the page shows ${JSON.stringify(shown)}`, {
      cause: error,
    });
  }
}

/** A full-page screenshot from the top, so the fixed header is where a person sees it. */
async function screenshotFromTop(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await saveScreenshot(page, name);
}

/** Counts full page loads of the main frame: a live update must not need one. */
function countLoads(page: Page): () => number {
  let loads = 0;
  page.on('load', () => (loads += 1));
  return () => loads;
}

describe('seller: disputes on their sales', () => {
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

  it('shows support’s request with its deadline from the menu, the sales page and the list, takes the answer with a file, and support has it', async () => {
    // given a seller's sale that the buyer disputed, and support asking the seller to respond within 24 hours
    const sellerUser = await createUser(stack, ['SELLER']);
    const seller: Party = {
      client: await apiClient(stack, sellerUser),
      id: sellerUser.id,
      rawId: sellerUser.rawId,
    };
    const signedUpBuyer = await signUp(stack.baseUrl, { displayName: 'Alex Morgan' });
    const buyer: Party = {
      client: signedUpBuyer.client,
      id: signedUpBuyer.userId,
      rawId: rawId(signedUpBuyer.userId),
    };
    const { listingId } = await createListing(seller, { title: 'Hades — Steam key', price: 1_999 });
    await fundWallet(stack.testApp, buyer, 1_999);
    const bought = await purchase(buyer, listingId);
    const orderId = bought.order!.id;
    const opened = await openDispute(buyer, orderId, {
      reason: 'ALREADY_REDEEMED',
      message: 'Steam says this key was already activated.',
    });
    const disputeId = opened.dispute!.id;
    const agent = await newStaff(stack.testApp, ['SUPPORT']);
    await startReview(agent, disputeId, 1);
    const question = 'Please show that the key was unused when you sold it.';
    const requested = await requestResponse(agent, disputeId, 2, {
      party: 'SELLER',
      deadlineHours: 24,
      message: question,
    });
    const responseDueAt = requested.dispute!.responseDueAt!;

    // when the seller signs in to the console, on their sales
    const { page, context, problems } = await signedInPage(stack, browser, {
      roles: ['SELLER'],
      user: sellerUser,
      path: 'seller/sales',
    });
    await page.getByRole('heading', { name: 'Sales', level: 1 }).waitFor();

    // then the menu offers Disputes with one awaiting their response
    const disputesLink = page.getByRole('navigation').getByRole('link', { name: /^Disputes/ });
    await expectText(page.getByTestId('disputes-awaiting-count'), /^1, awaiting your response$/);
    expect(await disputesLink.getAttribute('href')).toBe(consolePath('seller/disputes'));

    // and the disputed sale carries a marker that links to its dispute
    const sale = page.getByRole('row').filter({ hasText: 'Hades — Steam key' });
    const marker = sale.getByRole('link', { name: 'Disputed: your response needed' });
    await marker.waitFor({ timeout: stepTimeoutMs });
    expect(await marker.getAttribute('href')).toBe(
      consolePath(`seller/disputes/${encodeURIComponent(disputeId)}`),
    );
    await expectText(sale, 'In escrow');
    await expectAccessible(page);

    // when they open Disputes from the menu
    await disputesLink.click();
    await page.getByRole('heading', { name: 'Disputes', level: 1 }).waitFor();

    // then the dispute is listed with its sale, its buyer, its state and what support asks, by when
    const row = page.getByRole('row').filter({ hasText: 'Hades — Steam key' });
    await row.waitFor({ timeout: stepTimeoutMs });
    await expectText(row, 'Alex Morgan');
    await expectText(row, 'The code was already redeemed');
    await expectText(row, 'Your response needed');
    await expectText(row, /Support asked you to respond by .+ \(in 23 h\)/);
    expect(await row.locator('time').first().getAttribute('datetime')).toBe(responseDueAt);
    await expectAccessible(page);
    await screenshotFromTop(page, 'seller-disputes');

    // when they open it
    await row.getByRole('link', { name: 'Hades — Steam key' }).click();
    await page.waitForURL(`**/console/seller/disputes/${encodeURIComponent(disputeId)}`);
    await subscriptions.registered('DISPUTE_UPDATED', rawId(disputeId));
    const loads = countLoads(page);

    // then the request is on top: its deadline, and support's question
    const request = page.getByRole('region', { name: 'Support asked you to respond' });
    await request.waitFor();
    await expectText(request.getByTestId('response-deadline'), /^Respond by .+ \(in 23 h\)$/);
    expect(await request.getByTestId('response-deadline').locator('time').getAttribute('datetime')).toBe(
      responseDueAt,
    );
    expect(await request.getByTestId('request-question').textContent()).toContain(question);
    // and the thread names each author from the seller's side
    const messages = page.getByRole('list', { name: 'Messages' }).getByRole('listitem');
    await expectText(messages.nth(0), 'Alex Morgan');
    await expectText(messages.nth(0), 'Steam says this key was already activated.');
    await expectText(messages.nth(1).getByTestId('message-author'), /^Support$/);
    await expectText(messages.nth(1), 'Request to you');
    await expectAccessible(page);

    // when the buyer writes meanwhile, the message appears live under the buyer's name
    await buyer.client.data(postMessageMutation, {
      input: { disputeId, message: 'I tried it twice, the same error.', attachments: [] },
    });
    await expectText(messages.nth(2), 'I tried it twice, the same error.');
    await expectText(messages.nth(2).getByTestId('message-author'), /^Alex Morgan$/);

    // when the seller answers with a file
    const answer = 'The key was unused when delivered: our sales log shows it left stock on the sale.';
    await request.getByRole('textbox', { name: /^Your answer to support/ }).fill(answer);
    await request.locator('input[type="file"]').setInputFiles({
      name: 'sales-log.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('2026-03-01 10:00:02 HADES-KEY-01 reserved for order, never activated\n'),
    });
    await expectAccessible(page);
    await screenshotFromTop(page, 'seller-dispute');
    await request.getByRole('button', { name: 'Send answer' }).click();

    // then the request is answered: the dispute is back under review, and the answer is theirs in the thread
    await expectText(page.getByTestId('reply-status'), 'Your answer was sent');
    await request.waitFor({ state: 'detached', timeout: stepTimeoutMs });
    await page.locator('[data-testid="dispute-state"] [data-state="UNDER_REVIEW"]').waitFor();
    const mine = messages.filter({ hasText: answer });
    await expectText(mine.getByTestId('message-author'), /^You$/);
    await mine.getByRole('button', { name: /^Download sales-log\.txt/ }).waitFor();
    // and nothing awaits them any more
    await page.getByTestId('disputes-awaiting-count').waitFor({ state: 'detached', timeout: stepTimeoutMs });
    await page.getByRole('textbox', { name: /^Add a message/ }).waitFor();
    expect(loads()).toBe(0);
    await expectAccessible(page);

    // and the API records the answer as the seller's, with its file, and support reads it
    const seen = await agent.client.data<{ dispute: SupportDisputeView }>(supportDisputeQuery, {
      id: disputeId,
    });
    expect(seen.dispute.state).toBe('UNDER_REVIEW');
    expect(seen.dispute.requestedParty).toBeNull();
    expect(seen.dispute.timeline.at(-1)).toEqual({ action: 'ANSWER', actorKind: 'SELLER' });
    expect(seen.dispute.messages.at(-1)).toEqual({
      authorKind: 'SELLER',
      body: answer,
      author: { id: sellerUser.id },
      attachments: [{ fileName: 'sales-log.txt', contentType: 'text/plain' }],
    });
    const [stored] = await queryDatabase(
      stack.testApp,
      `select m.author_kind, m.author_id, m.body, count(a.attachment_id)::int as attachments
         from dispute_messages m left join dispute_message_attachments a on a.message_id = m.id
        where m.dispute_id = $1 and m.body = $2
        group by m.id`,
      [rawId(disputeId), answer],
    );
    expect(stored).toEqual({
      author_kind: 'SELLER',
      author_id: sellerUser.rawId,
      body: answer,
      attachments: 1,
    });

    // and support's console shows it on the dispute's page
    const support = await signedInPage(stack, browser, {
      roles: ['SUPPORT'],
      path: `support/disputes/${encodeURIComponent(disputeId)}`,
    });
    const supportMessage = support.page.getByRole('listitem').filter({ hasText: answer });
    await supportMessage.waitFor({ timeout: stepTimeoutMs });
    await expectText(supportMessage, 'Seller');
    await support.page.locator('[data-testid="dispute-state"] [data-state="UNDER_REVIEW"]').waitFor();
    expect(support.problems).toEqual([]);
    await support.context.close();

    // when an admin releases the payment to the seller
    const admin = await newStaff(stack.testApp, ['ADMIN']);
    const decided = await decide(admin, 'release', orderId, { reason: 'The key was unused when delivered.' });
    expect(decided.errors).toEqual([]);

    // then the seller's page shows the outcome live, and the conversation closed
    await expectText(page.getByTestId('dispute-outcome'), 'Decided in your favour');
    await page.locator('[data-testid="dispute-state"] [data-state="CLOSED"]').waitFor();
    await expectText(page.getByTestId('escrow-status'), 'Released to you');
    await page.getByRole('textbox', { name: /^Add a message/ }).waitFor({ state: 'detached' });
    await expectText(
      page.getByRole('region', { name: 'History' }).getByTestId('decision-reason'),
      'The decision’s reason: The key was unused when delivered.',
    );
    expect(loads()).toBe(0);
    await expectAccessible(page);

    // and the sale's marker says how it ended
    await page.getByRole('navigation').getByRole('link', { name: 'Sales' }).click();
    await expectText(
      page.getByRole('row').filter({ hasText: 'Hades — Steam key' }).getByTestId('sale-dispute'),
      'Dispute: released to you',
    );

    // when, with the Sales page open, the buyer buys again and disputes it, and support asks the seller
    await subscriptions.registered('VIEWER_EVENTS', sellerUser.rawId);
    const { listingId: secondListingId, codes: secondCodes } = await createListing(seller, {
      title: 'Celeste — Steam key',
      price: 999,
    });
    await fundWallet(stack.testApp, buyer, 999);
    const second = await purchase(buyer, secondListingId);
    // then the new sale appears without a reload
    const secondSale = page.getByRole('row').filter({ hasText: 'Celeste — Steam key' });
    await expectText(secondSale, 'In escrow');
    const secondDispute = await openDispute(buyer, second.order!.id, {
      reason: 'INVALID_CODE',
      message: 'Steam says this key is invalid.',
    });
    await startReview(agent, secondDispute.dispute!.id, 1);
    await requestResponse(agent, secondDispute.dispute!.id, 2, { party: 'SELLER', deadlineHours: 24 });
    // and so do the request, on the sale and in the menu's count
    await secondSale.getByRole('link', { name: 'Disputed: your response needed' }).waitFor({
      timeout: stepTimeoutMs,
    });
    await expectText(page.getByTestId('disputes-awaiting-count'), /^1, awaiting your response$/);
    expect(loads()).toBe(0);

    // and on the dispute's page the seller sees which of their codes it delivered, once they say why
    await secondSale.getByRole('link', { name: 'Disputed: your response needed' }).click();
    await page.getByRole('button', { name: 'Show the delivered code…' }).click();
    const reveal = page.getByRole('dialog', { name: 'Show the delivered code?' });
    await reveal.getByRole('textbox', { name: /^Reason/ }).fill('Checking the key I sent.');
    await reveal.getByRole('button', { name: 'Show the code' }).click();
    await expectText(page.getByTestId('delivered-code'), secondCodes[0]!);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('explains disputes to a seller who has none', async () => {
    const { page, context, problems } = await signedInPage(stack, browser, {
      roles: ['SELLER'],
      path: 'seller/disputes',
    });
    await page.getByRole('heading', { name: 'Disputes', level: 1 }).waitFor();
    const empty = page.getByRole('region', { name: 'No disputes on your sales' });
    await expectText(empty, 'Support may ask you to respond before a deadline');
    expect(await page.getByTestId('disputes-awaiting-count').count()).toBe(0);
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await context.close();
  });
});

import type { Browser } from 'playwright-core';
import {
  apiClient,
  expectAccessible,
  launchBrowser,
  newSeller,
  saveScreenshot,
  signedInPage,
  startConsoleStack,
  type ConsoleStack,
  type SignedInPage,
} from './browser-harness';

const setPayoutHold = `mutation ($input: SetPayoutHoldInput!) {
  setPayoutHold(input: $input) { errors { code } }
}`;

/**
 * The audit log in real Chromium against the real API: an admin holds a seller's payouts, opens
 * "Audit log" from the navigation, finds the entry with its reason, and filters by action and actor.
 */
describe('the audit log', () => {
  let stack: ConsoleStack;
  let browser: Browser;
  let admin: SignedInPage;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startConsoleStack(), launchBrowser()]);
    admin = await signedInPage(stack, browser, { roles: ['ADMIN'], path: 'admin/money' });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });
  afterEach(() => {
    const problems = admin.problems.splice(0);
    expect(problems).toEqual([]);
  });

  it('shows an admin the payout hold they set, with its reason, and filters by action and actor', async () => {
    // given an admin who held a seller's payouts, with a reason
    const seller = await newSeller(stack.testApp);
    const api = await apiClient(stack, admin.user);
    const held = await api.data<{ setPayoutHold: { errors: unknown[] } }>(setPayoutHold, {
      input: { sellerId: seller.id, reason: 'Chargebacks under review.' },
    });
    expect(held.setPayoutHold.errors).toEqual([]);

    // when they open "Audit log" from the navigation, after "Staff"
    const { page } = admin;
    const navigation = page.getByRole('navigation');
    const adminLinks = await navigation.getByRole('link').allTextContents();
    expect(adminLinks.indexOf('Audit log')).toBe(adminLinks.indexOf('Staff') + 1);
    await navigation.getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL('**/console/admin/audit');
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();

    // then the hold is listed with its actor, subject and reason
    const table = page.getByRole('table');
    const holdRow = table.getByRole('row').filter({ hasText: 'PAYOUT_HOLD_SET' });
    await holdRow.waitFor();
    await holdRow.getByText('Chargebacks under review.').waitFor();
    await holdRow.getByText(admin.user.email).waitFor();
    await holdRow.getByText(seller.id).waitFor();
    await expectAccessible(page);
    await saveScreenshot(page, 'admin-audit-log');

    // when they filter by another action
    const form = page.getByRole('form', { name: 'Filter the audit log' });
    await form.getByRole('textbox', { name: /^Action/ }).fill('user.disabled');
    await form.getByRole('button', { name: 'Filter', exact: true }).click();

    // then nothing matches, and the page says so
    await page.getByText('No entry matches these filters.').waitFor();
    await expectAccessible(page);

    // when they filter by the action and by their own email instead
    await form.getByRole('textbox', { name: /^Action/ }).fill('PAYOUT_HOLD_SET');
    await form.getByRole('textbox', { name: /^Actor/ }).fill(admin.user.email);
    await form.getByRole('button', { name: 'Filter', exact: true }).click();

    // then exactly their hold is listed
    await page.getByText('1 audit entry shown, newest first').waitFor();
    expect(await table.getByRole('row').filter({ hasText: 'PAYOUT_HOLD_SET' }).count()).toBe(1);

    // and clearing the filters lists everything again
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await table.getByRole('row').filter({ hasText: 'user.staff_created' }).first().waitFor();
  });
});

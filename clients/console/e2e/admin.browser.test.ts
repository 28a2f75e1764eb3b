import type { Browser, Page } from 'playwright-core';
import { runPayoutJobs } from '../../../server/test/payout-helpers';
import {
  enabledSeller,
  releasedEligibleOrders,
  requestWithdrawal,
} from '../../../server/test/payout-graphql-helpers';
import { createTopUp, pay, settle } from '../../../server/test/wallet-helpers';
import type { ResumeRequest } from '../../../server/src/events/pubsub';
import { payoutFeedTopic } from '../../../server/src/payouts/payout-events';
import { formatMoney } from '@codesale/client-shared';
import { toGlobalId } from '../../../server/src/graphql/relay';
import { queryDatabase } from '../../../server/test/harness';
import {
  apiClient,
  consolePath,
  createUser,
  expectAccessible,
  heldOrder,
  launchBrowser,
  newBuyer,
  saveScreenshot,
  signedInPage,
  startConsoleStack,
  type ConsoleStack,
  type Party,
  type SignedInPage,
} from './browser-harness';

/**
 * Resolves once the API has registered a subscriber on `topic`: from then on every event committed
 * reaches it. A subscription without `after` receives only what commits after it registered, so a
 * test waits for this before making the change it expects to see live. It observes the real
 * PostgresPubSub (the call goes through unchanged) and puts the method back after the first match.
 */
function subscriberRegistered(stack: ConsoleStack, topic: string): Promise<void> {
  const pubsub = stack.services.pubsub;
  const original = pubsub.resume;
  return new Promise((resolve) => {
    const observed = async (request: ResumeRequest<unknown>) => {
      const result = await original.call(pubsub, request);
      if (request.topic === topic) {
        pubsub.resume = original;
        resolve();
      }
      return result;
    };
    pubsub.resume = observed as typeof original;
  });
}

/**
 * axe measures contrast with the colours on screen: a dialog or notification still fading in is
 * paler than it will be. Waits until no CSS transition or animation runs, then checks.
 */
async function expectSettledAccessible(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => animation.playState !== 'running'),
  );
  await expectAccessible(page);
}

/** The EUR escrow balance the API reports now, to compare the screen with. */
async function escrowTotal(stack: ConsoleStack): Promise<{ amount: number; currency: string }> {
  const admin = await apiClient(stack, await createUser(stack, ['ADMIN']));
  const data = await admin.data<{
    moneyInvariants: {
      currencies: { currency: string; escrow: { escrowBalance: { amount: number; currency: string } } }[];
    };
  }>('{ moneyInvariants { currencies { currency escrow { escrowBalance { amount currency } } } } }');
  const eur = data.moneyInvariants.currencies.find((entry) => entry.currency === 'EUR');
  if (!eur) throw new Error('no EUR in moneyInvariants');
  return eur.escrow.escrowBalance;
}

/** The page's main-frame navigations from now on: a live update makes none. */
function recordNavigations(page: Page): string[] {
  const navigations: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations.push(frame.url());
  });
  return navigations;
}

/** A buyer whose card top-up was charged back: the wallet is flagged WALLET_AT_RISK. */
async function chargedBackBuyer(stack: ConsoleStack): Promise<Party> {
  const buyer = await newBuyer(stack.testApp);
  const topUp = await createTopUp(
    { client: buyer.client, userId: buyer.id, rawId: buyer.rawId },
    { amount: 2_500 },
  );
  expect(topUp.errors).toEqual([]);
  await settle(stack.testApp);
  expect(await pay(stack.testApp, topUp.clientSecret, 'pm_card_createDispute')).toBe('succeeded');
  await settle(stack.testApp);
  return buyer;
}

/** Display names of test users repeat; their email does not. */
async function emailOf(party: Party): Promise<string> {
  return (await party.client.data<{ me: { email: string } }>('{ me { email } }')).me.email;
}

async function walletStatus(buyer: Party): Promise<string> {
  const data = await buyer.client.data<{ myWallet: { status: string } }>(
    'query { myWallet(currency: "EUR") { status } }',
  );
  return data.myWallet.status;
}

/** Presses Tab until the focused element is `name`'s button; fails after `limit` presses. */
async function tabTo(page: Page, name: string, limit = 60): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement;
      return element ? (element.getAttribute('aria-label') ?? element.textContent ?? '').trim() : '';
    });
    if (focused === name) return;
  }
  throw new Error(`"${name}" was not reached with ${limit} presses of Tab`);
}

describe('the admin console', () => {
  let stack: ConsoleStack;
  let browser: Browser;
  let admin: SignedInPage;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([
      startConsoleStack({ env: { PAYOUT_HOLD_HOURS: '0', PAYOUT_MIN_WITHDRAWAL_AMOUNT: '1000' } }),
      launchBrowser(),
    ]);
    admin = await signedInPage(stack, browser, { roles: ['ADMIN'], path: 'admin/money' });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });
  afterEach(() => {
    // Each test answers for the problems of its own steps only.
    const problems = admin.problems.splice(0);
    expect(problems).toEqual([]);
  });

  describe('an address no page has', () => {
    it.each(['admin/users', 'admin/nope/deeper', 'support/nope', 'nope'])(
      'says /console/%s is not found, once, where it is, and leads home',
      async (path) => {
        const { page } = admin;
        await page.goto(consolePath(path));
        await page.getByRole('heading', { name: 'Page not found', level: 1 }).waitFor();
        // no redirect: the address stays as typed (a relative one under the splat looped without end)
        expect(new URL(page.url()).pathname).toBe(consolePath(path));
        // and its link leads to the navigation's first page
        const first = await page.getByRole('navigation').getByRole('link').first().getAttribute('href');
        await page.getByRole('link', { name: 'go to your first page' }).click();
        await page.waitForURL(`**${first}`);
        await page.getByRole('heading', { name: 'Page not found' }).waitFor({ state: 'detached' });
      },
    );
  });

  describe('money', () => {
    it('moves the escrow figure live when a purchase commits through the API, and every check holds', async () => {
      // given money in EUR already (a buyer with a held order) and the admin on the Money screen
      await heldOrder(stack.testApp, { price: 1_000 });
      const { page } = admin;
      await page.goto(consolePath('admin/money'));
      await page.getByRole('heading', { name: 'Money', level: 1 }).waitFor();
      const escrow = page.getByTestId('escrow-EUR');
      const escrowBalance = escrow.getByTestId('escrow-EUR-figure-0');
      await escrowBalance.waitFor();
      const before = await escrowTotal(stack);
      expect(await escrowBalance.textContent()).toBe(formatMoney(before));
      await expectSettledAccessible(page);
      const navigations = recordNavigations(page);

      // when a buyer buys a 19.99 code through the API
      await heldOrder(stack.testApp, { price: 1_999 });

      // then the escrow balance and the held orders move by its price on screen, with no reload
      const after = formatMoney({ amount: before.amount + 1_999, currency: 'EUR' });
      await page.waitForFunction(
        ([selector, expected]) => document.querySelector(selector!)?.textContent === expected,
        ['[data-testid="escrow-EUR-figure-0"]', after],
      );
      expect(await escrow.getByTestId('escrow-EUR-figure-1').textContent()).toBe(after);
      expect(navigations).toEqual([]);

      // and each check shows both its figures and holds
      for (const check of ['escrow', 'trial-balance', 'wallet-flags']) {
        const card = page.getByTestId(`${check}-EUR`);
        expect(await card.getAttribute('data-holds')).toBe('true');
        expect(await card.getByTestId(`${check}-EUR-verdict`).textContent()).toBe('Holds');
        expect(await card.getByTestId(`${check}-EUR-figure-0`).textContent()).not.toBe('');
        expect(await card.getByTestId(`${check}-EUR-figure-1`).textContent()).not.toBe('');
      }
      expect(await page.getByTestId('money-verdict').textContent()).toBe('Every check holds');
      await expectSettledAccessible(page);
      await saveScreenshot(page, 'admin-money');
    });
  });

  describe('flagged wallets', () => {
    it('lifts a flag with a reason, from the keyboard, and the wallet is active again', async () => {
      // given a buyer whose wallet a chargeback flagged
      const buyer = await chargedBackBuyer(stack);
      expect(await walletStatus(buyer)).toBe('WALLET_AT_RISK');
      const { page } = admin;

      // when the admin opens the flagged wallets
      await page.goto(consolePath('admin/wallets'));
      await page.getByRole('heading', { name: 'Flagged wallets', level: 1 }).waitFor();
      await page
        .getByRole('row')
        .filter({ hasText: await emailOf(buyer) })
        .waitFor();
      await expectSettledAccessible(page);

      // and reaches "Lift flag…" with Tab, opens it with Enter, and confirms without a reason first
      await tabTo(page, 'Lift flag…');
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Lift the wallet flag' });
      await dialog.waitFor();
      await expectSettledAccessible(page);
      await dialog.getByRole('button', { name: 'Lift flag' }).click();

      // then the reason is asked for and nothing was lifted
      await dialog.getByText(/at least 3 characters/).waitFor();
      expect(await walletStatus(buyer)).toBe('WALLET_AT_RISK');

      // when they give a reason and confirm from the keyboard (Enter in a textarea is a new line: Tab to the button)
      await dialog.getByRole('textbox', { name: /Reason/ }).fill('Chargeback won at the bank, case 7');
      await dialog.getByRole('button', { name: 'Lift flag' }).focus();
      await page.keyboard.press('Enter');

      // then the dialog closes, the wallet leaves the list, and the API says it is active
      await dialog.waitFor({ state: 'hidden' });
      await page.getByText('Flag lifted').waitFor();
      expect(await walletStatus(buyer)).toBe('ACTIVE');
    });

    it("shows the API's refusal plainly when another admin lifted the flag first, and changes nothing", async () => {
      // given a flagged buyer on the admin's screen
      const buyer = await chargedBackBuyer(stack);
      const { page } = admin;
      await page.goto(consolePath('admin/wallets'));
      await page.getByRole('heading', { name: 'Flagged wallets', level: 1 }).waitFor();
      const row = page.getByRole('row').filter({ hasText: await emailOf(buyer) });
      await row.getByRole('button', { name: 'Lift flag…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Lift the wallet flag' });
      await dialog.getByRole('textbox', { name: /Reason/ }).fill('Bank decided for the buyer');

      // when another admin lifts it through the API meanwhile, and this admin confirms
      const otherAdmin = await apiClient(
        stack,
        (await signedInPage(stack, browser, { roles: ['ADMIN'] })).user,
      );
      const lifted = await otherAdmin.data<{ liftWalletFlag: { errors: unknown[] } }>(
        'mutation ($input: LiftWalletFlagInput!) { liftWalletFlag(input: $input) { errors { code } } }',
        { input: { buyerId: buyer.id, reason: 'lifted by the other admin' } },
      );
      expect(lifted.liftWalletFlag.errors).toEqual([]);
      await dialog.getByRole('button', { name: 'Lift flag' }).click();

      // then the refusal is shown in the dialog, with its code, and the dialog stays open
      const alert = dialog.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('WALLET_NOT_FLAGGED');
      await expectSettledAccessible(page);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
    });
  });

  describe('payouts', () => {
    it('shows each payout transition in the live feed as it commits, with no reload', async () => {
      // given an enabled seller with two released orders, and the admin on the payouts screen
      const seller = await enabledSeller(stack.testApp);
      await releasedEligibleOrders(stack.testApp, seller, 2, 1_500);
      const { page } = admin;
      const subscribed = subscriberRegistered(stack, payoutFeedTopic);
      await page.goto(consolePath('admin/payouts'));
      await page.getByRole('heading', { name: 'Payouts', level: 1 }).waitFor();
      await subscribed;
      await page.getByText(/Listening: payout and withdrawal transitions appear here/).waitFor();
      await expectSettledAccessible(page);
      const navigations = recordNavigations(page);

      // when the seller requests a withdrawal through the API
      const withdrawal = await requestWithdrawal(seller, { amount: 2_850 });
      expect(withdrawal.errors).toEqual([]);

      // then the request appears in the feed at once
      const feed = page.getByTestId('payout-feed');
      await feed.locator('tr[data-kind="WITHDRAWAL_REQUESTED"]').waitFor({ timeout: 5_000 });

      // when the payout worker runs, the payout's transitions follow, live
      await runPayoutJobs(stack.testApp);
      const paid = feed.locator('tr[data-kind="PAYOUT_PAID"]');
      await paid.waitFor({ timeout: 5_000 });
      expect(await paid.textContent()).toContain('€28.50');
      await feed.locator('tr[data-kind="PAYOUT_INITIATED"]').waitFor();
      expect(navigations).toEqual([]);

      // and a reconciliation run from the screen finds the books and Stripe in agreement
      await page.getByRole('button', { name: 'Run reconciliation now' }).click();
      await page.getByText('Clean', { exact: true }).waitFor({ timeout: 30_000 });
      await expectSettledAccessible(page);
      await page.evaluate(() => window.scrollTo(0, 0));
      await saveScreenshot(page, 'admin-payouts');
    });

    it("holds a seller's payouts with a reason and lifts the hold, from the feed's seller", async () => {
      // given a seller in the admin's feed (the previous test's)
      const { page } = admin;
      await page
        .getByRole('button', { name: /^Holds of / })
        .first()
        .click();

      // when the admin holds their payouts with a reason
      await page.getByRole('button', { name: 'Hold payouts…' }).click();
      const setDialog = page.getByRole('dialog', { name: "Hold this seller's payouts" });
      await setDialog.getByRole('textbox', { name: /Reason/ }).fill('Unusual refund pattern, checking');
      await setDialog.getByRole('button', { name: 'Hold payouts' }).click();
      await setDialog.waitFor({ state: 'hidden' });

      // then the hold is listed as active, and it can be lifted with a reason
      await page.getByText('Payouts held', { exact: true }).first().waitFor();
      await page.getByRole('button', { name: 'Lift hold…' }).click();
      const liftDialog = page.getByRole('dialog', { name: 'Lift the payout hold' });
      await liftDialog.getByRole('textbox', { name: /Reason/ }).fill('Pattern explained by the seller');
      await liftDialog.getByRole('button', { name: 'Lift hold' }).click();
      await liftDialog.waitFor({ state: 'hidden' });
      await page.getByText('No active hold').waitFor();
      await page.getByRole('cell', { name: 'Pattern explained by the seller' }).waitFor();
      await expectSettledAccessible(page);
    });
  });

  describe('ledger explorer', () => {
    it("shows a wallet account's entries and charts its balance history", async () => {
      // given a buyer whose wallet was topped up twice and who bought a code
      const buyer = await newBuyer(stack.testApp);
      const wallet = { client: buyer.client, userId: buyer.id, rawId: buyer.rawId };
      for (const amount of [4_000, 1_000]) {
        const topUp = await createTopUp(wallet, { amount });
        await pay(stack.testApp, topUp.clientSecret);
        await settle(stack.testApp);
      }
      const { page } = admin;

      // when the admin opens the buyer wallets and the buyer's account
      await page.goto(consolePath('admin/ledger?kind=BUYER_WALLET'));
      await page.getByRole('heading', { name: 'Ledger explorer', level: 1 }).waitFor();
      // (each account names its owner, not an id)
      const email = await emailOf(buyer);
      const row = page.getByRole('row').filter({ hasText: email });
      await row
        .getByRole('button', {
          name: new RegExp(`^Open the account of .*\\(${email.replace(/[.]/g, '\\.')}\\)$`),
        })
        .click();

      // then its balance, its entries newest first, and the chart of its balance show
      const account = page.getByTestId('ledger-account');
      await account.getByTestId('ledger-account-balance').getByText('€50.00').waitFor();
      const entries = account.getByRole('table', { name: /entries loaded/ });
      await entries.waitFor();
      const amounts = await entries.locator('tbody tr td:nth-child(3)').allTextContents();
      expect(amounts).toEqual(['€10.00', '€40.00']);
      // and why each moved, in words, and whose account it is
      expect(await entries.locator('tbody tr td:nth-child(2)').allTextContents()).toEqual([
        'Top-up',
        'Top-up',
      ]);
      expect(await account.getByTestId('ledger-account-party').textContent()).toContain(email);
      expect(await page.getByRole('table', { name: /buyer wallets? loaded/ }).count()).toBe(1);
      await account.locator('.recharts-line path.recharts-line-curve').waitFor();
      await expectSettledAccessible(page);
      await saveScreenshot(page, 'admin-ledger');
    });
  });

  describe('ledger explorer: orders', () => {
    it("names each entry's order by its listing in the order's escrow, by a short id elsewhere, and copies the whole id", async () => {
      // given a buyer who bought a code: the order's escrow account and the buyer's wallet each have its entry
      const order = await heldOrder(stack.testApp, { price: 1_500 });
      const [listing] = await queryDatabase<{ title: string }>(
        stack.testApp,
        'select l.title from orders o join listings l on l.id = o.listing_id where o.id = $1',
        [order.rawOrderId],
      );
      const [escrow] = await queryDatabase<{ id: string }>(
        stack.testApp,
        'select id from ledger_accounts where order_id = $1',
        [order.rawOrderId],
      );
      const [wallet] = await queryDatabase<{ id: string }>(
        stack.testApp,
        "select id from ledger_accounts where owner_user_id = $1 and kind = 'BUYER_WALLET'",
        [order.buyer.rawId],
      );
      const { page } = admin;
      const openAccount = async (kind: string, rawAccountId: string) => {
        const id = toGlobalId('LedgerAccount', rawAccountId);
        await page.goto(consolePath(`admin/ledger?kind=${kind}&account=${encodeURIComponent(id)}`));
        const entries = page.getByTestId('ledger-account').getByRole('table', { name: /entr(y|ies) loaded/ });
        await entries.waitFor();
        return entries;
      };

      // when the admin opens the order's escrow account
      let entries = await openAccount('ESCROW', escrow!.id);

      // then its purchase names the listing, not the raw id, which stays whole in the title
      const named = entries.locator(`[data-order-id="${order.orderId}"]`);
      expect(await named.textContent()).toBe(listing!.title);
      expect(await named.getAttribute('title')).toBe(`${listing!.title} (order ${order.orderId})`);
      expect(await entries.textContent()).not.toContain(order.orderId);
      // and its button copies the whole id
      await admin.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.baseUrl });
      await entries.getByRole('button', { name: `Copy id of the order of ${listing!.title}` }).click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(order.orderId);
      await expectSettledAccessible(page);

      // when the admin opens the buyer's wallet, whose purchase belongs to the same order
      entries = await openAccount('BUYER_WALLET', wallet!.id);

      // then the order shows as a short id, the same order's whole id in the title and the copy button
      const short = entries.locator(`[data-order-id="${order.orderId}"]`);
      expect(await short.textContent()).toBe(`Order …${order.orderId.slice(-8)}`);
      expect(await short.getAttribute('title')).toBe(`Order ${order.orderId}`);
      expect(await entries.textContent()).not.toContain(order.orderId);
      await entries.getByRole('button', { name: `Copy id of order …${order.orderId.slice(-8)}` }).waitFor();
      await expectSettledAccessible(page);
    });
  });

  describe('risk overrides', () => {
    it("shows a charged-back buyer's score and factors, overrides the tier with a reason and an end, then clears it", async () => {
      // given a buyer scored after a chargeback
      const buyer = await chargedBackBuyer(stack);
      const { page } = admin;

      // when the admin finds the buyer by their email, typed in capitals, and chooses them
      await page.goto(consolePath('admin/risk'));
      const finder = page.getByRole('form', { name: 'Find a user' });
      await finder
        .getByRole('textbox', { name: /Email or user id/ })
        .fill(` ${(await emailOf(buyer)).toUpperCase()} `);
      await finder.getByRole('button', { name: 'Find' }).click();
      const found = page.getByRole('region', { name: 'Users found' });
      await found.getByText(buyer.id, { exact: true }).waitFor();
      await expectSettledAccessible(page);
      await found.getByRole('button', { name: /^Choose / }).click();

      // then the buyer's profile shows, and the user id field holds their id (pasting one still works)
      await page.getByRole('heading', { name: 'Factors' }).waitFor();
      expect(await page.getByRole('textbox', { name: /^User id/ }).inputValue()).toBe(buyer.id);
      await page.getByRole('cell', { name: 'Chargebacks' }).waitFor();
      await expectSettledAccessible(page);

      // and overrides the tier to RESTRICTED for 7 days with a reason
      const form = page.getByRole('form', { name: 'Override the risk tier' });
      await form.getByRole('button', { name: '7 days' }).click();
      await form.getByRole('textbox', { name: /Reason/ }).fill('Second chargeback this month');
      await form.getByRole('button', { name: 'Override tier' }).click();

      // then the tier in force is RESTRICTED, overridden by the admin (named, not an id), and the history records it in words
      await page.getByText('overridden', { exact: true }).waitFor();
      const adminName = (
        await (
          await apiClient(stack, admin.user)
        ).data<{ me: { displayName: string } }>('{ me { displayName } }')
      ).me.displayName;
      await page.getByTestId('risk-override-set-by').getByText(adminName, { exact: true }).waitFor();
      await page.getByRole('cell', { name: new RegExp(`^Override set\\s*by ${adminName}$`) }).waitFor();

      // when they clear it with a reason, the computed tier is in force again
      await page.getByRole('button', { name: 'Clear override…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Clear the risk override' });
      await dialog.getByRole('textbox', { name: /Reason/ }).fill('Bank confirmed the buyer');
      await dialog.getByRole('button', { name: 'Clear override' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByRole('cell', { name: new RegExp(`^Override cleared\\s*by ${adminName}$`) }).waitFor();
      await expectSettledAccessible(page);

      // when they choose BANNED and submit, a dialog asks first; when they cancel it
      await form.getByRole('textbox', { name: /Reason/ }).fill('Third chargeback');
      await form.getByRole('combobox', { name: /^Tier in force/ }).click();
      await page.getByRole('option', { name: /^Banned/ }).click();
      await form.getByRole('button', { name: 'Override tier' }).click();
      const ban = page.getByRole('dialog', { name: 'Ban this user?' });
      await ban.getByText('no transaction of any kind').waitFor();
      await expectSettledAccessible(page);
      await ban.getByRole('button', { name: 'Cancel' }).click();
      await ban.waitFor({ state: 'hidden' });

      // then nothing was set: no override is in force, and the history has no new change
      await page.getByText('None: the computed tier is in force.').waitFor();
      expect(await page.getByRole('cell', { name: /^Override set/ }).count()).toBe(1);
    });
  });
});

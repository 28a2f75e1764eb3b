import crypto from 'node:crypto';
import type { Client } from 'graphql-ws';
import { withTransaction } from '../db/transaction';
import {
  chargebackPosting,
  escrow,
  PostingKind,
  stripeClearing,
  wallet as walletAccount,
} from '../domain/posting-rules';
import { ledgerIsClean, verifyLedger } from '../ledger/ledger.service';
import { WalletStatus } from '../wallet/wallet.service';
import { MoneyInvariantsService } from './money-invariants.service';
import { decide, newStaff, type Staff } from '../../test/dispute-helpers';
import {
  startTestApp,
  subscribe,
  TestClient,
  type SubscriptionResult,
  type TestApp,
} from '../../test/harness';
import { createListing, fundWallet, newBuyer, newSeller, purchase, type Party } from '../../test/marketplace';

const invariantFields = `
  checkedAt holds
  currencies {
    currency holds
    escrow { holds escrowBalance { amount currency } heldOrdersTotal { amount currency } heldOrders escrowAccountsWithBalance }
    trialBalance { holds debitBalances { amount currency } creditBalances { amount currency } accountsWithBalance }
    walletFlags { holds flaggedWallets negativeWallets negativeWalletsFlagged negativeWalletsFlagLifted negativeWalletsUnflagged }
  }`;

interface CurrencyView {
  currency: string;
  holds: boolean;
  escrow: {
    holds: boolean;
    escrowBalance: { amount: number; currency: string };
    heldOrdersTotal: { amount: number; currency: string };
    heldOrders: number;
    escrowAccountsWithBalance: number;
  };
  trialBalance: {
    holds: boolean;
    debitBalances: { amount: number; currency: string };
    creditBalances: { amount: number; currency: string };
    accountsWithBalance: number;
  };
  walletFlags: {
    holds: boolean;
    flaggedWallets: number;
    negativeWallets: number;
    negativeWalletsFlagged: number;
    negativeWalletsFlagLifted: number;
    negativeWalletsUnflagged: number;
  };
}

interface InvariantsView {
  checkedAt: string;
  holds: boolean;
  currencies: CurrencyView[];
}

describe('the money invariants', () => {
  let testApp: TestApp;
  let admin: Staff;

  beforeAll(async () => {
    // A shorter interval than the default second keeps the file quick; the rule is the same.
    testApp = await startTestApp({ MONEY_INVARIANTS_MIN_INTERVAL_MS: '200' });
    admin = await newStaff(testApp, ['ADMIN']);
  });
  afterAll(async () => {
    await testApp.close();
  });

  const invariants = async (): Promise<InvariantsView> =>
    (
      await admin.client.data<{ moneyInvariants: InvariantsView }>(
        `{ moneyInvariants { ${invariantFields} } }`,
      )
    ).moneyInvariants;
  const currencyOf = (view: InvariantsView, currency: string) =>
    view.currencies.find((row) => row.currency === currency);
  const money = (amount: number, currency = 'EUR') => ({ amount, currency });

  /** A listing of `seller`'s at `price`, bought by `buyer`: returns the order's global id. */
  const buy = async (buyer: Party, seller: Party, price: number, currency = 'EUR') => {
    const { listingId } = await createListing(seller, { price, currency });
    const answer = await purchase(buyer, listingId);
    if (!answer.order) throw new Error(`purchase failed: ${JSON.stringify(answer.errors)}`);
    return answer.order.id;
  };

  describe('moneyInvariants', () => {
    it('reports escrow against the held orders, debits against credits and wallet flags after real purchases, a release and a refund', async () => {
      // given a database with no money yet
      expect(await invariants()).toMatchObject({ holds: true, currencies: [] });

      // when a buyer with 100.00 buys three codes (20.00, 30.00, 15.00), confirms the first and an admin refunds the second
      const buyer = await newBuyer(testApp);
      const seller = await newSeller(testApp);
      await fundWallet(testApp, buyer, 10_000);
      const released = await buy(buyer, seller, 2_000);
      const refunded = await buy(buyer, seller, 3_000);
      await buy(buyer, seller, 1_500);
      const confirmed = await buyer.client.data(
        `mutation ($input: OrderInput!) { confirmDelivery(input: $input) { errors { code } } }`,
        { input: { orderId: released } },
      );
      expect(confirmed['confirmDelivery']).toEqual({ errors: [] });
      expect((await decide(admin, 'refund', refunded)).errors).toEqual([]);

      // then escrow holds the one order still held, exactly
      const view = await invariants();
      expect(view.holds).toBe(true);
      expect(Date.parse(view.checkedAt)).toBeGreaterThan(Date.now() - 60_000);
      expect(view.currencies).toEqual([
        {
          currency: 'EUR',
          holds: true,
          escrow: {
            holds: true,
            escrowBalance: money(1_500),
            heldOrdersTotal: money(1_500),
            heldOrders: 1,
            escrowAccountsWithBalance: 1,
          },
          // and the trial balance: 100.00 received through Stripe on the debit side; on the credit
          // side the wallet's 65.00 (100 - 20 - 30 - 15 + 30 refunded), 15.00 in escrow, the seller's
          // 19.00 and the platform's 1.00 fee (5% of 20.00): five accounts, the two settled escrows at zero
          trialBalance: {
            holds: true,
            debitBalances: money(10_000),
            creditBalances: money(6_500 + 1_500 + 1_900 + 100),
            accountsWithBalance: 5,
          },
          walletFlags: {
            holds: true,
            flaggedWallets: 0,
            negativeWallets: 0,
            negativeWalletsFlagged: 0,
            negativeWalletsFlagLifted: 0,
            negativeWalletsUnflagged: 0,
          },
        },
      ]);
      expect(ledgerIsClean(await verifyLedger(testApp.services.database))).toBe(true);
    });

    it('reports each broken invariant with both sides, and only in its currency', async () => {
      const eurBefore = currencyOf(await invariants(), 'EUR')!;
      expect(eurBefore.holds).toBe(true);

      // given 7.00 posted into an escrow account of an order that does not exist (GBP): a balanced
      // posting the ledger accepts, which no held order accounts for
      const buyer = await newBuyer(testApp);
      const seller = await newSeller(testApp);
      await fundWallet(testApp, buyer, 1_000, 'GBP');
      await buy(buyer, seller, 400, 'GBP');
      await withTransaction(testApp.services.database, (tx) =>
        testApp.services.ledger.post(tx, {
          kind: PostingKind.PURCHASE,
          idempotencyKey: `test:stray-escrow:${crypto.randomUUID()}`,
          legs: [
            { account: stripeClearing('GBP'), amount: -700 },
            { account: escrow(crypto.randomUUID(), 'GBP'), amount: 700 },
          ],
        }),
      );
      // then the GBP escrow check fails, with both sides; the trial balance still holds
      const gbp = currencyOf(await invariants(), 'GBP')!;
      expect(gbp.holds).toBe(false);
      expect(gbp.escrow).toEqual({
        holds: false,
        escrowBalance: money(1_100, 'GBP'),
        heldOrdersTotal: money(400, 'GBP'),
        heldOrders: 1,
        escrowAccountsWithBalance: 2,
      });
      expect(gbp.trialBalance.holds).toBe(true);

      // given a USD wallet taken 4.00 below zero by a chargeback posting that nobody flagged
      const charged = await newBuyer(testApp);
      await withTransaction(testApp.services.database, (tx) =>
        testApp.services.ledger.post(
          tx,
          chargebackPosting({
            disputeId: `dp_test_${crypto.randomUUID()}`,
            topUpId: crypto.randomUUID(),
            buyerId: charged.rawId,
            amount: 400,
            currency: 'USD',
          }),
        ),
      );
      // then the USD wallet check fails
      const unflagged = currencyOf(await invariants(), 'USD')!;
      expect(unflagged.walletFlags).toEqual({
        holds: false,
        flaggedWallets: 0,
        negativeWallets: 1,
        negativeWalletsFlagged: 0,
        negativeWalletsFlagLifted: 0,
        negativeWalletsUnflagged: 1,
      });
      expect(unflagged.trialBalance).toMatchObject({ holds: true, debitBalances: money(400, 'USD') });
      // and once WalletService flags the wallet, it holds
      await withTransaction(testApp.services.database, async (tx) => {
        const row = await testApp.services.wallet.lockWallet(tx, charged.rawId, 'USD');
        await testApp.services.wallet.setStatus(
          tx,
          row,
          WalletStatus.WALLET_AT_RISK,
          'Test chargeback',
          null,
          null,
        );
      });
      expect(currencyOf(await invariants(), 'USD')!.walletFlags).toMatchObject({
        holds: true,
        flaggedWallets: 1,
        negativeWalletsFlagged: 1,
        negativeWalletsUnflagged: 0,
      });
      // and it still holds when an admin lifts the flag (a decision, counted apart)
      const lifted = await admin.client.data(
        `mutation ($input: LiftWalletFlagInput!) { liftWalletFlag(input: $input) { errors { code } } }`,
        { input: { buyerId: charged.id, reason: 'Deficit to be written off.' } },
      );
      expect(lifted['liftWalletFlag']).toEqual({ errors: [] });
      expect(currencyOf(await invariants(), 'USD')!.walletFlags).toMatchObject({
        holds: true,
        flaggedWallets: 0,
        negativeWallets: 1,
        negativeWalletsFlagLifted: 1,
        negativeWalletsUnflagged: 0,
      });

      // given a USD transaction that does not balance, written behind the ledger's triggers: 2.50
      // into the charged buyer's wallet, with no other leg
      await unbalancedCredit(charged.rawId, 'USD', 250);
      // then the USD trial balance fails by exactly that, both sides shown: the wallet's deficit (4.00
      // less 2.50) against the 4.00 the chargeback gave back to Stripe
      const unbalanced = currencyOf(await invariants(), 'USD')!;
      expect(unbalanced.trialBalance).toEqual({
        holds: false,
        debitBalances: money(400 - 250, 'USD'),
        creditBalances: money(400, 'USD'),
        accountsWithBalance: 2,
      });
      expect((await verifyLedger(testApp.services.database)).unbalancedTransactions).toHaveLength(1);
      // and the whole snapshot fails, while EUR still holds as it did
      const view = await invariants();
      expect(view.holds).toBe(false);
      expect(currencyOf(view, 'EUR')).toEqual(eurBefore);
    });
  });

  /**
   * Writes one ledger transaction with a single entry of `amount` into the buyer's wallet, and its
   * cached balance, with the two triggers that refuse an unbalanced transaction switched off for
   * this transaction only (the test database is this file's own).
   */
  async function unbalancedCredit(buyerRawId: string, currency: string, amount: number): Promise<void> {
    const client = await testApp.database.$client.connect();
    try {
      await client.query('begin');
      await client.query('alter table ledger_entries disable trigger ledger_entries_balance');
      await client.query('alter table ledger_transactions disable trigger ledger_transactions_have_entries');
      const account = await testApp.services.ledger.findAccount(
        testApp.services.database,
        walletAccount(buyerRawId, currency),
      );
      const {
        rows: [transaction],
      } = await client.query(
        `insert into ledger_transactions (kind, idempotency_key) values ('TOP_UP', $1) returning id`,
        [`test:unbalanced:${crypto.randomUUID()}`],
      );
      await client.query(
        `insert into ledger_entries (transaction_id, account_id, amount, currency, balance_after)
         values ($1, $2, $3, $4, $5)`,
        [transaction.id, account!.id, amount, currency, account!.balance + amount],
      );
      await client.query('update ledger_accounts set balance = balance + $1 where id = $2', [
        amount,
        account!.id,
      ]);
      await client.query('alter table ledger_entries enable trigger ledger_entries_balance');
      await client.query('alter table ledger_transactions enable trigger ledger_transactions_have_entries');
      await client.query('commit');
    } catch (error) {
      await client.query('rollback');
      throw error;
    } finally {
      client.release();
    }
  }

  describe('moneyInvariantsChanged', () => {
    const subscription = `subscription { moneyInvariantsChanged { ${invariantFields} } }`;
    const heldOrders = (result: SubscriptionResult) =>
      currencyOf(result.data!['moneyInvariantsChanged'] as InvariantsView, 'EUR')?.escrow.heldOrders ?? 0;

    it('pushes one fresh snapshot, shared by every admin watching, when a purchase commits: no polling', async () => {
      // given two admins watching, each with the current snapshot
      const otherAdmin = await newStaff(testApp, ['ADMIN']);
      const sockets: Client[] = [admin.client.websocket(), otherAdmin.client.websocket()];
      try {
        const watchers = await Promise.all(sockets.map((socket) => subscribe(socket, subscription)));
        const initial = await Promise.all(watchers.map((watcher) => watcher.next()));
        for (const result of initial) expect(result.errors).toBeUndefined();
        const heldBefore = heldOrders(initial[0]!);
        // and a buyer funded, with a listing to buy from, and both admins up to date with that
        const buyer = await newBuyer(testApp);
        const seller = await newSeller(testApp);
        await fundWallet(testApp, buyer, 5_000);
        const { listingId } = await createListing(seller, { price: 2_500 });
        const feed = testApp.services.moneyInvariantsFeed;
        const upToDate = (await feed.current()).checkedAt.toISOString();
        const funded = await Promise.all(
          watchers.map(async (watcher) => {
            let result = await watcher.next();
            while (result.data!['moneyInvariantsChanged'].checkedAt !== upToDate)
              result = await watcher.next();
            return result;
          }),
        );
        const computationsBefore = feed.computationsStarted;

        // when the buyer's purchase commits
        const bought = await purchase(buyer, listingId);
        expect(bought.errors).toEqual([]);

        // then each admin receives a snapshot with the order held, without asking
        const pushed = await Promise.all(watchers.map((watcher) => watcher.next()));
        for (const result of pushed) {
          expect(heldOrders(result)).toBe(heldBefore + 1);
          expect(result.data!['moneyInvariantsChanged'].checkedAt).not.toBe(
            funded[0]!.data!['moneyInvariantsChanged'].checkedAt,
          );
        }
        // and it is one snapshot, computed once for both
        expect(pushed[1]).toEqual(pushed[0]);
        expect(feed.computationsStarted - computationsBefore).toBe(1);
      } finally {
        await Promise.all(sockets.map((socket) => socket.dispose()));
      }
    });

    it('coalesces a burst of purchases: at most one snapshot per interval, the last one after the last purchase', async () => {
      // given an admin watching, and ten buyers ready to buy
      const socket = admin.client.websocket();
      try {
        const watcher = await subscribe(socket, subscription);
        const heldBefore = heldOrders(await watcher.next());
        const seller = await newSeller(testApp);
        const { listingId } = await createListing(seller, { price: 100, codes: 10 });
        const buyers = await Promise.all(Array.from({ length: 10 }, () => newBuyer(testApp)));
        for (const buyer of buyers) await fundWallet(testApp, buyer, 100);
        // (the fundings' own snapshots come and go: wait until one has seen them all)
        const feed = testApp.services.moneyInvariantsFeed;
        await feed.current();
        const interval = testApp.config.moneyInvariants.minIntervalMs;

        // when they all buy at once
        const started = Date.now();
        const computationsBefore = feed.computationsStarted;
        const answers = await Promise.all(buyers.map((buyer) => purchase(buyer, listingId)));
        for (const answer of answers) expect(answer.errors).toEqual([]);
        const burstMs = Date.now() - started;

        // then a snapshot with all ten orders held arrives
        let latest = await watcher.next();
        while (heldOrders(latest) < heldBefore + 10) latest = await watcher.next();
        expect(heldOrders(latest)).toBe(heldBefore + 10);
        // and no more computations ran than one per interval over the burst, and a last one after it
        expect(feed.computationsStarted - computationsBefore).toBeLessThanOrEqual(
          Math.floor(burstMs / interval) + 2,
        );
      } finally {
        await socket.dispose();
      }
    });
  });

  describe('for admins only', () => {
    it('refuses support, buyers and anonymous viewers, for the query and the subscription', async () => {
      const support = await newStaff(testApp, ['SUPPORT']);
      const buyer = await newBuyer(testApp);
      const viewers = [
        [support.client, 'FORBIDDEN'],
        [buyer.client, 'FORBIDDEN'],
        [new TestClient(testApp.baseUrl), 'UNAUTHENTICATED'],
      ] as const;
      for (const [client, code] of viewers) {
        const answer = await client.graphql(`{ moneyInvariants { holds } }`);
        expect(answer.errors?.[0]?.extensions?.['code']).toBe(code);
        expect(answer.data?.['moneyInvariants'] ?? null).toBeNull();
        const socket = client.websocket();
        try {
          const watcher = await subscribe(socket, `subscription { moneyInvariantsChanged { holds } }`);
          expect((await watcher.next()).errors?.[0]?.extensions?.['code']).toBe(code);
        } finally {
          await socket.dispose();
        }
      }
    });
  });

  describe('MoneyInvariantsService.snapshot', () => {
    it('never shows a purchase half-committed: snapshots taken while purchases commit all hold', async () => {
      // given twenty buyers ready to buy from one listing
      const seller = await newSeller(testApp);
      const { listingId } = await createListing(seller, { price: 300, codes: 20 });
      const buyers = await Promise.all(Array.from({ length: 20 }, () => newBuyer(testApp)));
      for (const buyer of buyers) await fundWallet(testApp, buyer, 300);
      const service = new MoneyInvariantsService(testApp.database);
      const heldBefore = (await service.snapshot()).currencies.find((row) => row.currency === 'EUR')!.escrow
        .heldOrders;

      // when snapshots are taken one after another while they all buy
      let buying = true;
      const purchases = Promise.all(buyers.map((buyer) => purchase(buyer, listingId))).finally(
        () => (buying = false),
      );
      const snapshots = [];
      while (buying) snapshots.push(await service.snapshot());
      for (const answer of await purchases) expect(answer.errors).toEqual([]);
      snapshots.push(await service.snapshot());

      // then each EUR snapshot holds (escrow and orders read from the same commits), the last with every order
      const eur = snapshots.map((snapshot) => snapshot.currencies.find((row) => row.currency === 'EUR')!);
      expect(eur.filter((currency) => !currency.escrow.holds || !currency.trialBalance.holds)).toEqual([]);
      expect(eur.at(-1)!.escrow.heldOrders).toBe(heldBefore + 20);
      expect(snapshots.length).toBeGreaterThan(1);
    });
  });
});

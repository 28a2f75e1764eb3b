import crypto from 'node:crypto';
import { withTransaction } from '../db/transaction';
import { sellerEarnings, stripeClearing } from '../domain/posting-rules';
import { ledgerIsClean, verifyLedger } from '../ledger/ledger.service';
import { createStaff, queryDatabase, startTestApp, type TestApp, type TestClient } from '../../test/harness';
import { createListing, purchase } from '../../test/marketplace';
import {
  createTopUp,
  emulatorOf,
  newBuyer,
  pay,
  paymentIntentOf,
  settle,
  walletBalance,
  type Buyer,
} from '../../test/wallet-helpers';

/** Chargebacks on top-ups: the wallet pays them back (it may go negative), is flagged, and seller earnings are never touched. */
describe('chargebacks', () => {
  let testApp: TestApp;
  let admin: TestClient;

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = (await createStaff(testApp, ['ADMIN'])).client;
  });

  afterAll(async () => {
    await testApp.close();
  });

  afterEach(() => emulatorOf(testApp).resumeDeliveries());

  const liftMutation = `mutation ($input: LiftWalletFlagInput!) {
    liftWalletFlag(input: $input) { wallets { currency status flaggedReason balance { amount } } errors { code message field } }
  }`;

  async function walletStatus(buyer: Buyer, currency = 'EUR') {
    const data = await buyer.client.data(
      `query ($currency: String!) { myWallet(currency: $currency) { status flaggedReason } }`,
      {
        currency,
      },
    );
    return data['myWallet'] as { status: string; flaggedReason: string | null };
  }

  async function canPurchase(buyer: Buyer, currency = 'EUR') {
    return withTransaction(testApp.services.database, (tx) =>
      testApp.services.wallet.assertCanPurchase(tx, buyer.rawId, currency),
    );
  }

  /** A top-up paid with Stripe's dispute test card; returns its PaymentIntent and the dispute Stripe opened. */
  async function disputedTopUp(buyer: Buyer, amount: number) {
    const answer = await createTopUp(buyer, { amount });
    await settle(testApp);
    expect(await pay(testApp, answer.clientSecret, 'pm_card_createDispute')).toBe('succeeded');
    const paymentIntentId = paymentIntentOf(answer.clientSecret);
    const dispute = emulatorOf(testApp).disputeOf(paymentIntentId)!;
    return { answer, paymentIntentId, disputeId: String(dispute['id']) };
  }

  async function postingKinds(buyer: Buyer): Promise<string[]> {
    const rows = await queryDatabase(
      testApp,
      `select t.kind from ledger_transactions t join top_ups u on u.id = t.top_up_id where u.buyer_id = $1 order by t.created_at, t.kind`,
      [buyer.rawId],
    );
    return rows.map((row) => String(row['kind'])).sort();
  }

  it('takes the chargeback out of the wallet, even below zero, flags it, and leaves seller earnings alone', async () => {
    // given a buyer who topped up 50.00 by card and bought a 40.00 code, delivered and released to the seller
    const buyer = await newBuyer(testApp);
    const seller = await newBuyer(testApp, { sellerAccount: true });
    const emulator = emulatorOf(testApp);
    emulator.pauseDeliveries();
    const { paymentIntentId } = await disputedTopUp(buyer, 5_000);
    // the dispute is held back until the money was spent; everything else arrives
    const disputeEvent = emulator
      .queuedEvents()
      .find(
        (event) =>
          event.type === 'charge.dispute.created' && event.data.object['payment_intent'] === paymentIntentId,
      )!;
    for (const event of emulator.queuedEvents())
      if (event.id !== disputeEvent.id) await emulator.deliver(event.id);
    await testApp.services.jobs.runJobsOnce();
    expect(await walletBalance(testApp, buyer.rawId)).toBe(5_000);
    const { listingId } = await createListing({ ...seller, id: seller.userId }, { price: 4_000 });
    const bought = await purchase({ ...buyer, id: buyer.userId }, listingId);
    expect(bought.errors).toEqual([]);
    const confirmed = await buyer.client.data(
      `mutation ($input: OrderInput!) { confirmDelivery(input: $input) { order { escrowStatus } errors { code } } }`,
      { input: { orderId: bought.order!.id } },
    );
    expect(confirmed['confirmDelivery']).toEqual({ order: { escrowStatus: 'RELEASED' }, errors: [] });
    // (the release tracked for payout: its seller has no payout account yet)
    await testApp.services.payoutEligibility.refreshAll();
    const payoutState = async () =>
      (
        await queryDatabase(testApp, 'select state, blocked_reason from payout_orders where order_id = $1', [
          Buffer.from(bought.order!.id, 'base64url').toString().split(':')[1],
        ])
      )[0];
    expect(await payoutState()).toEqual({ state: 'BLOCKED', blocked_reason: 'ACCOUNT_NOT_ENABLED' });
    const earnings = () =>
      testApp.services.ledger.balance(testApp.services.database, sellerEarnings(seller.rawId, 'EUR'));
    const earningsBefore = await earnings();
    expect(earningsBefore).toBeGreaterThan(0);

    // when the chargeback's webhook arrives
    expect(await walletStatus(buyer)).toMatchObject({ status: 'ACTIVE' });
    const delivery = await emulator.deliver(disputeEvent.id);
    expect(delivery.delivered).toBe(true);
    emulator.resumeDeliveries();
    await settle(testApp);

    // then the wallet went negative by the spent part, is flagged, and purchases are blocked
    expect(await walletBalance(testApp, buyer.rawId)).toBe(1_000 - 5_000);
    const status = await walletStatus(buyer);
    expect(status.status).toBe('WALLET_AT_RISK');
    expect(await canPurchase(buyer)).toEqual({
      allowed: false,
      code: 'WALLET_AT_RISK',
      currency: 'EUR',
      reason: expect.stringMatching(/^Chargeback dp_/),
    });
    expect(await canPurchase(buyer, 'USD')).toMatchObject({
      allowed: false,
      code: 'WALLET_AT_RISK',
      currency: 'EUR',
    });
    // and a purchase in another currency is refused naming the wallet that is held
    const { listingId: usdListingId } = await createListing(
      { ...seller, id: seller.userId },
      { price: 100, currency: 'USD' },
    );
    const refused = await purchase({ ...buyer, id: buyer.userId }, usdListingId);
    expect(refused.errors).toEqual([
      expect.objectContaining({
        code: 'WALLET_AT_RISK',
        message: expect.stringMatching(/^Your EUR wallet is on hold \(your USD wallet is not/),
      }),
    ]);
    // and the order the buyer paid for is not paid out to its seller while the hold lasts (the
    // attacker probe: a stolen card's money bought a self-dealt order, and the seller withdrew it)
    expect(await payoutState()).toEqual({ state: 'BLOCKED', blocked_reason: 'BUYER_CHARGEBACK' });
    // and seller earnings are exactly as before, the ledger balanced
    expect(await earnings()).toBe(earningsBefore);
    expect(await postingKinds(buyer)).toEqual(['CHARGEBACK', 'TOP_UP']);
    const chargebackAccounts = await queryDatabase(
      testApp,
      `select distinct a.kind from ledger_entries e join ledger_transactions t on t.id = e.transaction_id
         join ledger_accounts a on a.id = e.account_id where t.kind = 'CHARGEBACK' order by a.kind`,
    );
    expect(chargebackAccounts.map((row) => row['kind'])).toEqual(['BUYER_WALLET', 'STRIPE_CLEARING']);
    expect(ledgerIsClean(await verifyLedger(testApp.services.database))).toBe(true);

    // and an admin sees the wallet among the flagged ones
    const flagged = await admin.data(
      `{ flaggedWallets(first: 50) { edges { node { currency status balance { amount } buyer { id } } } } }`,
    );
    const nodes = (
      flagged['flaggedWallets'] as {
        edges: { node: { buyer: { id: string }; balance: { amount: number } } }[];
      }
    ).edges;
    expect(nodes.find((edge) => edge.node.buyer.id === buyer.userId)?.node.balance.amount).toBe(-4_000);

    // and once an admin lifts the flag, the order waits only for what it waited for before
    const lifted = await admin.data<{ liftWalletFlag: { errors: unknown[] } }>(
      `mutation ($input: LiftWalletFlagInput!) { liftWalletFlag(input: $input) { errors { code } } }`,
      { input: { buyerId: buyer.userId, reason: 'The bank decided for the buyer; ticket 12.' } },
    );
    expect(lifted.liftWalletFlag.errors).toEqual([]);
    expect(await payoutState()).toEqual({ state: 'BLOCKED', blocked_reason: 'ACCOUNT_NOT_ENABLED' });
  });

  it('tells the buyer why the wallet is flagged and what to do, without internal or Stripe ids; staff see the internal reason', async () => {
    // given a buyer whose wallet a chargeback flagged
    const buyer = await newBuyer(testApp);
    const { disputeId, paymentIntentId } = await disputedTopUp(buyer, 1_000);
    await settle(testApp);

    // when the buyer reads the wallet, and asks for the internal reason too
    const status = await walletStatus(buyer);
    const internal = await buyer.client.graphql(`{ myWallet(currency: "EUR") { flaggedInternalReason } }`);

    // then the reason is plain words with a next step, naming no Stripe object, top-up or other id
    expect(status.status).toBe('WALLET_AT_RISK');
    expect(status.flaggedReason).toMatch(/chargeback/i);
    expect(status.flaggedReason).toMatch(/ask your bank to withdraw it/i);
    expect(status.flaggedReason).not.toMatch(/contact support/i);
    expect(status.flaggedReason).not.toMatch(/\b(dp|du|ch|pi|py|re|evt)_[A-Za-z0-9]/);
    expect(status.flaggedReason).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(status.flaggedReason).not.toContain(disputeId);
    expect(status.flaggedReason).not.toContain(paymentIntentId);
    expect(internal.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(internal.data?.['myWallet']).toEqual({ flaggedInternalReason: null });
    // and an admin still sees the internal reason, naming the Stripe dispute
    const flagged = await admin.data(
      `{ flaggedWallets(first: 50) { edges { node { buyer { id } flaggedReason flaggedInternalReason } } } }`,
    );
    const node = flagged['flaggedWallets'].edges
      .map((edge: { node: Record<string, any> }) => edge.node)
      .find((wallet: Record<string, any>) => wallet['buyer'].id === buyer.userId);
    expect(node).toEqual({
      buyer: { id: buyer.userId },
      flaggedReason: status.flaggedReason,
      flaggedInternalReason: expect.stringContaining(disputeId),
    });
  });

  it('restores the amount and lifts the flag when the dispute is won', async () => {
    // given a flagged wallet after a chargeback on a 20.00 top-up
    const buyer = await newBuyer(testApp);
    const { disputeId } = await disputedTopUp(buyer, 2_000);
    await settle(testApp);
    expect(await walletBalance(testApp, buyer.rawId)).toBe(0);
    expect((await walletStatus(buyer)).status).toBe('WALLET_AT_RISK');

    // when Stripe closes the dispute in the platform's favour
    emulatorOf(testApp).closeDispute(disputeId, 'won');
    await settle(testApp);

    // then the money is back, the wallet is active, and the history records both changes
    expect(await walletBalance(testApp, buyer.rawId)).toBe(2_000);
    expect(await walletStatus(buyer)).toEqual({ status: 'ACTIVE', flaggedReason: null });
    expect(await canPurchase(buyer)).toEqual({ allowed: true });
    expect(await postingKinds(buyer)).toEqual(['CHARGEBACK', 'CHARGEBACK_REVERSAL', 'TOP_UP']);
    const changes = await queryDatabase(
      testApp,
      `select c.from_status, c.to_status, c.actor_user_id, c.stripe_dispute_id from wallet_status_changes c
         join wallets w on w.id = c.wallet_id where w.buyer_id = $1 order by c.id`,
      [buyer.rawId],
    );
    expect(changes).toEqual([
      {
        from_status: 'ACTIVE',
        to_status: 'WALLET_AT_RISK',
        actor_user_id: null,
        stripe_dispute_id: disputeId,
      },
      {
        from_status: 'WALLET_AT_RISK',
        to_status: 'ACTIVE',
        actor_user_id: null,
        stripe_dispute_id: disputeId,
      },
    ]);
  });

  it('keeps the flag and the deficit when the dispute is lost', async () => {
    const buyer = await newBuyer(testApp);
    const { disputeId } = await disputedTopUp(buyer, 1_500);
    await settle(testApp);

    emulatorOf(testApp).closeDispute(disputeId, 'lost');
    await settle(testApp);

    expect(await walletBalance(testApp, buyer.rawId)).toBe(0);
    expect((await walletStatus(buyer)).status).toBe('WALLET_AT_RISK');
    expect(await postingKinds(buyer)).toEqual(['CHARGEBACK', 'TOP_UP']);
    const [chargeback] = await queryDatabase(
      testApp,
      'select status from chargebacks where stripe_dispute_id = $1',
      [disputeId],
    );
    expect(chargeback).toEqual({ status: 'LOST' });
  });

  it('ends in the same state whatever order the payment and dispute events arrive in', async () => {
    // given a disputed payment whose dispute is won, with every event held back
    const emulator = emulatorOf(testApp);
    const buyer = await newBuyer(testApp);
    const answer = await createTopUp(buyer, { amount: 3_300 });
    await settle(testApp);
    emulator.pauseDeliveries();
    await pay(testApp, answer.clientSecret, 'pm_card_createDispute');
    const paymentIntentId = paymentIntentOf(answer.clientSecret);
    const disputeId = String(emulator.disputeOf(paymentIntentId)!['id']);
    emulator.closeDispute(disputeId, 'won');
    const queued = emulator.queuedEvents();
    const find = (type: string) => queued.find((event) => event.type === type)!;
    const closed = find('charge.dispute.closed');
    const created = find('charge.dispute.created');
    const succeeded = find('payment_intent.succeeded');

    // when they arrive backwards: the closing first, processed alone; then the opening; then the payment
    await emulator.deliver(closed.id);
    await testApp.services.jobs.runJobsOnce();
    expect(await walletBalance(testApp, buyer.rawId)).toBe(3_300);
    await emulator.deliver(created.id);
    await testApp.services.jobs.runJobsOnce();
    await emulator.deliver(succeeded.id);
    emulator.resumeDeliveries();
    await settle(testApp);

    // then it is as if they had come in order: one credit, one chargeback, one reversal, an active wallet
    expect(await walletBalance(testApp, buyer.rawId)).toBe(3_300);
    expect(await postingKinds(buyer)).toEqual(['CHARGEBACK', 'CHARGEBACK_REVERSAL', 'TOP_UP']);
    expect((await walletStatus(buyer)).status).toBe('ACTIVE');
    const outcomes = await queryDatabase(
      testApp,
      'select id, outcome from stripe_events where id = any($1) order by id',
      [[closed.id, created.id, succeeded.id]],
    );
    expect(Object.fromEntries(outcomes.map((row) => [row['id'], row['outcome']]))).toEqual({
      [closed.id]: 'chargeback won; amount restored; flag lifted',
      [created.id]: 'ignored: chargeback already recorded',
      [succeeded.id]: 'ignored: top-up already credited',
    });
    expect(ledgerIsClean(await verifyLedger(testApp.services.database))).toBe(true);
  });

  it('keeps a wallet flagged while another chargeback is unresolved', async () => {
    const buyer = await newBuyer(testApp);
    const first = await disputedTopUp(buyer, 1_000);
    const second = await disputedTopUp(buyer, 1_000);
    await settle(testApp);

    emulatorOf(testApp).closeDispute(first.disputeId, 'won');
    await settle(testApp);

    expect((await walletStatus(buyer)).status).toBe('WALLET_AT_RISK');
    emulatorOf(testApp).closeDispute(second.disputeId, 'won');
    await settle(testApp);
    expect((await walletStatus(buyer)).status).toBe('ACTIVE');
    expect(await walletBalance(testApp, buyer.rawId)).toBe(2_000);
  });

  describe('liftWalletFlag', () => {
    it('lets an admin lift a flag with a reason, audited, and refuses everyone else', async () => {
      // given a buyer whose wallet was flagged by a lost chargeback
      const buyer = await newBuyer(testApp);
      const { disputeId } = await disputedTopUp(buyer, 1_000);
      await settle(testApp);
      emulatorOf(testApp).closeDispute(disputeId, 'lost');
      await settle(testApp);
      const input = {
        buyerId: buyer.userId,
        reason: 'Buyer repaid the chargeback by bank transfer; ticket 4711.',
      };

      // when the buyer, support and an admin try to lift it
      const asBuyer = await buyer.client.graphql(liftMutation, { input });
      const support = await createStaff(testApp, ['SUPPORT']);
      const asSupport = await support.client.graphql(liftMutation, { input });
      const asAdmin = await admin.data(liftMutation, { input });

      // then only the admin may, the wallet is active again, and the audit log and history say who and why
      expect(asBuyer.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
      expect(asSupport.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
      expect(asAdmin['liftWalletFlag']).toEqual({
        wallets: [{ currency: 'EUR', status: 'ACTIVE', flaggedReason: null, balance: { amount: 0 } }],
        errors: [],
      });
      expect(await canPurchase(buyer)).toEqual({ allowed: true });
      const [audit] = await queryDatabase(
        testApp,
        `select a.action, a.actor_user_id, a.details from audit_log a join wallets w on w.id::text = a.subject_id
          where w.buyer_id = $1 and a.subject_type = 'Wallet'`,
        [buyer.rawId],
      );
      expect(audit!['action']).toBe('wallet.flag_lifted');
      expect(audit!['actor_user_id']).not.toBeNull();
      expect(audit!['details']).toMatchObject({
        reason: input.reason,
        currency: 'EUR',
        unresolvedChargebacks: 1,
      });
      const [change] = await queryDatabase(
        testApp,
        `select c.reason, c.actor_user_id from wallet_status_changes c join wallets w on w.id = c.wallet_id
          where w.buyer_id = $1 and c.to_status = 'ACTIVE'`,
        [buyer.rawId],
      );
      expect(change).toEqual({ reason: input.reason, actor_user_id: audit!['actor_user_id'] });
    });

    it('refuses a missing reason, an unknown buyer and a wallet that is not flagged, changing nothing', async () => {
      const buyer = await newBuyer(testApp);
      await createTopUp(buyer, { amount: 1_000 });
      const auditBefore = await queryDatabase(testApp, 'select count(*)::int as n from audit_log');

      const noReason = await admin.data(liftMutation, { input: { buyerId: buyer.userId, reason: '  ' } });
      const unknown = await admin.data(liftMutation, {
        input: {
          buyerId: Buffer.from(`User:${crypto.randomUUID()}`).toString('base64url'),
          reason: 'a good reason',
        },
      });
      const malformed = await admin.data(liftMutation, {
        input: { buyerId: 'nonsense', reason: 'a good reason' },
      });
      const notFlagged = await admin.data(liftMutation, {
        input: { buyerId: buyer.userId, reason: 'a good reason' },
      });

      const codes = (result: Record<string, unknown>) =>
        (result['liftWalletFlag'] as { errors: { code: string; field: string }[] }).errors.map((error) => [
          error.code,
          error.field,
        ]);
      expect(codes(noReason)).toEqual([['INVALID_REASON', 'reason']]);
      expect(codes(unknown)).toEqual([['BUYER_NOT_FOUND', 'buyerId']]);
      expect(codes(malformed)).toEqual([['BUYER_NOT_FOUND', 'buyerId']]);
      expect(codes(notFlagged)).toEqual([['WALLET_NOT_FLAGGED', 'buyerId']]);
      expect(await queryDatabase(testApp, 'select count(*)::int as n from audit_log')).toEqual(auditBefore);
    });
  });

  it('keeps the Stripe clearing account as the mirror of what Stripe holds for us', async () => {
    // every top-up credited minus every chargeback not reversed: the clearing account is its negative
    const clearing = await testApp.services.ledger.balance(testApp.services.database, stripeClearing('EUR'));
    const [expected] = await queryDatabase(
      testApp,
      `select coalesce(sum(amount), 0)::bigint as total from top_ups where status = 'SUCCEEDED' and currency = 'EUR'`,
    );
    const [heldBack] = await queryDatabase(
      testApp,
      `select coalesce(sum(amount), 0)::bigint as total from chargebacks where status in ('OPEN', 'LOST') and currency = 'EUR'`,
    );
    expect(clearing).toBe(-(Number(expected!['total']) - Number(heldBack!['total'])));
  });
});

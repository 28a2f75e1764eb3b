import crypto from 'node:crypto';
import { toGlobalId } from '../graphql/relay';
import { describeMoney } from '../domain/money';
import { queryDatabase, rawId, startTestApp, type TestApp } from '../../test/harness';
import { createListing, fundWallet, newBuyer, newSeller, purchase, type Party } from '../../test/marketplace';
import { runPayoutJobs } from '../../test/payout-helpers';
import {
  cancelWithdrawal,
  earnings,
  ledgerEarnings,
  liftPayoutHoldMutation,
  myPayouts,
  myWithdrawals,
  orderPayoutStatus,
  payoutSurface,
  redrivePayoutMutation,
  requestWithdrawal,
  setPayoutHoldMutation,
  withdrawalQuote,
  type EarningsFigures,
  enabledSeller,
  releasedEligibleOrders,
} from '../../test/payout-graphql-helpers';
import { newStaff, type Staff } from '../../test/dispute-helpers';
import { emulatorOf } from '../../test/wallet-helpers';

/** Orders are eligible as soon as they are released; the smallest withdrawal is 10.00. */
const environment = { PAYOUT_HOLD_HOURS: '0', PAYOUT_MIN_WITHDRAWAL_AMOUNT: '1000' };
const price = 2_000;

let testApp: TestApp;
let admin: Staff;

beforeAll(async () => {
  testApp = await startTestApp(environment);
  admin = await newStaff(testApp, ['ADMIN']);
});
afterAll(async () => {
  await testApp.close();
});

/** The seller's earnings in EUR, which must exist. */
async function figures(seller: Party): Promise<EarningsFigures> {
  const value = await earnings(seller);
  if (!value) throw new Error('no EUR earnings');
  return value;
}

/** An enabled seller's order, bought and confirmed by a new buyer: released, not tracked for payout yet. */
async function confirmedSale() {
  const seller = await enabledSeller(testApp);
  const buyer = await newBuyer(testApp);
  await fundWallet(testApp, buyer, price);
  const { listingId } = await createListing(seller, { price });
  const bought = await purchase(buyer, listingId);
  await buyer.client.data(
    `mutation ($input: OrderInput!) { confirmDelivery(input: $input) { errors { code } } }`,
    { input: { orderId: bought.order!.id } },
  );
  return { seller, buyer, bought };
}

/** The identity every earnings view keeps: the states of the orders awaiting payout, plus the rest, are the ledger balance. */
function expectEarningsAddUp(value: EarningsFigures): void {
  expect(value.available + value.pending + value.blocked + value.unattributed).toBe(value.earningsBalance);
  expect(Object.values(value.blockedByReason).reduce((sum, amount) => sum + amount, 0)).toBe(value.blocked);
}

describe('withdrawalQuote, requestWithdrawal and the payout it becomes', () => {
  it('pays the quoted whole orders, oldest first, and shows the PAID payout in myPayouts, myWithdrawals and payoutEarnings, whose figures add up to the ledger', async () => {
    // given an enabled seller with three released, eligible orders
    const seller = await enabledSeller(testApp);
    const orderIds = await releasedEligibleOrders(testApp, seller, 3, price);
    const before = await figures(seller);
    const net = before.available / 3;
    expect(Number.isInteger(net) && net > 0 && net <= price).toBe(true);
    expect(before).toMatchObject({
      earningsBalance: 3 * net,
      availableOrders: 3,
      pending: 0,
      blocked: 0,
      unattributed: 0,
      inTransit: 0,
      paid: 0,
    });
    expect(before.earningsBalance).toBe(await ledgerEarnings(seller));

    // when the seller asks for a quote of two orders and a bit
    const quote = await withdrawalQuote(seller, 2 * net + 1);

    // then it shows the exact payable amount: two whole orders
    expect(quote).toEqual({
      requested: { amount: 2 * net + 1, currency: 'EUR' },
      payable: { amount: 2 * net, currency: 'EUR' },
      orderCount: 2,
      available: { amount: 3 * net },
      minimum: { amount: 1_000 },
    });

    // and when they request that amount (twice with the same key)
    const idempotencyKey = crypto.randomUUID();
    const requested = await requestWithdrawal(seller, { amount: 2 * net + 1, idempotencyKey });
    const replayed = await requestWithdrawal(seller, { amount: 2 * net + 1, idempotencyKey });

    // then one withdrawal of the quoted amount is REQUESTED, and the repeat replays it
    expect(requested).toMatchObject({
      withdrawal: { state: 'REQUESTED', payable: { amount: 2 * net, currency: 'EUR' }, orderCount: 2 },
      replayed: false,
      errors: [],
    });
    expect(replayed).toMatchObject({ withdrawal: { id: requested.withdrawal!.id }, replayed: true });

    // and once the jobs ran (execution, phases 1 to 3), the payout is PAID with the two oldest orders
    await runPayoutJobs(testApp);
    const [payout, ...otherPayouts] = await myPayouts(seller);
    expect(otherPayouts).toEqual([]);
    expect(payout).toMatchObject({
      amount: { amount: 2 * net, currency: 'EUR' },
      state: 'PAID',
      source: 'WITHDRAWAL',
      orderCount: 2,
      stripeTransferId: expect.stringMatching(/^tr_/),
      failureCode: null,
      reversedAmount: { amount: 0 },
      withdrawal: { id: requested.withdrawal!.id, state: 'COMPLETED' },
    });
    expect(payout!.orders!.edges.map((edge) => edge.node)).toEqual(
      orderIds.slice(0, 2).map((orderId) => ({
        orderId: toGlobalId('Order', orderId),
        netAmount: { amount: net, currency: 'EUR' },
        releasedAt: expect.any(String),
        order: { id: toGlobalId('Order', orderId), escrowStatus: 'RELEASED' },
      })),
    );
    expect(await myPayouts(seller, 'PENDING')).toEqual([]);
    expect(await myWithdrawals(seller)).toEqual([
      {
        id: requested.withdrawal!.id,
        state: 'COMPLETED',
        requested: { amount: 2 * net + 1 },
        payable: { amount: 2 * net },
        orderCount: 2,
        failureCode: null,
        payout: { id: payout!.id, state: 'PAID' },
      },
    ]);
    // and Stripe made exactly that one transfer
    const transfer = emulatorOf(testApp).transfer(payout!.stripeTransferId!);
    expect(transfer).toMatchObject({ amount: 2 * net, currency: 'eur' });

    // and the earnings moved from available to paid, still adding up to the ledger
    const after = await figures(seller);
    expect(after).toMatchObject({
      earningsBalance: net,
      available: net,
      availableOrders: 1,
      inTransit: 0,
      paid: 2 * net,
      paidOrders: 2,
      unattributed: 0,
    });
    expectEarningsAddUp(after);
    expect(after.earningsBalance).toBe(await ledgerEarnings(seller));

    // and each order shows its payout state to its seller, never to its buyer
    expect(await orderPayoutStatus(seller.client, orderIds[0]!)).toEqual({
      state: 'PAID',
      blockedReason: null,
      netAmount: { amount: net },
      payout: { id: payout!.id, state: 'PAID' },
    });
    expect(await orderPayoutStatus(seller.client, orderIds[2]!)).toMatchObject({
      state: 'ELIGIBLE',
      payout: null,
    });
    expect(await orderPayoutStatus(admin.client, orderIds[0]!)).toMatchObject({ state: 'PAID' });
  });

  it('shows Order.payoutStatus to the seller once the released order is tracked, and never to its buyer', async () => {
    // given an enabled seller's order, bought and confirmed by a buyer we hold a session of
    const { seller, buyer, bought } = await confirmedSale();
    const orderId = rawId(bought.order!.id);

    // then before the eligibility job tracked the release, the seller sees no payout status
    expect(await orderPayoutStatus(seller.client, orderId)).toBeNull();

    // and once it ran, the seller sees ELIGIBLE and the buyer still sees null
    await testApp.services.payoutEligibility.refreshAll();
    expect(await orderPayoutStatus(seller.client, orderId)).toMatchObject({
      state: 'ELIGIBLE',
      blockedReason: null,
      payout: null,
    });
    expect(await orderPayoutStatus(buyer.client, orderId)).toBeNull();
  });

  it('counts a release of a moment ago as pending before the eligibility job ran, and a withdrawal requested at once pays it', async () => {
    // given an enabled seller whose order a buyer has just confirmed, the eligibility job not run since
    const { seller } = await confirmedSale();
    const net = await ledgerEarnings(seller);
    expect(net).toBeGreaterThan(0);

    // then the seller's earnings count it as pending, none of it unattributed, and they add up
    const before = await figures(seller);
    expect(before).toMatchObject({ earningsBalance: net, pending: net, available: 0, unattributed: 0 });
    expectEarningsAddUp(before);

    // and when the seller withdraws it at once (no payout hold here), the request finds it eligible
    const requested = await requestWithdrawal(seller, { amount: net });
    expect(requested).toMatchObject({
      withdrawal: { state: 'REQUESTED', payable: { amount: net, currency: 'EUR' }, orderCount: 1 },
      errors: [],
    });
    const after = await figures(seller);
    expect(after.pending).toBe(0);
    expectEarningsAddUp(after);
  });
});

describe('requestWithdrawal refusals', () => {
  /** Runs the request, expects the one typed error, and that nothing changed. */
  async function expectRefused(
    seller: Party,
    input: Parameters<typeof requestWithdrawal>[1],
    code: string,
    field: string | null = null,
  ): Promise<string> {
    const before = await payoutSurface(testApp);
    const answer = await requestWithdrawal(seller, input);
    expect(answer).toMatchObject({ withdrawal: null, replayed: false, errors: [{ code, field }] });
    expect(answer.errors).toHaveLength(1);
    expect(await payoutSurface(testApp)).toEqual(before);
    return answer.errors[0]!.message;
  }

  it('refuses bad input, amounts outside the rules, a second open withdrawal and a reused key, each with its code, changing nothing', async () => {
    // given an enabled seller whose oldest eligible order is small, then two larger ones
    const seller = await enabledSeller(testApp);
    await releasedEligibleOrders(testApp, seller, 1, 600);
    await releasedEligibleOrders(testApp, seller, 2, price);
    const { available: availableAmount } = await figures(seller);
    const small = (await withdrawalQuote(seller, 1_000)).payable.amount;
    expect(small).toBeGreaterThan(0);
    expect(small).toBeLessThan(1_000);

    // then bad input is refused on its field
    await expectRefused(seller, { amount: 0 }, 'INVALID_AMOUNT', 'amount');
    await expectRefused(seller, { amount: -5 }, 'INVALID_AMOUNT', 'amount');
    // a positive amount beyond the largest is told the range, not that it should be positive
    expect(await expectRefused(seller, { amount: 2_147_483_647 }, 'INVALID_AMOUNT', 'amount')).toBe(
      'The amount is a whole number of minor units from 1 to 100000000.',
    );
    await expectRefused(seller, { amount: 1_000, currency: 'XXX' }, 'UNSUPPORTED_CURRENCY', 'currency');
    await expectRefused(
      seller,
      { amount: 1_000, idempotencyKey: 'not a key' },
      'INVALID_IDEMPOTENCY_KEY',
      'idempotencyKey',
    );
    await expectRefused(
      seller,
      { amount: 1_000, idempotencyKey: 'x'.repeat(101) },
      'INVALID_IDEMPOTENCY_KEY',
      'idempotencyKey',
    );
    // and amounts outside the rules
    await expectRefused(seller, { amount: 999 }, 'BELOW_MINIMUM', 'amount');
    const fitsTooLittle = await expectRefused(seller, { amount: 1_200 }, 'BELOW_MINIMUM', 'amount');
    expect(fitsTooLittle).toContain(describeMoney(small, 'EUR'));
    // and it names the smallest request that works: the oldest orders, whole, up to the minimum
    expect(fitsTooLittle).toContain(
      `ask for at least ${describeMoney(small + (availableAmount - small) / 2, 'EUR')}`,
    );
    await expectRefused(seller, { amount: availableAmount + 1 }, 'INSUFFICIENT_AVAILABLE', 'amount');

    // and when one withdrawal is open
    const idempotencyKey = crypto.randomUUID();
    const open = await requestWithdrawal(seller, { amount: availableAmount, idempotencyKey });
    expect(open).toMatchObject({ withdrawal: { state: 'REQUESTED' }, errors: [] });

    // then a second one is refused, and so is its key with another amount
    await expectRefused(seller, { amount: 1_000 }, 'WITHDRAWAL_ALREADY_OPEN');
    await expectRefused(
      seller,
      { amount: availableAmount - 1, idempotencyKey },
      'IDEMPOTENCY_KEY_REUSED',
      'idempotencyKey',
    );
  });

  it('says so when less than the smallest withdrawal is available, instead of asking for at most that', async () => {
    // given an enabled seller whose only eligible order pays less than the minimum
    const seller = await enabledSeller(testApp);
    await releasedEligibleOrders(testApp, seller, 1, 600);
    const { available } = await figures(seller);
    expect(available).toBeLessThan(1_000);

    // when they ask for more than that, the refusal says the whole of it is below the minimum
    const message = await expectRefused(seller, { amount: 5_000 }, 'INSUFFICIENT_AVAILABLE', 'amount');
    expect(message).toBe(
      `Only ${describeMoney(available, 'EUR')} is available for withdrawal, below the smallest withdrawal of ${describeMoney(1_000, 'EUR')}: it stays in your earnings until more sales reach that.`,
    );
  });

  it('refuses an amount smaller than the oldest eligible order (NO_WHOLE_ORDER_FITS)', async () => {
    const seller = await enabledSeller(testApp);
    await releasedEligibleOrders(testApp, seller, 1, price);
    const { available } = await figures(seller);
    const message = await expectRefused(seller, { amount: available - 1 }, 'NO_WHOLE_ORDER_FITS', 'amount');
    // the amount that works, in money, not minor units
    expect(message).toContain(`ask for at least ${describeMoney(available, 'EUR')}`);
    expect(message).not.toMatch(/minor units/);
  });

  it('refuses a seller without an enabled payout account, naming what to do (ACCOUNT_NOT_ENABLED)', async () => {
    const seller = await newSeller(testApp);
    const message = await expectRefused(seller, { amount: 1_000 }, 'ACCOUNT_NOT_ENABLED');
    expect(message).toMatch(/onboarding/i);
  });

  it('refuses a seller whose risk tier is AT_RISK (PAYOUTS_HELD), and their orders show SELLER_AT_RISK', async () => {
    // given an enabled seller with an eligible order, put AT_RISK by an admin
    const seller = await enabledSeller(testApp);
    const [orderId] = await releasedEligibleOrders(testApp, seller, 1, price);
    const override = await admin.client.data<{ overrideRiskTier: { errors: unknown[] } }>(
      `mutation ($input: OverrideRiskTierInput!) { overrideRiskTier(input: $input) { errors { code } } }`,
      {
        input: {
          userId: seller.id,
          role: 'SELLER',
          tier: 'AT_RISK',
          reason: 'Chargebacks under review.',
          expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
      },
    );
    expect(override.overrideRiskTier.errors).toEqual([]);

    // then a withdrawal is refused and the order, once re-derived, is blocked for that reason
    await expectRefused(seller, { amount: 1_000 }, 'PAYOUTS_HELD');
    await testApp.services.payoutEligibility.refreshAll();
    expect(await orderPayoutStatus(seller.client, orderId!)).toMatchObject({
      state: 'BLOCKED',
      blockedReason: 'SELLER_AT_RISK',
    });
    expect((await figures(seller)).blockedByReason).toEqual({ SELLER_AT_RISK: expect.any(Number) });
  });
});

describe('cancelWithdrawal', () => {
  it('cancels a withdrawal whose execution has not started: no payout follows, and its orders stay available', async () => {
    // given a REQUESTED withdrawal of one order
    const seller = await enabledSeller(testApp);
    const [orderId] = await releasedEligibleOrders(testApp, seller, 2, price);
    const { available } = await figures(seller);
    const requested = await requestWithdrawal(seller, { amount: available / 2 });
    const withdrawalId = requested.withdrawal!.id;

    // when the seller cancels it
    const cancelled = await cancelWithdrawal(seller, withdrawalId);

    // then it is CANCELLED, and a second cancellation is refused
    expect(cancelled).toEqual({ withdrawal: { id: withdrawalId, state: 'CANCELLED' }, errors: [] });
    expect(await cancelWithdrawal(seller, withdrawalId)).toMatchObject({
      withdrawal: null,
      errors: [{ code: 'WITHDRAWAL_NOT_CANCELLABLE', field: 'withdrawalId' }],
    });
    // and its execution job, when it runs, pays nothing
    await runPayoutJobs(testApp);
    expect(await myPayouts(seller)).toEqual([]);
    expect(await orderPayoutStatus(seller.client, orderId!)).toMatchObject({ state: 'ELIGIBLE' });
    expect((await figures(seller)).available).toBe(available);
  });

  it("refuses a completed withdrawal, another seller's and a malformed id, changing nothing", async () => {
    // given a withdrawal that was executed and paid
    const seller = await enabledSeller(testApp);
    await releasedEligibleOrders(testApp, seller, 1, price);
    const { available } = await figures(seller);
    const withdrawalId = (await requestWithdrawal(seller, { amount: available })).withdrawal!.id;
    await runPayoutJobs(testApp);
    const before = await payoutSurface(testApp);

    // then cancelling it is refused
    expect(await cancelWithdrawal(seller, withdrawalId)).toMatchObject({
      errors: [{ code: 'WITHDRAWAL_NOT_CANCELLABLE', field: 'withdrawalId' }],
    });
    // and another seller cannot even see it
    const other = await enabledSeller(testApp);
    expect(await cancelWithdrawal(other, withdrawalId)).toMatchObject({
      errors: [{ code: 'WITHDRAWAL_NOT_FOUND', field: 'withdrawalId' }],
    });
    expect(await cancelWithdrawal(seller, 'not-an-id')).toMatchObject({
      errors: [{ code: 'WITHDRAWAL_NOT_FOUND' }],
    });
    expect(await payoutSurface(testApp)).toEqual(before);
    expect((await myWithdrawals(seller))[0]).toMatchObject({ id: withdrawalId, state: 'COMPLETED' });
  });
});

describe('admin payouts: holds', () => {
  it('given a hold set while a withdrawal is requested, the request either comes first or is refused PAYOUTS_HELD, never for want of money', async () => {
    for (let round = 0; round < 5; round++) {
      // given an enabled seller with eligible orders
      const seller = await enabledSeller(testApp);
      await releasedEligibleOrders(testApp, seller, 2, price);
      const { available } = await figures(seller);

      // when an admin holds their payouts as they ask for everything available
      const [, request] = await Promise.all([
        admin.client.data(setPayoutHoldMutation, {
          input: { sellerId: seller.id, reason: 'Set during a request' },
        }),
        requestWithdrawal(seller, { amount: available }),
      ]);

      // then the request was taken before the hold, or refused for the hold
      const outcome = request.errors[0]?.code ?? 'REQUESTED';
      expect(['REQUESTED', 'PAYOUTS_HELD']).toContain(outcome);
    }
  });

  it('myPayoutHold tells a seller of a hold before any order is blocked by it, and of its lifting', async () => {
    // given a new seller without a sale (nothing for a hold to block yet)
    const seller = await enabledSeller(testApp);
    const hold = async () =>
      (await seller.client.data<{ myPayoutHold: string | null }>('{ myPayoutHold }')).myPayoutHold;
    expect(await hold()).toBeNull();

    // when an admin holds their payouts, then they read it (the newcomer probe: the page said "payouts enabled")
    await admin.client.data(setPayoutHoldMutation, {
      input: { sellerId: seller.id, reason: 'New seller review' },
    });
    expect(await hold()).toBe('ADMIN_HOLD');

    // and once lifted, nothing holds them
    await admin.client.data(liftPayoutHoldMutation, {
      input: { sellerId: seller.id, reason: 'Review passed' },
    });
    expect(await hold()).toBeNull();
  });

  it("setPayoutHold blocks the seller's orders (ADMIN_HOLD) and withdrawals, liftPayoutHold unblocks them; both audited", async () => {
    // given an enabled seller with two eligible orders
    const seller = await enabledSeller(testApp);
    const orderIds = await releasedEligibleOrders(testApp, seller, 2, price);
    const { available } = await figures(seller);

    // when an admin holds their payouts
    const set = await admin.client.data<{ setPayoutHold: { hold: any; errors: unknown[] } }>(
      setPayoutHoldMutation,
      { input: { sellerId: seller.id, reason: '  KYC review of a bulk seller  ' } },
    );

    // then the hold is active, and every open order is BLOCKED with ADMIN_HOLD
    expect(set.setPayoutHold).toMatchObject({
      hold: {
        reason: 'KYC review of a bulk seller',
        active: true,
        liftedAt: null,
        seller: { id: seller.id },
        setBy: { id: admin.id },
        liftedBy: null,
      },
      errors: [],
    });
    for (const orderId of orderIds) {
      expect(await orderPayoutStatus(seller.client, orderId)).toMatchObject({
        state: 'BLOCKED',
        blockedReason: 'ADMIN_HOLD',
      });
    }
    const held = await figures(seller);
    expect(held).toMatchObject({
      available: 0,
      blocked: available,
      blockedByReason: { ADMIN_HOLD: available },
    });
    expectEarningsAddUp(held);
    // and a withdrawal is refused, changing nothing
    const before = await payoutSurface(testApp);
    expect(await requestWithdrawal(seller, { amount: available })).toMatchObject({
      errors: [{ code: 'PAYOUTS_HELD' }],
    });
    expect(await payoutSurface(testApp)).toEqual(before);
    // and a second hold is refused
    const again = await admin.client.data<{ setPayoutHold: { errors: unknown[] } }>(setPayoutHoldMutation, {
      input: { sellerId: seller.id, reason: 'Once more' },
    });
    expect(again.setPayoutHold.errors).toMatchObject([{ code: 'HOLD_ALREADY_ACTIVE' }]);

    // when the admin lifts it
    const lifted = await admin.client.data<{ liftPayoutHold: { hold: any; errors: unknown[] } }>(
      liftPayoutHoldMutation,
      { input: { sellerId: seller.id, reason: 'KYC review passed' } },
    );

    // then the hold is lifted and the orders are ELIGIBLE again
    expect(lifted.liftPayoutHold).toMatchObject({
      hold: {
        id: set.setPayoutHold.hold.id,
        active: false,
        liftReason: 'KYC review passed',
        liftedBy: { id: admin.id },
      },
      errors: [],
    });
    for (const orderId of orderIds) {
      expect(await orderPayoutStatus(seller.client, orderId)).toMatchObject({
        state: 'ELIGIBLE',
        blockedReason: null,
      });
    }
    expect((await figures(seller)).available).toBe(available);
    // and lifting again is refused
    const liftAgain = await admin.client.data<{ liftPayoutHold: { errors: unknown[] } }>(
      liftPayoutHoldMutation,
      {
        input: { sellerId: seller.id, reason: 'Once more' },
      },
    );
    expect(liftAgain.liftPayoutHold.errors).toMatchObject([{ code: 'NO_ACTIVE_HOLD' }]);

    // and both changes are in the audit log, by the admin, with their reasons
    const audit = await queryDatabase(
      testApp,
      `select action, actor_user_id, details->>'reason' as reason from audit_log
        where subject_type = 'USER' and subject_id = $1 and action like 'PAYOUT_HOLD_%' order by id`,
      [seller.rawId],
    );
    expect(audit).toEqual([
      { action: 'PAYOUT_HOLD_SET', actor_user_id: admin.rawId, reason: 'KYC review of a bulk seller' },
      { action: 'PAYOUT_HOLD_LIFTED', actor_user_id: admin.rawId, reason: 'KYC review passed' },
    ]);
    // and payoutHolds lists the hold, lifted
    const holds = await admin.client.data<{ payoutHolds: { id: string; active: boolean }[] }>(
      `query ($sellerId: ID!) { payoutHolds(sellerId: $sellerId) { id active } }`,
      { sellerId: seller.id },
    );
    expect(holds.payoutHolds).toEqual([{ id: set.setPayoutHold.hold.id, active: false }]);
  });

  it('refuses a hold without a proper reason, or on a user who is not a seller, changing nothing', async () => {
    const seller = await enabledSeller(testApp);
    const buyer = await newBuyer(testApp);
    const before = await payoutSurface(testApp);
    const attempts: [Record<string, string>, string, string][] = [
      [{ sellerId: seller.id, reason: ' x ' }, 'INVALID_REASON', 'reason'],
      [{ sellerId: seller.id, reason: 'x'.repeat(501) }, 'INVALID_REASON', 'reason'],
      [{ sellerId: buyer.id, reason: 'Not a seller' }, 'SELLER_NOT_FOUND', 'sellerId'],
      [
        { sellerId: toGlobalId('Order', crypto.randomUUID()), reason: 'Not a user' },
        'SELLER_NOT_FOUND',
        'sellerId',
      ],
    ];
    for (const [input, code, field] of attempts) {
      const answer = await admin.client.data<{ setPayoutHold: { hold: unknown; errors: unknown[] } }>(
        setPayoutHoldMutation,
        { input },
      );
      expect(answer.setPayoutHold).toMatchObject({ hold: null, errors: [{ code, field }] });
    }
    expect(await payoutSurface(testApp)).toEqual(before);
  });
});

describe('admin payouts: lists, stuck payouts and redrivePayout', () => {
  it('re-drives a stuck payout with its own key: UNKNOWN while Stripe fails, then PAID with one transfer; a payout that ended is refused', async () => {
    // given a withdrawal whose transfer meets Stripe errors: its payout stays PENDING
    const seller = await enabledSeller(testApp);
    await releasedEligibleOrders(testApp, seller, 1, price);
    const { available } = await figures(seller);
    const emulator = emulatorOf(testApp);
    emulator.injectFault({ method: 'POST', path: '/v1/transfers', kind: 'error_before_apply' }, 20);
    const withdrawalId = (await requestWithdrawal(seller, { amount: available })).withdrawal!.id;
    await runPayoutJobs(testApp);
    const [pending] = await myPayouts(seller);
    expect(pending).toMatchObject({ state: 'PENDING', transferAttempts: 1, stripeTransferId: null });

    // then the withdrawal is executing and can no longer be cancelled
    expect(await cancelWithdrawal(seller, withdrawalId)).toMatchObject({
      errors: [{ code: 'WITHDRAWAL_NOT_CANCELLABLE' }],
    });
    // and admins see it by state and seller, with the last error
    const listed = await admin.client.data<{ payouts: { edges: { node: any }[] } }>(
      `query ($filter: PayoutFilter) { payouts(filter: $filter) { edges { node { id state lastError seller { id } } } } }`,
      { filter: { state: 'PENDING', sellerId: seller.id } },
    );
    expect(listed.payouts.edges.map((edge) => edge.node)).toEqual([
      { id: pending!.id, state: 'PENDING', lastError: expect.any(String), seller: { id: seller.id } },
    ]);
    // and it is stuck only once it is older than PAYOUT_STUCK_AFTER_SECONDS
    const stuckQuery = `query ($olderThanSeconds: Int) { stuckPayouts(olderThanSeconds: $olderThanSeconds) { edges { node { id } } } }`;
    const stuckIds = async (olderThanSeconds: number | null = null) =>
      (
        await admin.client.data<{ stuckPayouts: { edges: { node: { id: string } }[] } }>(stuckQuery, {
          olderThanSeconds,
        })
      ).stuckPayouts.edges.map((edge) => edge.node.id);
    expect(await stuckIds()).not.toContain(pending!.id);
    await queryDatabase(
      testApp,
      `update payouts set created_at = created_at - interval '1 hour' where id = $1`,
      [rawId(pending!.id)],
    );
    expect(await stuckIds()).toContain(pending!.id);
    expect(await stuckIds(7_200)).not.toContain(pending!.id);

    // when an admin re-drives it while Stripe still fails
    const redrive = async (payoutId: string) =>
      (await admin.client.data<{ redrivePayout: any }>(redrivePayoutMutation, { input: { payoutId } }))
        .redrivePayout;
    const unknown = await redrive(pending!.id);

    // then the outcome is UNKNOWN and it stays PENDING
    expect(unknown).toMatchObject({
      outcome: 'UNKNOWN',
      payout: { id: pending!.id, state: 'PENDING', transferAttempts: 2, lastError: expect.any(String) },
      errors: [],
    });

    // and once Stripe answers again, a re-drive pays it, with one transfer
    emulator.clearFaults();
    const paid = await redrive(pending!.id);
    expect(paid).toMatchObject({
      outcome: 'PAID',
      payout: {
        id: pending!.id,
        state: 'PAID',
        stripeTransferId: expect.stringMatching(/^tr_/),
        lastError: null,
      },
      errors: [],
    });
    expect(await stuckIds()).not.toContain(pending!.id);
    expect((await myWithdrawals(seller))[0]).toMatchObject({ id: withdrawalId, state: 'COMPLETED' });
    const transfers = await queryDatabase(
      testApp,
      'select stripe_transfer_id from payouts where seller_id = $1',
      [seller.rawId],
    );
    expect(transfers).toHaveLength(1);
    expect(emulator.transfer(paid.payout.stripeTransferId)).toMatchObject({ amount: available });

    // and re-driving a payout that ended, or one that does not exist, is a typed error
    expect(await redrive(pending!.id)).toMatchObject({
      payout: null,
      outcome: null,
      errors: [{ code: 'PAYOUT_NOT_PENDING', field: 'payoutId' }],
    });
    expect(await redrive(toGlobalId('Payout', crypto.randomUUID()))).toMatchObject({
      errors: [{ code: 'PAYOUT_NOT_FOUND', field: 'payoutId' }],
    });
    // and the job's own retry, when it comes, finds nothing left to do
    await runPayoutJobs(testApp);
    expect((await myPayouts(seller)).map((payout) => payout.state)).toEqual(['PAID']);
  });

  it('lists withdrawals and payouts by seller and state for admins, newest first', async () => {
    const seller = await enabledSeller(testApp);
    await releasedEligibleOrders(testApp, seller, 2, price);
    const { available } = await figures(seller);
    const first = (await requestWithdrawal(seller, { amount: available / 2 })).withdrawal!.id;
    await runPayoutJobs(testApp);
    const second = (await requestWithdrawal(seller, { amount: available / 2 })).withdrawal!.id;

    const answer = await admin.client.data<{
      all: { edges: { node: { id: string; state: string } }[] };
      requested: { edges: { node: { id: string } }[] };
      payouts: { edges: { node: { withdrawal: { id: string } } }[] };
    }>(
      `query ($sellerId: ID!) {
        all: withdrawals(filter: { sellerId: $sellerId }) { edges { node { id state } } }
        requested: withdrawals(filter: { sellerId: $sellerId, state: REQUESTED }) { edges { node { id } } }
        payouts(filter: { sellerId: $sellerId, state: PAID }) { edges { node { withdrawal { id } } } }
      }`,
      { sellerId: seller.id },
    );
    expect(answer.all.edges.map((edge) => edge.node)).toEqual([
      { id: second, state: 'REQUESTED' },
      { id: first, state: 'COMPLETED' },
    ]);
    expect(answer.requested.edges.map((edge) => edge.node.id)).toEqual([second]);
    expect(answer.payouts.edges.map((edge) => edge.node.withdrawal.id)).toEqual([first]);
  });
});

describe('admin payouts: authorization', () => {
  it('refuses every admin field to a seller, and the admin-only fields of their own payout', async () => {
    // given a seller with a paid payout
    const seller = await enabledSeller(testApp);
    await releasedEligibleOrders(testApp, seller, 1, price);
    const { available } = await figures(seller);
    await requestWithdrawal(seller, { amount: available });
    await runPayoutJobs(testApp);
    const [payout] = await myPayouts(seller);
    const before = await payoutSurface(testApp);

    // then each admin operation answers FORBIDDEN and changes nothing
    const documents: [string, Record<string, unknown>][] = [
      ['{ payouts { edges { node { id } } } }', {}],
      ['{ stuckPayouts { edges { node { id } } } }', {}],
      ['{ withdrawals { edges { node { id } } } }', {}],
      ['query ($id: ID!) { payoutHolds(sellerId: $id) { id } }', { id: seller.id }],
      [setPayoutHoldMutation, { input: { sellerId: seller.id, reason: 'Holding myself' } }],
      [liftPayoutHoldMutation, { input: { sellerId: seller.id, reason: 'Lifting myself' } }],
      [redrivePayoutMutation, { input: { payoutId: payout!.id } }],
      ['{ myPayouts { edges { node { id lastError } } } }', {}],
      ['{ myPayouts { edges { node { id seller { id } } } } }', {}],
      ['{ myPayouts { edges { node { id stripeFailureMessage } } } }', {}],
    ];
    for (const [document, variables] of documents) {
      const answer = await seller.client.graphql(document, variables);
      expect(answer.errors?.map((error) => error.extensions?.['code'])).toEqual(['FORBIDDEN']);
    }
    expect(await payoutSurface(testApp)).toEqual(before);
  });

  it("tells the seller why a payout failed in words for them, never Stripe's message for the platform's developers, which admins read", async () => {
    // given a seller whose withdrawal's transfer Stripe refuses: the platform's balance is empty
    const seller = await enabledSeller(testApp);
    await releasedEligibleOrders(testApp, seller, 1, price);
    emulatorOf(testApp).drainBalance('EUR');
    const { available } = await figures(seller);
    await requestWithdrawal(seller, { amount: available });
    await runPayoutJobs(testApp);

    // when the seller reads the payout and the withdrawal
    const answer = await seller.client.data<{
      myPayouts: { edges: { node: { failureCode: string; failureMessage: string } }[] };
      myWithdrawals: { edges: { node: { failureMessage: string } }[] };
    }>(
      '{ myPayouts { edges { node { failureCode failureMessage } } } myWithdrawals { edges { node { failureMessage } } } }',
    );

    // then both say it was a problem on CodeSale's side and the money is available again, nothing of Stripe's text
    const payout = answer.myPayouts.edges[0]!.node;
    const withdrawal = answer.myWithdrawals.edges[0]!.node;
    expect(payout.failureCode).toBe('balance_insufficient');
    for (const message of [payout.failureMessage, withdrawal.failureMessage]) {
      expect(message).toMatch(/problem on our side.*available again/);
      expect(message).not.toMatch(/Stripe account|test card|balance_insufficient|4000/);
    }
    // and an admin reads Stripe's own message
    const forAdmin = await admin.client.data<{
      payouts: { edges: { node: { stripeFailureMessage: string } }[] };
    }>(
      'query ($id: ID!) { payouts(filter: { sellerId: $id }) { edges { node { stripeFailureMessage } } } }',
      { id: seller.id },
    );
    expect(forAdmin.payouts.edges[0]!.node.stripeFailureMessage).toMatch(/insufficient available funds/);
  });
});

import crypto from 'node:crypto';
import { verifyLedger, ledgerIsClean } from '../ledger/ledger.service';
import { sellerPayoutLedger } from '../ledger/ledger.queries';
import { ExpensiveOperationBudget } from '../shared/expensive-operations';
import { createStaff, queryDatabase, startTestApp, type TestApp } from '../../test/harness';
import { newBuyer, type Party } from '../../test/marketplace';
import {
  fundPlatform,
  onboardedSeller,
  payoutOrderStates,
  releasedOrders,
  runPayoutJobs,
  transfersTo,
} from '../../test/payout-helpers';
import { onboard } from '../../test/payout-account-helpers';
import { emulatorClient } from '../../test/stripe-emulator-helpers';
import { emulatorOf } from '../../test/wallet-helpers';

/** Price 1000 at a 5% fee: each order pays the seller 950. */
const net = 950;

describe('seller payouts (PayoutService, WithdrawalDomainService, WithdrawalExecutionService)', () => {
  let testApp: TestApp;
  let adminId: string;

  beforeAll(async () => {
    testApp = await startTestApp({
      PLATFORM_FEE_BASIS_POINTS: '500',
      PAYOUT_HOLD_HOURS: '0',
      PAYOUT_MIN_WITHDRAWAL_AMOUNT: '500',
      PAYOUT_SWEEP_MIN_AMOUNT: '1500',
    });
    const admin = await createStaff(testApp, ['ADMIN']);
    const [row] = await queryDatabase(testApp, 'select id from users where email = $1', [admin.email]);
    adminId = String(row!['id']);
  });
  afterAll(async () => {
    await testApp.close();
  });

  async function expectLedgerClean(): Promise<void> {
    const report = await verifyLedger(testApp.database);
    expect(ledgerIsClean(report)).toBe(true);
  }

  async function request(seller: Party, amount: number, idempotencyKey: string = crypto.randomUUID()) {
    return testApp.services.withdrawals.requestWithdrawal(seller.rawId, {
      amount,
      currency: 'EUR',
      idempotencyKey,
    });
  }

  it('pays a withdrawal with whole eligible orders, oldest first, in one transfer, and posts it through the ledger', async () => {
    // given an onboarded seller with three eligible orders and a funded platform
    const { seller, accountId } = await onboardedSeller(testApp);
    const orders = await releasedOrders(testApp, seller, 3);
    fundPlatform(testApp, 100_000);

    // when the seller is quoted and requests 2,000: two whole orders fit
    const quote = await testApp.services.withdrawals.quote(seller.rawId, 2_000, 'EUR');
    const requested = await request(seller, 2_000);
    await runPayoutJobs(testApp);

    // then exactly the quoted amount was transferred once, the two oldest orders are paid
    expect(quote).toMatchObject({ payableAmount: 2 * net, orderCount: 2, availableAmount: 3 * net });
    if (!('withdrawal' in requested)) throw new Error(JSON.stringify(requested.errors));
    expect(requested.withdrawal.payableAmount).toBe(2 * net);
    const transfers = await transfersTo(testApp, accountId);
    expect(transfers.map((transfer) => transfer.amount)).toEqual([2 * net]);
    expect(await payoutOrderStates(testApp, orders)).toEqual({
      [orders[0]!]: 'PAID',
      [orders[1]!]: 'PAID',
      [orders[2]!]: 'ELIGIBLE',
    });
    const [withdrawal] = await queryDatabase(testApp, 'select state from withdrawals where id = $1', [
      requested.withdrawal.id,
    ]);
    expect(withdrawal!['state']).toBe('COMPLETED');
    expect(await sellerPayoutLedger(testApp.database, seller.rawId)).toEqual([
      { currency: 'EUR', earnings: net, inTransit: 0, transferred: 2 * net, reversed: 0 },
    ]);
    await expectLedgerClean();
  });

  it('quotes the refusal a request of the amount would meet, in the same words, and none when it fits', async () => {
    // given a seller with two eligible orders of 950 (the minimum withdrawal is 500)
    const { seller } = await onboardedSeller(testApp);
    await releasedOrders(testApp, seller, 2);
    const quoteAndRequest = async (amount: number) => {
      const quote = await testApp.services.withdrawals.quote(seller.rawId, amount, 'EUR');
      const requested = await request(seller, amount);
      return { refusal: quote!.refusal, request: 'errors' in requested ? requested.errors[0] : null };
    };

    // when amounts above what is available, below the minimum, and smaller than one order are quoted and requested
    for (const [amount, code] of [
      [5_000, 'INSUFFICIENT_AVAILABLE'],
      [400, 'BELOW_MINIMUM'],
      [900, 'NO_WHOLE_ORDER_FITS'],
    ] as const) {
      const { refusal, request: refused } = await quoteAndRequest(amount);
      // then the quote names the refusal the request meets, with its message
      expect({ amount, refusal }).toEqual({ amount, refusal: { code, message: refused!.message } });
      expect(refused!.code).toBe(code);
    }
    // and an amount that fits is quoted without one
    expect((await testApp.services.withdrawals.quote(seller.rawId, 1_900, 'EUR'))!.refusal).toBeNull();
  });

  it('reverses phase 1 when Stripe refuses the transfer for insufficient platform funds: orders eligible again, earnings restored', async () => {
    // given a seller with two eligible orders and an empty platform balance
    const { seller, accountId } = await onboardedSeller(testApp);
    const orders = await releasedOrders(testApp, seller, 2);
    emulatorOf(testApp).drainBalance('EUR');

    // when the seller withdraws
    const requested = await request(seller, 2 * net);
    await runPayoutJobs(testApp);

    // then nothing was transferred, the payout failed with Stripe's reason, and the money is back in earnings
    expect('withdrawal' in requested).toBe(true);
    expect(await transfersTo(testApp, accountId)).toEqual([]);
    const [payout] = await queryDatabase(
      testApp,
      'select state, failure_code from payouts where seller_id = $1',
      [seller.rawId],
    );
    expect(payout).toEqual({ state: 'FAILED', failure_code: 'balance_insufficient' });
    expect(Object.values(await payoutOrderStates(testApp, orders))).toEqual(['ELIGIBLE', 'ELIGIBLE']);
    const [withdrawal] = await queryDatabase(
      testApp,
      'select state, failure_code from withdrawals where seller_id = $1',
      [seller.rawId],
    );
    expect(withdrawal).toEqual({ state: 'FAILED', failure_code: 'TRANSFER_REFUSED' });
    expect(await sellerPayoutLedger(testApp.database, seller.rawId)).toEqual([
      { currency: 'EUR', earnings: 2 * net, inTransit: 0, transferred: 0, reversed: 0 },
    ]);
    await expectLedgerClean();
  });

  it('recovers a transfer applied at Stripe whose response was lost: one transfer, paid once', async () => {
    // given a payout whose transfer call is applied by Stripe but the answer never arrives
    const { seller, accountId } = await onboardedSeller(testApp);
    await releasedOrders(testApp, seller, 2);
    fundPlatform(testApp, 100_000);
    emulatorOf(testApp).injectFault({ method: 'POST', path: '/v1/transfers', kind: 'response_lost' }, 10);
    const requested = await request(seller, 2 * net);
    expect('withdrawal' in requested).toBe(true);
    await testApp.services.jobs.runJobsOnce();
    const [pending] = await queryDatabase(testApp, 'select id, state from payouts where seller_id = $1', [
      seller.rawId,
    ]);
    expect(pending!['state']).toBe('PENDING');
    expect(await transfersTo(testApp, accountId)).toHaveLength(1);

    // when Stripe answers again and recovery re-drives the stuck payout
    emulatorOf(testApp).clearFaults();
    const recovered = await testApp.services.payouts.recoverStuck(0);

    // then the payout is paid by the transfer Stripe had already made, and no second one exists
    expect(recovered).toEqual({ paid: 1, failed: 0, unknown: 0 });
    const transfers = await transfersTo(testApp, accountId);
    expect(transfers).toHaveLength(1);
    const [paid] = await queryDatabase(
      testApp,
      'select state, stripe_transfer_id from payouts where id = $1',
      [pending!['id']],
    );
    expect(paid).toEqual({ state: 'PAID', stripe_transfer_id: transfers[0]!.id });
    await expectLedgerClean();
  });

  /**
   * A seller's payout whose transfer Stripe made but whose answer was lost (the payout stays
   * PENDING), after which Stripe forgot every idempotency key.
   */
  async function transferMadeAnswerLostKeyForgotten() {
    const { seller, accountId } = await onboardedSeller(testApp);
    await releasedOrders(testApp, seller, 1);
    fundPlatform(testApp, 100_000);
    emulatorOf(testApp).injectFault({ method: 'POST', path: '/v1/transfers', kind: 'response_lost' }, 10);
    expect('withdrawal' in (await request(seller, net))).toBe(true);
    await testApp.services.jobs.runJobsOnce();
    emulatorOf(testApp).clearFaults();
    emulatorOf(testApp).expireIdempotencyKeys();
    return { seller, accountId };
  }

  it('finds the transfer by its payout when the idempotency key has expired, instead of making a second one', async () => {
    // given a payout applied at Stripe, answer lost, then a day passes (Stripe forgets the key)
    const { seller, accountId } = await transferMadeAnswerLostKeyForgotten();
    // The payout's age is what tells recovery the key can no longer be trusted: make it a day old.
    await queryDatabase(
      testApp,
      `update payouts set created_at = now() - interval '25 hours' where seller_id = $1`,
      [seller.rawId],
    );

    // when recovery re-drives it
    await testApp.services.payouts.recoverStuck(60);

    // then the existing transfer was found by transfer group and metadata: still one transfer
    expect(await transfersTo(testApp, accountId)).toHaveLength(1);
    const [paid] = await queryDatabase(testApp, 'select state from payouts where seller_id = $1', [
      seller.rawId,
    ]);
    expect(paid!['state']).toBe('PAID');
    await expectLedgerClean();
  });

  it('looks the transfer up before any retry: a key Stripe lost early still makes no second transfer', async () => {
    // given a payout applied at Stripe, its answer lost, and the key gone at Stripe within the hour
    const { seller, accountId } = await transferMadeAnswerLostKeyForgotten();
    const [pending] = await queryDatabase(testApp, 'select id from payouts where seller_id = $1', [
      seller.rawId,
    ]);

    // when an admin re-drives it at once
    expect(await testApp.services.payouts.transfer(String(pending!['id']))).toMatchObject({
      outcome: 'PAID',
    });

    // then the transfer Stripe made was found, not made again
    expect(await transfersTo(testApp, accountId)).toHaveLength(1);
    await expectLedgerClean();
  });

  it('sweeps every enabled seller at or above the minimum, through the same path, and backs off after a refusal', async () => {
    // given one seller above the sweep minimum (1,500) and one below
    const above = await onboardedSeller(testApp);
    const below = await onboardedSeller(testApp);
    await releasedOrders(testApp, above.seller, 2);
    await releasedOrders(testApp, below.seller, 1);
    emulatorOf(testApp).drainBalance('EUR');

    // when the sweep runs with no platform funds, then again at once with funds
    await testApp.services.withdrawalExecution.sweep();
    await runPayoutJobs(testApp);
    fundPlatform(testApp, 100_000);
    const again = await testApp.services.withdrawalExecution.sweep();

    // then the refused seller waits out the backoff, and the seller below the minimum is never paid
    expect(await transfersTo(testApp, above.accountId)).toEqual([]);
    expect(await transfersTo(testApp, below.accountId)).toEqual([]);
    expect(again.initiated).toBe(0);

    // when the backoff has passed
    const later = new Date(Date.now() + 301_000);
    const swept = await testApp.services.withdrawalExecution.sweepSeller(above.seller.rawId, 'EUR', later);
    await runPayoutJobs(testApp);

    // then the seller is paid both orders in one transfer
    expect(swept.outcome).toBe('INITIATED');
    expect((await transfersTo(testApp, above.accountId)).map((transfer) => transfer.amount)).toEqual([
      2 * net,
    ]);
    await expectLedgerClean();
  });

  it('refuses a withdrawal for an account that is not enabled, naming what is missing', async () => {
    // given a seller whose onboarding ended restricted, with a released order
    const { seller, accountId } = await onboardedSeller(testApp);
    await releasedOrders(testApp, seller, 1);
    emulatorOf(testApp).updateAccount(accountId, 'restricted', ['external_account']);
    await runPayoutJobs(testApp);

    // when the seller asks for a withdrawal
    const refused = await request(seller, net);

    // then it is refused with the requirement named, and the order shows why it is blocked
    expect(refused).toEqual({
      errors: [
        expect.objectContaining({
          code: 'ACCOUNT_NOT_ENABLED',
          message: expect.stringContaining('external_account'),
        }),
      ],
    });
    const [order] = await queryDatabase(
      testApp,
      'select state, blocked_reason from payout_orders where seller_id = $1',
      [seller.rawId],
    );
    expect(order).toEqual({ state: 'BLOCKED', blocked_reason: 'ACCOUNT_NOT_ENABLED' });
  });

  it('records an account Stripe deleted DISCONNECTED when its transfer is refused, blocks its orders, and pays them to the account the seller connects next', async () => {
    // given an onboarded seller with two eligible orders, whose connected account is then deleted at Stripe
    const { seller, accountId } = await onboardedSeller(testApp);
    const orders = await releasedOrders(testApp, seller, 2);
    fundPlatform(testApp, 100_000);
    await expect(emulatorClient(emulatorOf(testApp)).accounts.del(accountId)).resolves.toMatchObject({
      deleted: true,
    });

    // when the seller withdraws
    const requested = await request(seller, 2 * net);
    await runPayoutJobs(testApp);

    // then Stripe refused the transfer, the payout failed, and the account is DISCONNECTED with the orders blocked on it
    expect('withdrawal' in requested).toBe(true);
    const payouts = await queryDatabase(
      testApp,
      'select state, failure_code, stripe_account_id from payouts where seller_id = $1',
      [seller.rawId],
    );
    expect(payouts).toEqual([
      { state: 'FAILED', failure_code: 'resource_missing', stripe_account_id: accountId },
    ]);
    const [account] = await queryDatabase(
      testApp,
      'select status, payouts_enabled, stripe_account_id from payout_accounts where seller_id = $1',
      [seller.rawId],
    );
    expect(account).toEqual({ status: 'DISCONNECTED', payouts_enabled: false, stripe_account_id: accountId });
    expect(Object.values(await payoutOrderStates(testApp, orders))).toEqual(['BLOCKED', 'BLOCKED']);
    // and a further withdrawal is refused, saying what to do, with the earnings whole
    expect(await request(seller, 2 * net)).toEqual({
      errors: [
        expect.objectContaining({
          code: 'ACCOUNT_NOT_ENABLED',
          message: expect.stringContaining('start payout onboarding again'),
        }),
      ],
    });
    expect(await sellerPayoutLedger(testApp.database, seller.rawId)).toEqual([
      { currency: 'EUR', earnings: 2 * net, inTransit: 0, transferred: 0, reversed: 0 },
    ]);

    // when the seller onboards again
    const newAccountId = await onboard(testApp, seller, 'complete');

    // then a new account took the deleted one's place, and the orders are paid to it, once
    expect(newAccountId).not.toBe(accountId);
    expect(Object.values(await payoutOrderStates(testApp, orders))).toEqual(['ELIGIBLE', 'ELIGIBLE']);
    expect('withdrawal' in (await request(seller, 2 * net))).toBe(true);
    await runPayoutJobs(testApp);
    expect((await transfersTo(testApp, newAccountId)).map((transfer) => transfer.amount)).toEqual([2 * net]);
    expect(Object.values(await payoutOrderStates(testApp, orders))).toEqual(['PAID', 'PAID']);
    await expectLedgerClean();
  });

  it('holds payouts of a seller AT_RISK and freezes a BANNED seller: no withdrawal, nothing swept', async () => {
    // given two sellers with eligible orders, one put AT_RISK and one BANNED by an admin override
    const risky = await onboardedSeller(testApp);
    const banned = await onboardedSeller(testApp);
    await releasedOrders(testApp, risky.seller, 2);
    await releasedOrders(testApp, banned.seller, 2);
    fundPlatform(testApp, 100_000);
    const meta = {
      requestId: 'test',
      address: '127.0.0.1',
      userAgent: null,
      expensiveOperations: new ExpensiveOperationBudget(1),
    };
    const expiresAt = new Date(Date.now() + 86_400_000);
    for (const [seller, tier] of [
      [risky.seller, 'AT_RISK'],
      [banned.seller, 'BANNED'],
    ] as const) {
      const result = await testApp.services.riskOverrides.overrideTier(
        adminId,
        { userId: seller.rawId, role: 'SELLER', tier, reason: 'payout enforcement test', expiresAt },
        meta,
      );
      expect('profile' in result).toBe(true);
    }

    // when they ask for withdrawals and the sweep runs
    const held = await request(risky.seller, net);
    const frozen = await request(banned.seller, net);
    await testApp.services.withdrawalExecution.sweep();
    await runPayoutJobs(testApp);

    // then neither is paid, each refusal says why, and the orders show the block
    expect(held).toEqual({ errors: [expect.objectContaining({ code: 'PAYOUTS_HELD' })] });
    expect(frozen).toEqual({ errors: [expect.objectContaining({ code: 'FUNDS_FROZEN' })] });
    expect(await transfersTo(testApp, risky.accountId)).toEqual([]);
    expect(await transfersTo(testApp, banned.accountId)).toEqual([]);
    const reasons = await queryDatabase(
      testApp,
      'select distinct seller_id, blocked_reason from payout_orders where seller_id = any($1::uuid[]) order by blocked_reason',
      [[risky.seller.rawId, banned.seller.rawId]],
    );
    expect(reasons).toEqual([
      { seller_id: risky.seller.rawId, blocked_reason: 'SELLER_AT_RISK' },
      { seller_id: banned.seller.rawId, blocked_reason: 'SELLER_BANNED' },
    ]);
  });

  it('lets 50 concurrent withdrawal requests of one seller open exactly one', async () => {
    // given a seller with plenty eligible
    const { seller } = await onboardedSeller(testApp);
    await releasedOrders(testApp, seller, 3);

    // when 50 requests with different keys race
    const answers = await Promise.all(Array.from({ length: 50 }, () => request(seller, net)));

    // then one is open and 49 are refused WITHDRAWAL_ALREADY_OPEN
    const opened = answers.filter((answer) => 'withdrawal' in answer);
    expect(opened).toHaveLength(1);
    expect(
      answers.filter((answer) => 'errors' in answer && answer.errors[0]!.code === 'WITHDRAWAL_ALREADY_OPEN'),
    ).toHaveLength(49);
    const [open] = await queryDatabase(
      testApp,
      `select count(*)::int as open from withdrawals where seller_id = $1 and state in ('REQUESTED', 'EXECUTING')`,
      [seller.rawId],
    );
    expect(open!['open']).toBe(1);
  });

  it('allocates each order once when a sweep races a withdrawal', async () => {
    // given a seller with eight eligible orders
    const { seller, accountId } = await onboardedSeller(testApp);
    const orders = await releasedOrders(testApp, seller, 8);
    fundPlatform(testApp, 100_000);

    // when a withdrawal of three orders and a sweep of the seller run at once
    const requested = await request(seller, 3 * net);
    expect('withdrawal' in requested).toBe(true);
    const withdrawalId = 'withdrawal' in requested ? requested.withdrawal.id : '';
    const [executed, swept] = await Promise.all([
      testApp.services.withdrawalExecution.executeWithdrawal(withdrawalId),
      testApp.services.withdrawalExecution.sweepSeller(seller.rawId, 'EUR'),
    ]);
    await runPayoutJobs(testApp);

    // then no order is in two payouts, and the transfers add up to the orders paid
    const allocations = await queryDatabase(
      testApp,
      `select order_id, payout_id from payout_orders where order_id = any($1::uuid[]) and payout_id is not null`,
      [orders],
    );
    const paidOrders = allocations.length;
    const transfers = await transfersTo(testApp, accountId);
    expect(transfers.reduce((total, transfer) => total + transfer.amount, 0)).toBe(paidOrders * net);
    expect(new Set(allocations.map((row) => row['order_id'])).size).toBe(paidOrders);
    expect([executed.outcome, swept.outcome]).toContain('INITIATED');
    await expectLedgerClean();
  });

  it('cannot let a dispute un-pay an order whose payout is in phase 2, nor make it payable twice', async () => {
    // given a payout whose transfer is slow at Stripe
    const { seller, accountId } = await onboardedSeller(testApp);
    const [orderId] = await releasedOrders(testApp, seller, 1);
    fundPlatform(testApp, 100_000);
    emulatorOf(testApp).injectFault({ method: 'POST', path: '/v1/transfers', kind: 'latency', ms: 400 });
    const requested = await request(seller, net);
    const withdrawalId = 'withdrawal' in requested ? requested.withdrawal.id : '';
    await testApp.services.withdrawalExecution.executeWithdrawal(withdrawalId);
    const [payout] = await queryDatabase(testApp, 'select id from payouts where withdrawal_id = $1', [
      withdrawalId,
    ]);

    // when the buyer opens a dispute on the order while the transfer is in flight
    const transferring = testApp.services.payouts.transfer(String(payout!['id']));
    const [order] = await queryDatabase(testApp, 'select buyer_id from orders where id = $1', [orderId]);
    const opened = await testApp.services.disputes.openDispute(String(order!['buyer_id']), {
      orderId: orderId!,
      reason: 'INVALID_CODE',
      message: 'The key does not work',
      attachmentIds: [],
    } as never);
    await transferring;

    // then the dispute is refused (the order was settled), the payout completes once
    expect(opened).toEqual({ errors: [expect.objectContaining({ code: 'ORDER_ALREADY_SETTLED' })] });
    expect(await payoutOrderStates(testApp, [orderId!])).toEqual({ [orderId!]: 'PAID' });
    expect(await transfersTo(testApp, accountId)).toHaveLength(1);
    await testApp.services.withdrawalExecution.sweep();
    expect(await payoutOrderStates(testApp, [orderId!])).toEqual({ [orderId!]: 'PAID' });
    await expectLedgerClean();
  });

  it('cancels a withdrawal before execution starts, and refuses to cancel one that started', async () => {
    // given two sellers with requested withdrawals
    const first = await onboardedSeller(testApp);
    const second = await onboardedSeller(testApp);
    await releasedOrders(testApp, first.seller, 1);
    await releasedOrders(testApp, second.seller, 1);
    fundPlatform(testApp, 100_000);
    const a = await request(first.seller, net);
    const b = await request(second.seller, net);
    const aId = 'withdrawal' in a ? a.withdrawal.id : '';
    const bId = 'withdrawal' in b ? b.withdrawal.id : '';

    // when the first is cancelled before its job runs, and the second after
    const cancelled = await testApp.services.withdrawals.cancelWithdrawal(first.seller.rawId, {
      withdrawalId: aId,
    });
    await testApp.services.withdrawalExecution.executeWithdrawal(bId);
    const late = await testApp.services.withdrawals.cancelWithdrawal(second.seller.rawId, {
      withdrawalId: bId,
    });
    const stranger = await testApp.services.withdrawals.cancelWithdrawal(second.seller.rawId, {
      withdrawalId: aId,
    });
    await runPayoutJobs(testApp);

    // then the first pays nothing, the second is paid, and cancelling it was refused
    expect('withdrawal' in cancelled && cancelled.withdrawal.state).toBe('CANCELLED');
    expect(late).toEqual({ errors: [expect.objectContaining({ code: 'WITHDRAWAL_NOT_CANCELLABLE' })] });
    expect(stranger).toEqual({ errors: [expect.objectContaining({ code: 'WITHDRAWAL_NOT_FOUND' })] });
    expect(await transfersTo(testApp, first.accountId)).toEqual([]);
    expect(await transfersTo(testApp, second.accountId)).toHaveLength(1);
  });

  it('replays a withdrawal request with the same key, and refuses the key with another amount', async () => {
    const { seller } = await onboardedSeller(testApp);
    await releasedOrders(testApp, seller, 2);
    const key = crypto.randomUUID();
    const first = await request(seller, net, key);
    const again = await request(seller, net, key);
    const other = await request(seller, 2 * net, key);
    expect(
      'withdrawal' in first &&
        'withdrawal' in again &&
        again.replayed &&
        again.withdrawal.id === first.withdrawal.id,
    ).toBe(true);
    expect(other).toEqual({ errors: [expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED' })] });
    const buyer = await newBuyer(testApp);
    expect(await testApp.services.withdrawals.quote(buyer.rawId, net, 'EUR')).toMatchObject({
      payableAmount: 0,
    });
  });
});

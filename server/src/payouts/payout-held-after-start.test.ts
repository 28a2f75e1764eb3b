import crypto from 'node:crypto';
import { verifyLedger, ledgerIsClean } from '../ledger/ledger.service';
import { sellerPayoutLedger } from '../ledger/ledger.queries';
import { commandLineMeta } from '../shared/request-meta';
import { newStaff } from '../../test/dispute-helpers';
import { queryDatabase, startTestApp, type TestApp } from '../../test/harness';
import type { Party } from '../../test/marketplace';
import { fundPlatform, onboardedSeller, releasedOrders, transfersTo } from '../../test/payout-helpers';
import { emulatorOf } from '../../test/wallet-helpers';

/** Price 1000 at a 5% fee: each order pays the seller 950. */
const net = 950;

/**
 * A crowd probe paid a banned and held seller: a payout that had passed phase 1 (orders allocated,
 * money in transit) while Stripe did not answer was sent as soon as Stripe came back, after the ban
 * and the admin's hold. A payout is now sent only while its seller is not held; when a hold came
 * after phase 1, the payout completes if Stripe had already made its transfer and fails otherwise.
 */
describe('a payout whose seller is held after it started', () => {
  let testApp: TestApp;
  let adminId: string;

  beforeAll(async () => {
    testApp = await startTestApp({
      PLATFORM_FEE_BASIS_POINTS: '500',
      PAYOUT_HOLD_HOURS: '0',
      PAYOUT_MIN_WITHDRAWAL_AMOUNT: '500',
      // One attempt per transfer call: an unknown outcome stays PENDING for the next run.
      STRIPE_MAX_NETWORK_RETRIES: '0',
    });
    adminId = (await newStaff(testApp, ['ADMIN'])).rawId;
  });
  afterAll(async () => {
    await testApp.close();
  });

  /** A seller with two eligible orders, and a payout of both past phase 1 (no transfer attempted yet). */
  async function startedPayout() {
    const { seller, accountId } = await onboardedSeller(testApp);
    await releasedOrders(testApp, seller, 2);
    fundPlatform(testApp, 100_000);
    const requested = await testApp.services.withdrawals.requestWithdrawal(seller.rawId, {
      amount: 2 * net,
      currency: 'EUR',
      idempotencyKey: crypto.randomUUID(),
    });
    if (!('withdrawal' in requested)) throw new Error(`refused: ${JSON.stringify(requested.errors)}`);
    const withdrawalId = requested.withdrawal.id;
    const executed = await testApp.services.withdrawalExecution.executeWithdrawal(withdrawalId);
    if (executed.outcome !== 'INITIATED') throw new Error(`not initiated: ${JSON.stringify(executed)}`);
    return { seller, accountId, withdrawalId, payoutId: executed.payout.id };
  }

  async function ban(seller: Party): Promise<void> {
    const result = await testApp.services.riskOverrides.overrideTier(
      adminId,
      {
        userId: seller.rawId,
        role: 'SELLER',
        tier: 'BANNED',
        reason: 'fraud found after the payout started',
        expiresAt: new Date(Date.now() + 86_400_000),
      },
      commandLineMeta('test'),
    );
    expect('profile' in result).toBe(true);
  }

  async function payoutRow(payoutId: string) {
    const [row] = await queryDatabase(
      testApp,
      'select state, failure_code, transfer_attempts, sending_until from payouts where id = $1',
      [payoutId],
    );
    return row!;
  }

  /** As time would: the lease of the payout's last send is over, so no send of it is in flight. */
  async function endSendingLease(payoutId: string): Promise<void> {
    await queryDatabase(
      testApp,
      `update payouts set sending_until = now() - interval '1 second' where id = $1`,
      [payoutId],
    );
  }

  async function expectMoneyBackInEarnings(seller: Party): Promise<void> {
    expect(await sellerPayoutLedger(testApp.database, seller.rawId)).toEqual([
      { currency: 'EUR', earnings: 2 * net, inTransit: 0, transferred: 0, reversed: 0 },
    ]);
    expect(ledgerIsClean(await verifyLedger(testApp.database))).toBe(true);
  }

  it('an admin hold set before the first attempt: the payout fails, nothing is sent, the orders and money are back and blocked', async () => {
    // given a payout past phase 1
    const { seller, accountId, withdrawalId, payoutId } = await startedPayout();

    // when an admin holds the seller's payouts, and then the transfer job runs
    const hold = await testApp.services.payoutEligibility.setHold(
      { userId: adminId },
      { sellerId: seller.rawId, reason: 'chargebacks under review' },
    );
    expect('hold' in hold).toBe(true);
    const outcome = await testApp.services.payouts.transfer(payoutId);

    // then nothing went to Stripe, and the payout failed with the hold's reason
    expect(outcome).toEqual({ outcome: 'FAILED', code: 'ADMIN_HOLD' });
    expect(await transfersTo(testApp, accountId)).toEqual([]);
    expect(await payoutRow(payoutId)).toMatchObject({ state: 'FAILED', failure_code: 'ADMIN_HOLD' });
    // and the orders are back in the seller's earnings, blocked by the hold
    const orders = await queryDatabase(
      testApp,
      'select state, blocked_reason, payout_id from payout_orders where seller_id = $1',
      [seller.rawId],
    );
    expect(orders).toEqual([
      { state: 'BLOCKED', blocked_reason: 'ADMIN_HOLD', payout_id: null },
      { state: 'BLOCKED', blocked_reason: 'ADMIN_HOLD', payout_id: null },
    ]);
    await expectMoneyBackInEarnings(seller);
    // and the withdrawal says why, in the seller's words
    const [withdrawal] = await queryDatabase(
      testApp,
      'select state, failure_code, failure_message from withdrawals where id = $1',
      [withdrawalId],
    );
    expect(withdrawal).toEqual({
      state: 'FAILED',
      failure_code: 'ADMIN_HOLD',
      failure_message: expect.stringMatching(/^This payout was not sent: CodeSale holds your payouts/),
    });
  });

  it('a ban after an attempt Stripe never received: the next run sends nothing and the payout fails', async () => {
    // given a payout whose first transfer call failed before Stripe applied it (outcome unknown to us)
    const { seller, accountId, payoutId } = await startedPayout();
    emulatorOf(testApp).injectFault({ method: 'POST', path: '/v1/transfers', kind: 'error_before_apply' }, 5);
    await expect(testApp.services.payouts.transfer(payoutId)).rejects.toThrow();
    expect(await payoutRow(payoutId)).toMatchObject({ state: 'PENDING', transfer_attempts: 1 });

    // when the seller is banned and Stripe answers again: while the attempt's sending lease runs
    // (its transfer could still be made), recovery leaves the payout as it is
    await ban(seller);
    emulatorOf(testApp).clearFaults();
    expect(await testApp.services.payouts.transfer(payoutId)).toEqual({ outcome: 'IN_FLIGHT' });
    expect(await payoutRow(payoutId)).toMatchObject({ state: 'PENDING', transfer_attempts: 1 });
    // and once the lease is over (as time would end it), recovery re-drives it
    await endSendingLease(payoutId);
    const recovered = await testApp.services.payouts.recoverStuck(0);

    // then Stripe was asked what it had (nothing), no transfer was made, and the payout failed
    expect(recovered).toEqual({ paid: 0, failed: 1, unknown: 0 });
    expect(await transfersTo(testApp, accountId)).toEqual([]);
    expect(await payoutRow(payoutId)).toMatchObject({
      state: 'FAILED',
      failure_code: 'SELLER_BANNED',
      transfer_attempts: 1,
    });
    await expectMoneyBackInEarnings(seller);
  });

  it('a ban after an attempt Stripe applied but whose answer was lost: the transfer made is recorded, no second one', async () => {
    // given a payout whose transfer Stripe made, its answer lost
    const { seller, accountId, payoutId } = await startedPayout();
    emulatorOf(testApp).injectFault({ method: 'POST', path: '/v1/transfers', kind: 'response_lost' }, 5);
    await expect(testApp.services.payouts.transfer(payoutId)).rejects.toThrow();
    expect(await transfersTo(testApp, accountId)).toHaveLength(1);

    // when the seller is banned and the payout is re-driven after the attempt's lease
    await ban(seller);
    emulatorOf(testApp).clearFaults();
    await endSendingLease(payoutId);
    const outcome = await testApp.services.payouts.transfer(payoutId);

    // then the money had left before the ban: the payout is PAID by that one transfer
    const transfers = await transfersTo(testApp, accountId);
    expect(transfers).toHaveLength(1);
    expect(outcome).toEqual({ outcome: 'PAID', transferId: transfers[0]!.id });
    expect(await sellerPayoutLedger(testApp.database, seller.rawId)).toEqual([
      { currency: 'EUR', earnings: 0, inTransit: 0, transferred: 2 * net, reversed: 0 },
    ]);
    expect(ledgerIsClean(await verifyLedger(testApp.database))).toBe(true);
  });

  it('a hold that comes while a send waits for Stripe: the held run leaves the payout to that send, which records its transfer', async () => {
    // given a payout whose transfer call Stripe answers slowly
    const { seller, accountId, payoutId } = await startedPayout();
    emulatorOf(testApp).injectFault({ method: 'POST', path: '/v1/transfers', kind: 'latency', ms: 1_000 });

    // when a run sends the transfer, and the seller is held while it waits, and recovery comes
    const first = testApp.services.payouts.transfer(payoutId);
    while ((await payoutRow(payoutId))['sending_until'] === null) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await ban(seller);
    const second = await testApp.services.payouts.transfer(payoutId);

    // then the held run neither sends nor fails the payout (the send in flight may be making its
    // transfer), and the first run records the one transfer Stripe made
    expect(second).toEqual({ outcome: 'IN_FLIGHT' });
    const paid = await first;
    const transfers = await transfersTo(testApp, accountId);
    expect(transfers).toHaveLength(1);
    expect(paid).toEqual({ outcome: 'PAID', transferId: transfers[0]!.id });
    expect(await payoutRow(payoutId)).toMatchObject({ state: 'PAID', transfer_attempts: 1 });
    expect(ledgerIsClean(await verifyLedger(testApp.database))).toBe(true);
    emulatorOf(testApp).clearFaults();
  });
});

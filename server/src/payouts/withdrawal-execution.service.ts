import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/pool';
import { withTransaction, type Tx } from '../db/transaction';
import { maxPostingAmount } from '../domain/money';
import { nextPayoutAttemptAt, selectFifoOrders } from '../domain/payout-rules';
import type { PostgresPubSub } from '../events/pubsub';
import { publishPayoutChange } from './payout-events';
import { sellerBlockReason, type PayoutEligibilityService } from './payout-eligibility.service';
import { lockSellerPayouts } from './payout-locks';
import type { PayoutRow, PayoutService } from './payout.service';
import { payoutOrders, payouts, withdrawals } from './payouts.tables';
import { maxOrdersPerPayout, type WithdrawalRow } from './withdrawal-domain.service';

export interface SweepSettings {
  sweepMinimumAmount: number;
  retryBaseDelaySeconds: number;
  retryMaxDelaySeconds: number;
}

export type ExecutionOutcome =
  | { outcome: 'INITIATED'; payout: PayoutRow }
  | { outcome: 'FAILED'; code: string }
  | { outcome: 'SKIPPED'; reason: string };

/**
 * WithdrawalExecutionService maps money requests onto orders and hands them to PayoutService:
 * a seller's withdrawal (`executeWithdrawal`, the job its request enqueued) and the automated
 * sweep (`sweep`, scheduled) both take the seller's ELIGIBLE orders oldest release first (FIFO),
 * whole orders only, under the seller's payout lock, and converge on PayoutService.initiate. The
 * lock and the row locks on the orders mean a sweep racing a withdrawal allocates each order once.
 */
export class WithdrawalExecutionService {
  constructor(
    private readonly database: Database,
    private readonly eligibility: PayoutEligibilityService,
    private readonly payouts: PayoutService,
    private readonly pubsub: PostgresPubSub,
    private readonly settings: SweepSettings,
  ) {}

  /** Executes a REQUESTED withdrawal: exactly the payable amount the seller was quoted, or a typed failure. */
  async executeWithdrawal(withdrawalId: string): Promise<ExecutionOutcome> {
    const [request] = await this.database
      .select({ sellerId: withdrawals.sellerId, currency: withdrawals.currency })
      .from(withdrawals)
      .where(eq(withdrawals.id, withdrawalId));
    if (!request) return { outcome: 'SKIPPED', reason: 'no such withdrawal' };
    return withTransaction(this.database, async (tx) => {
      await lockSellerPayouts(tx, request.sellerId, request.currency);
      const [withdrawal] = await tx
        .select()
        .from(withdrawals)
        .where(eq(withdrawals.id, withdrawalId))
        .for('update');
      if (!withdrawal || withdrawal.state !== 'REQUESTED') {
        return { outcome: 'SKIPPED', reason: `withdrawal is ${withdrawal?.state ?? 'gone'}` };
      }
      await this.eligibility.refreshSellers(tx, [withdrawal.sellerId]);
      const gate = await this.eligibility.gate(tx, withdrawal.sellerId);
      const blocked = sellerBlockReason(gate);
      if (blocked) return this.failWithdrawal(tx, withdrawal, blocked, `Payouts are blocked: ${blocked}.`);
      const orders = await this.eligibility.lockEligibleOrders(
        tx,
        withdrawal.sellerId,
        withdrawal.currency,
        maxOrdersPerPayout,
      );
      const selection = selectFifoOrders(orders, withdrawal.requestedAmount);
      if (selection.total !== withdrawal.payableAmount) {
        return this.failWithdrawal(
          tx,
          withdrawal,
          'ELIGIBILITY_CHANGED',
          `The eligible orders changed since the request: ${selection.total} is payable now instead of ${withdrawal.payableAmount}. Request again.`,
        );
      }
      const chosen = new Set(selection.orderIds);
      const payout = await this.payouts.initiate(tx, {
        sellerId: withdrawal.sellerId,
        currency: withdrawal.currency,
        stripeAccountId: gate.account!.stripeAccountId,
        orders: orders.filter((order) => chosen.has(order.orderId)),
        source: 'WITHDRAWAL',
        withdrawalId: withdrawal.id,
      });
      await tx
        .update(withdrawals)
        .set({ state: 'EXECUTING', updatedAt: new Date() })
        .where(eq(withdrawals.id, withdrawal.id));
      return { outcome: 'INITIATED', payout };
    });
  }

  /**
   * The automated payout: every seller whose ELIGIBLE orders in a currency reach the sweep
   * minimum, who has no open withdrawal in it and is not backing off after a refused payout, is
   * paid those orders (FIFO, whole orders, up to the largest posting) through the same path.
   */
  async sweep(now = new Date()): Promise<{ initiated: number; amount: number; skipped: number }> {
    await this.eligibility.refreshAll();
    const candidates = await this.database
      .select({
        sellerId: payoutOrders.sellerId,
        currency: payoutOrders.currency,
        amount: sql<string>`sum(${payoutOrders.netAmount})`,
      })
      .from(payoutOrders)
      .where(eq(payoutOrders.state, 'ELIGIBLE'))
      .groupBy(payoutOrders.sellerId, payoutOrders.currency)
      .having(gte(sql`sum(${payoutOrders.netAmount})`, this.settings.sweepMinimumAmount));
    const result = { initiated: 0, amount: 0, skipped: 0 };
    for (const candidate of candidates) {
      const outcome = await this.sweepSeller(candidate.sellerId, candidate.currency, now);
      if (outcome.outcome === 'INITIATED') {
        result.initiated++;
        result.amount += outcome.payout.amount;
      } else {
        result.skipped++;
      }
    }
    return result;
  }

  /** One seller's sweep in one currency, in one transaction under the seller's payout lock. */
  async sweepSeller(sellerId: string, currency: string, now = new Date()): Promise<ExecutionOutcome> {
    return withTransaction(this.database, async (tx) => {
      await lockSellerPayouts(tx, sellerId, currency);
      const [open] = await tx
        .select({ id: withdrawals.id })
        .from(withdrawals)
        .where(
          and(
            eq(withdrawals.sellerId, sellerId),
            eq(withdrawals.currency, currency),
            inArray(withdrawals.state, ['REQUESTED', 'EXECUTING']),
          ),
        );
      if (open) return { outcome: 'SKIPPED', reason: 'an open withdrawal will pay these orders' };
      const retryAt = await this.retryAt(tx, sellerId, currency);
      if (retryAt && retryAt > now)
        return { outcome: 'SKIPPED', reason: `backing off until ${retryAt.toISOString()}` };
      await this.eligibility.refreshSellers(tx, [sellerId], now);
      const gate = await this.eligibility.gate(tx, sellerId);
      const blocked = sellerBlockReason(gate);
      if (blocked) return { outcome: 'SKIPPED', reason: blocked };
      const orders = await this.eligibility.lockEligibleOrders(tx, sellerId, currency, maxOrdersPerPayout);
      const selection = selectFifoOrders(orders, maxPostingAmount);
      if (selection.total < this.settings.sweepMinimumAmount)
        return { outcome: 'SKIPPED', reason: 'below the sweep minimum' };
      const chosen = new Set(selection.orderIds);
      const payout = await this.payouts.initiate(tx, {
        sellerId,
        currency,
        stripeAccountId: gate.account!.stripeAccountId,
        orders: orders.filter((order) => chosen.has(order.orderId)),
        source: 'SWEEP',
        withdrawalId: null,
      });
      return { outcome: 'INITIATED', payout };
    });
  }

  /** After refused payouts in a row, when the seller's next automated attempt may run; null when none failed last. */
  private async retryAt(tx: Tx, sellerId: string, currency: string): Promise<Date | null> {
    const recent = await tx
      .select({ state: payouts.state, failedAt: payouts.failedAt })
      .from(payouts)
      .where(and(eq(payouts.sellerId, sellerId), eq(payouts.currency, currency)))
      .orderBy(desc(payouts.createdAt))
      .limit(20);
    let failures = 0;
    for (const payout of recent) {
      if (payout.state !== 'FAILED') break;
      failures++;
    }
    if (failures === 0) return null;
    return nextPayoutAttemptAt(recent[0]!.failedAt!, failures, {
      baseDelaySeconds: this.settings.retryBaseDelaySeconds,
      maxDelaySeconds: this.settings.retryMaxDelaySeconds,
    });
  }

  private async failWithdrawal(
    tx: Tx,
    withdrawal: WithdrawalRow,
    code: string,
    message: string,
  ): Promise<ExecutionOutcome> {
    await tx
      .update(withdrawals)
      .set({
        state: 'FAILED',
        failureCode: code,
        failureMessage: message.slice(0, 500),
        updatedAt: new Date(),
      })
      .where(eq(withdrawals.id, withdrawal.id));
    await publishPayoutChange(this.pubsub, tx, {
      kind: 'WITHDRAWAL_FAILED',
      sellerId: withdrawal.sellerId,
      payoutId: null,
      withdrawalId: withdrawal.id,
      state: 'FAILED',
      amount: withdrawal.payableAmount,
      currency: withdrawal.currency,
      failureCode: code,
    });
    return { outcome: 'FAILED', code };
  }
}

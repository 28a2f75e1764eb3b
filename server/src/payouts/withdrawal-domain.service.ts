import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/pool';
import { postgresConstraint, withTransaction, type Tx } from '../db/transaction';
import { describeMoney, isCurrency, isValidAmount, maxPostingAmount } from '../domain/money';
import { PayoutBlockReason } from '../domain/payout-eligibility';
import { missingRequirements, selectFifoOrders, type PayableOrder } from '../domain/payout-rules';
import type { PostgresPubSub } from '../events/pubsub';
import type { JobQueue } from '../jobs/queue';
import { assert } from '../shared/assert';
import { canonicalHash } from '../shared/canonical-json';
import { isValidIdempotencyKey } from '../shared/idempotency';
import { catchRefusal, refuse, type Refusable } from '../shared/user-error';
import { publishPayoutChange } from './payout-events';
import { sellerBlockReason, type PayoutEligibilityService } from './payout-eligibility.service';
import { lockSellerHolds, lockSellerPayouts } from './payout-locks';
import { payoutAccounts, withdrawals } from './payouts.tables';

export type WithdrawalRow = typeof withdrawals.$inferSelect;

/** The job that executes one requested withdrawal (WithdrawalExecutionService). */
export const executeWithdrawalTask = 'payouts.execute_withdrawal';

/** One payout takes at most this many orders; a seller with more is paid in several. */
export const maxOrdersPerPayout = 5_000;

export enum RequestWithdrawalErrorCode {
  INVALID_AMOUNT = 'INVALID_AMOUNT',
  UNSUPPORTED_CURRENCY = 'UNSUPPORTED_CURRENCY',
  INVALID_IDEMPOTENCY_KEY = 'INVALID_IDEMPOTENCY_KEY',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  BELOW_MINIMUM = 'BELOW_MINIMUM',
  ACCOUNT_NOT_ENABLED = 'ACCOUNT_NOT_ENABLED',
  PAYOUTS_HELD = 'PAYOUTS_HELD',
  FUNDS_FROZEN = 'FUNDS_FROZEN',
  WITHDRAWAL_ALREADY_OPEN = 'WITHDRAWAL_ALREADY_OPEN',
  INSUFFICIENT_AVAILABLE = 'INSUFFICIENT_AVAILABLE',
  NO_WHOLE_ORDER_FITS = 'NO_WHOLE_ORDER_FITS',
}

export enum CancelWithdrawalErrorCode {
  WITHDRAWAL_NOT_FOUND = 'WITHDRAWAL_NOT_FOUND',
  WITHDRAWAL_NOT_CANCELLABLE = 'WITHDRAWAL_NOT_CANCELLABLE',
}

export interface WithdrawalQuote {
  currency: string;
  requestedAmount: number;
  /** The whole eligible orders, oldest first, that fit in the requested amount: what a request would pay. */
  payableAmount: number;
  orderCount: number;
  /** Everything eligible now in this currency. */
  availableAmount: number;
  minimumAmount: number;
  /** What a request of this amount would be refused for now, by its amount alone; null when it fits. */
  refusal: { code: RequestWithdrawalErrorCode; message: string } | null;
}

/**
 * WithdrawalDomainService takes sellers' withdrawal requests. A request is checked under the
 * seller's payout lock against the facts as they are now (the eligibility gate, the minimum, the
 * available eligible amount, one open withdrawal per seller and currency), records the exact
 * payable amount the seller was quoted, and enqueues its execution in the same transaction. It
 * moves no money: WithdrawalExecutionService and PayoutService do.
 */
export class WithdrawalDomainService {
  constructor(
    private readonly database: Database,
    private readonly eligibility: PayoutEligibilityService,
    private readonly pubsub: PostgresPubSub,
    private readonly jobs: JobQueue,
    private readonly settings: { minimumWithdrawalAmount: number },
  ) {}

  /** What requesting `amount` would pay now, before the seller confirms. Null when the input is invalid. */
  async quote(sellerId: string, amount: number, currency: string): Promise<WithdrawalQuote | null> {
    if (!isValidAmount(amount) || !isCurrency(currency)) return null;
    const orders = await this.eligibility.eligibleOrders(
      this.database,
      sellerId,
      currency,
      maxOrdersPerPayout,
    );
    const selection = selectFifoOrders(orders, amount);
    const refusal = amountRefusal(amount, currency, this.settings.minimumWithdrawalAmount, orders);
    return {
      currency,
      requestedAmount: amount,
      payableAmount: selection.total,
      orderCount: selection.orderIds.length,
      availableAmount: orders.reduce((total, order) => total + order.netAmount, 0),
      minimumAmount: this.settings.minimumWithdrawalAmount,
      refusal,
    };
  }

  async requestWithdrawal(
    sellerId: string,
    input: { amount: number; currency: string; idempotencyKey: string },
  ): Promise<Refusable<{ withdrawal: WithdrawalRow; replayed: boolean }, RequestWithdrawalErrorCode>> {
    return catchRefusal(async () => {
      if (!isValidAmount(input.amount))
        refuse(
          RequestWithdrawalErrorCode.INVALID_AMOUNT,
          `The amount is a whole number of minor units from 1 to ${maxPostingAmount}.`,
          'amount',
        );
      if (!isCurrency(input.currency))
        refuse(
          RequestWithdrawalErrorCode.UNSUPPORTED_CURRENCY,
          'Withdrawals are in EUR, USD or GBP.',
          'currency',
        );
      if (!isValidIdempotencyKey(input.idempotencyKey)) {
        refuse(
          RequestWithdrawalErrorCode.INVALID_IDEMPOTENCY_KEY,
          'The idempotency key is 1 to 100 letters, digits, ".", "_", ":" or "-".',
          'idempotencyKey',
        );
      }
      const requestHash = canonicalHash({ amount: input.amount, currency: input.currency });
      try {
        return await withTransaction(this.database, (tx) => this.request(tx, sellerId, input, requestHash));
      } catch (error) {
        // The database's last word on one open withdrawal (the lock makes this a second line).
        if (postgresConstraint(error) === 'withdrawals_one_open') openAlready(input.currency);
        throw error;
      }
    });
  }

  private async request(
    tx: Tx,
    sellerId: string,
    input: { amount: number; currency: string; idempotencyKey: string },
    requestHash: Buffer,
  ): Promise<{ withdrawal: WithdrawalRow; replayed: boolean }> {
    await lockSellerPayouts(tx, sellerId, input.currency);
    await lockSellerHolds(tx, sellerId);
    const [previous] = await tx
      .select()
      .from(withdrawals)
      .where(and(eq(withdrawals.sellerId, sellerId), eq(withdrawals.idempotencyKey, input.idempotencyKey)));
    if (previous) {
      if (!previous.requestHash.equals(requestHash)) {
        refuse(
          RequestWithdrawalErrorCode.IDEMPOTENCY_KEY_REUSED,
          'This idempotency key was used for another withdrawal request.',
          'idempotencyKey',
        );
      }
      return { withdrawal: previous, replayed: true };
    }
    // A release of a moment ago counts at once, not after the eligibility job's next pass.
    await this.eligibility.trackSellerReleases(tx, sellerId);
    await this.eligibility.refreshSellers(tx, [sellerId]);
    const reason = sellerBlockReason(await this.eligibility.gate(tx, sellerId));
    if (reason) await this.refuseBlocked(tx, sellerId, reason);
    const [open] = await tx
      .select({ id: withdrawals.id })
      .from(withdrawals)
      .where(
        and(
          eq(withdrawals.sellerId, sellerId),
          eq(withdrawals.currency, input.currency),
          inArray(withdrawals.state, ['REQUESTED', 'EXECUTING']),
        ),
      );
    if (open) openAlready(input.currency);
    const orders = await this.eligibility.eligibleOrders(tx, sellerId, input.currency, maxOrdersPerPayout);
    const refusal = amountRefusal(
      input.amount,
      input.currency,
      this.settings.minimumWithdrawalAmount,
      orders,
    );
    if (refusal) refuse(refusal.code, refusal.message, 'amount');
    const selection = selectFifoOrders(orders, input.amount);
    const [withdrawal] = await tx
      .insert(withdrawals)
      .values({
        id: crypto.randomUUID(),
        sellerId,
        currency: input.currency,
        requestedAmount: input.amount,
        payableAmount: selection.total,
        orderCount: selection.orderIds.length,
        idempotencyKey: input.idempotencyKey,
        requestHash,
      })
      .returning();
    assert(withdrawal, 'withdrawal insert returned no row');
    await this.jobs.enqueue(
      tx,
      executeWithdrawalTask,
      { withdrawalId: withdrawal.id },
      { jobKey: `withdrawal:${withdrawal.id}` },
    );
    await publishPayoutChange(this.pubsub, tx, {
      kind: 'WITHDRAWAL_REQUESTED',
      sellerId,
      payoutId: null,
      withdrawalId: withdrawal.id,
      state: 'REQUESTED',
      amount: withdrawal.payableAmount,
      currency: withdrawal.currency,
      failureCode: null,
    });
    return { withdrawal, replayed: false };
  }

  private async refuseBlocked(tx: Tx, sellerId: string, reason: PayoutBlockReason): Promise<never> {
    if (reason === PayoutBlockReason.SELLER_BANNED) {
      refuse(RequestWithdrawalErrorCode.FUNDS_FROZEN, 'This account is banned: its funds are frozen.');
    }
    if (reason === PayoutBlockReason.ADMIN_HOLD) {
      refuse(
        RequestWithdrawalErrorCode.PAYOUTS_HELD,
        'Payouts are on hold for this account while CodeSale reviews it; your earnings stay yours and are paid once the hold is lifted.',
      );
    }
    if (reason === PayoutBlockReason.SELLER_AT_RISK) {
      refuse(
        RequestWithdrawalErrorCode.PAYOUTS_HELD,
        "Payouts are held while this account's risk tier is AT_RISK or above.",
      );
    }
    const [account] = await tx.select().from(payoutAccounts).where(eq(payoutAccounts.sellerId, sellerId));
    if (!account) {
      refuse(
        RequestWithdrawalErrorCode.ACCOUNT_NOT_ENABLED,
        'Set up payouts first: start payout onboarding.',
      );
    }
    if (account.status === 'DISCONNECTED') {
      refuse(
        RequestWithdrawalErrorCode.ACCOUNT_NOT_ENABLED,
        'Stripe no longer knows your payout account: start payout onboarding again to connect a new one.',
      );
    }
    const missing = missingRequirements(account);
    const verifying =
      account.pendingVerification.length > 0
        ? `: Stripe is verifying ${account.pendingVerification.join(', ')}`
        : '';
    refuse(
      RequestWithdrawalErrorCode.ACCOUNT_NOT_ENABLED,
      missing.length > 0
        ? `Your payout account (${account.status}) still needs: ${missing.join(', ')}.`
        : `Your payout account is ${account.status}${verifying}.`,
    );
  }

  async cancelWithdrawal(
    sellerId: string,
    input: { withdrawalId: string | null },
  ): Promise<Refusable<{ withdrawal: WithdrawalRow }, CancelWithdrawalErrorCode>> {
    return catchRefusal(() =>
      withTransaction(this.database, async (tx) => {
        // Execution locks the same row: a cancellation and an execution are ordered, never both.
        const [withdrawal] = input.withdrawalId
          ? await tx.select().from(withdrawals).where(eq(withdrawals.id, input.withdrawalId)).for('update')
          : [];
        if (!withdrawal || withdrawal.sellerId !== sellerId)
          refuse(CancelWithdrawalErrorCode.WITHDRAWAL_NOT_FOUND, 'No such withdrawal.', 'withdrawalId');
        if (withdrawal.state !== 'REQUESTED') {
          refuse(
            CancelWithdrawalErrorCode.WITHDRAWAL_NOT_CANCELLABLE,
            `This withdrawal is ${withdrawal.state}; only a withdrawal whose execution has not started can be cancelled.`,
            'withdrawalId',
          );
        }
        const [cancelled] = await tx
          .update(withdrawals)
          .set({ state: 'CANCELLED', updatedAt: new Date() })
          .where(eq(withdrawals.id, withdrawal.id))
          .returning();
        await publishPayoutChange(this.pubsub, tx, {
          kind: 'WITHDRAWAL_CANCELLED',
          sellerId,
          payoutId: null,
          withdrawalId: withdrawal.id,
          state: 'CANCELLED',
          amount: withdrawal.payableAmount,
          currency: withdrawal.currency,
          failureCode: null,
        });
        return { withdrawal: cancelled! };
      }),
    );
  }
}

function openAlready(currency: string): never {
  refuse(
    RequestWithdrawalErrorCode.WITHDRAWAL_ALREADY_OPEN,
    `You already have an open ${currency} withdrawal; wait for it or cancel it.`,
  );
}

/**
 * Why a withdrawal of `amount` would be refused by its amount alone (the quote says it before the
 * seller asks, and the request refuses with it), or null: below the minimum, more than is available,
 * no whole order fitting, or whole orders that pay less than the minimum.
 */
function amountRefusal(
  amount: number,
  currency: string,
  minimum: number,
  orders: readonly PayableOrder[],
): { code: RequestWithdrawalErrorCode; message: string } | null {
  const money = (value: number) => describeMoney(value, currency);
  // The smallest request that pays at least the minimum: whole orders, oldest first.
  let cumulative = 0;
  const workingAmount = orders
    .map((order) => (cumulative += order.netAmount))
    .find((total) => total >= minimum);
  const askInstead = workingAmount === undefined ? '' : `: ask for at least ${money(workingAmount)}`;
  if (amount < minimum) {
    return {
      code: RequestWithdrawalErrorCode.BELOW_MINIMUM,
      message: `The smallest withdrawal is ${money(minimum)}.`,
    };
  }
  const available = orders.reduce((total, order) => total + order.netAmount, 0);
  if (amount > available) {
    return {
      code: RequestWithdrawalErrorCode.INSUFFICIENT_AVAILABLE,
      message:
        available < minimum
          ? `Only ${money(available)} is available for withdrawal, below the smallest withdrawal of ${money(minimum)}: it stays in your earnings until more sales reach that.`
          : `Only ${money(available)} is available for withdrawal: ask for at most that.`,
    };
  }
  const selection = selectFifoOrders(orders, amount);
  if (selection.total === 0) {
    return {
      code: RequestWithdrawalErrorCode.NO_WHOLE_ORDER_FITS,
      message: `Withdrawals pay whole orders, oldest first, and the oldest eligible order alone is ${money(orders[0]!.netAmount)}${askInstead}.`,
    };
  }
  if (selection.total < minimum) {
    return {
      code: RequestWithdrawalErrorCode.BELOW_MINIMUM,
      message: `The whole orders that fit in ${money(amount)} pay ${money(selection.total)}, below the smallest withdrawal of ${money(minimum)}${askInstead}.`,
    };
  }
  return null;
}

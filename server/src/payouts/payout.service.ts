import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../db/pool';
import { afterCommit, withTransaction, type Tx } from '../db/transaction';
import type { PayoutBlockReason } from '../domain/payout-eligibility';
import { sellerPayoutFailure } from '../domain/payout-rules';
import {
  payoutFailedPosting,
  payoutInitiatedPosting,
  payoutReversedPosting,
  payoutTransferredPosting,
} from '../domain/posting-rules';
import type { PostgresPubSub } from '../events/pubsub';
import type { JobQueue } from '../jobs/queue';
import type { LedgerService } from '../ledger/ledger.service';
import { assert } from '../shared/assert';
import {
  StripeTransferRefusedError,
  StripeUnavailableError,
  type StripeGateway,
} from '../stripe/stripe.gateway';
import { parseTransfer, type StripeTransfer } from '../stripe/stripe.types';
import type { StripeEventHandler } from '../wallet/stripe-events.service';
import { publishPayoutChange } from './payout-events';
import { sellerHoldReason, type PayoutEligibilityService } from './payout-eligibility.service';
import { payoutOrders, payouts, withdrawals } from './payouts.tables';

export type PayoutRow = typeof payouts.$inferSelect;

/** What a payout stopped by a hold records as its (admin-facing) failure message. */
function heldReasonMessage(reason: PayoutBlockReason): string {
  return `Not sent: the seller's payouts are held (${reason}) since the payout started, and Stripe had made no transfer for it.`;
}

/** The job that runs phases 2 and 3 of one payout. */
export const transferPayoutTask = 'payouts.transfer';

/**
 * Stripe keeps an idempotency key for 24 hours. A payout older than this is re-driven by first
 * looking its transfer up by transfer group and metadata, not by the key alone.
 */
const idempotencyKeyTrustedForMs = 23 * 3_600_000;

/** The moments of a payout's life a test may stop the process at (PayoutService's `onPhase`). */
export type PayoutPhasePoint =
  'PHASE_1_COMMITTED' | 'TRANSFER_SENDING' | 'TRANSFER_ANSWERED' | 'PHASE_3_BEFORE_COMMIT';

export interface PayoutServiceOptions {
  /** Observes each phase boundary (crash tests kill the process here; metrics could count). */
  onPhase?: (point: PayoutPhasePoint, payoutId: string) => void | Promise<void>;
  /**
   * Stripe refused a transfer because it does not know its destination (`resource_missing`), after
   * the payout failed: PayoutAccountService.confirmAccountMissing checks and records the account.
   */
  onDestinationMissing?: (stripeAccountId: string) => Promise<unknown>;
  /**
   * How long after a send starts its transfer may still be made (its sending lease): longer than a
   * call can take, its retries included (services.ts derives it from the Stripe settings).
   */
  sendingLeaseMs?: number;
}

/** Without the Stripe settings: 20 s timeout, three attempts, and a margin. */
const defaultSendingLeaseMs = 90_000;

export type TransferOutcome =
  | { outcome: 'PAID'; transferId: string }
  | { outcome: 'FAILED'; code: string }
  | { outcome: 'NOT_PENDING' }
  /** The seller is held, and an earlier send may still be getting its answer: recovery comes back after its lease. */
  | { outcome: 'IN_FLIGHT' };

/**
 * PayoutService: the only code that moves money to sellers through Stripe, in three phases.
 *
 * 1. `initiate(tx, ...)`, inside the caller's transaction (WithdrawalExecutionService, under the
 *    seller's payout lock): the payout row, its orders ELIGIBLE → ALLOCATED, the ledger
 *    SELLER_EARNINGS → PAYOUTS_IN_TRANSIT, the event, and the transfer job. All or nothing.
 * 2. `transfer(payoutId)`, outside any transaction: Stripe `transfers.create` to the seller's
 *    connected account with the payout id as idempotency key, transfer group and metadata. A retry
 *    (the job's, or recovery's) sends the same key, so Stripe answers with the same transfer.
 * 3. `complete(...)`, one transaction: the transfer id recorded, payout and orders PAID, the ledger
 *    PAYOUTS_IN_TRANSIT → STRIPE_CLEARING, the withdrawal COMPLETED.
 *
 * A definitive refusal by Stripe (insufficient platform balance, account restricted) reverses
 * phase 1 in one transaction (`fail`): orders back to ELIGIBLE, PAYOUTS_IN_TRANSIT →
 * SELLER_EARNINGS, the reason recorded. So does a hold that came after phase 1 (the seller banned,
 * AT_RISK or held by an admin): the payout is not sent, unless an earlier attempt already made its
 * transfer, which then completes. Each send extends the payout's sending lease (migration 0028):
 * once it is over, no send is in flight, and what Stripe has for the payout is final. An unknown
 * outcome (timeout, lost response, 5xx) is retried with the same key by the job's backoff and by
 * `recoverStuck`. Phase 3 and the refusal share the ledger key `payout:<id>:settled` and the payout
 * leaves PENDING once (a trigger), so a payout ends exactly once, as one transfer or none.
 */
export class PayoutService {
  constructor(
    private readonly database: Database,
    private readonly ledger: LedgerService,
    private readonly stripe: StripeGateway,
    private readonly pubsub: PostgresPubSub,
    private readonly jobs: JobQueue,
    private readonly eligibility: PayoutEligibilityService,
    private readonly log: Logger,
    private readonly options: PayoutServiceOptions = {},
  ) {}

  registerTasks(jobs: JobQueue): void {
    jobs.register(transferPayoutTask, async (payload) => {
      const payoutId = (payload as { payoutId?: unknown }).payoutId;
      assert(typeof payoutId === 'string', `${transferPayoutTask} without a payout id`);
      await this.transfer(payoutId);
    });
  }

  /**
   * `transfer.reversed`: the transfer is re-read from Stripe before the transaction, so events in
   * any order (and replays) converge on Stripe's latest reversed amount.
   */
  transferReversedHandler(): StripeEventHandler<StripeTransfer> {
    return {
      types: ['transfer.reversed'],
      fetch: (event) => this.stripe.retrieveTransfer(parseTransfer(event.payload).id),
      apply: (tx, _event, transfer) => this.applyTransferReversed(tx, transfer),
    };
  }

  /** Phase 1, in the caller's transaction. The orders must be the seller's ELIGIBLE orders, locked by the caller. */
  async initiate(
    tx: Tx,
    input: {
      sellerId: string;
      currency: string;
      stripeAccountId: string;
      orders: readonly { orderId: string; netAmount: number }[];
      source: 'WITHDRAWAL' | 'SWEEP';
      withdrawalId: string | null;
    },
  ): Promise<PayoutRow> {
    assert(input.orders.length > 0, 'a payout takes at least one order');
    const amount = input.orders.reduce((total, order) => total + order.netAmount, 0);
    const payoutId = crypto.randomUUID();
    const [payout] = await tx
      .insert(payouts)
      .values({
        id: payoutId,
        sellerId: input.sellerId,
        stripeAccountId: input.stripeAccountId,
        currency: input.currency,
        amount,
        orderCount: input.orders.length,
        source: input.source,
        withdrawalId: input.withdrawalId,
      })
      .returning();
    const allocated = await tx
      .update(payoutOrders)
      .set({ state: 'ALLOCATED', payoutId, blockedReason: null, updatedAt: new Date() })
      .where(
        and(
          inArray(
            payoutOrders.orderId,
            input.orders.map((order) => order.orderId),
          ),
          eq(payoutOrders.sellerId, input.sellerId),
          eq(payoutOrders.currency, input.currency),
          eq(payoutOrders.state, 'ELIGIBLE'),
        ),
      );
    // The caller locked these rows ELIGIBLE: anything else is a bug, and rolls everything back.
    assert(
      allocated.rowCount === input.orders.length,
      `payout ${payoutId}: only ${allocated.rowCount} of ${input.orders.length} orders were eligible`,
    );
    await this.ledger.post(
      tx,
      payoutInitiatedPosting({ payoutId, sellerId: input.sellerId, amount, currency: input.currency }),
    );
    await this.jobs.enqueue(tx, transferPayoutTask, { payoutId }, { jobKey: `payout_transfer:${payoutId}` });
    await publishPayoutChange(this.pubsub, tx, {
      kind: 'PAYOUT_INITIATED',
      sellerId: input.sellerId,
      payoutId,
      withdrawalId: input.withdrawalId,
      state: 'PENDING',
      amount,
      currency: input.currency,
      failureCode: null,
    });
    const onPhase = this.options.onPhase;
    if (onPhase) afterCommit(tx, () => onPhase('PHASE_1_COMMITTED', payoutId));
    return payout!;
  }

  /**
   * Phases 2 and 3 of a PENDING payout (a no-op otherwise). Throws when Stripe's answer is
   * unknown, so that the job retries with backoff; the same idempotency key makes that safe.
   */
  async transfer(payoutId: string): Promise<TransferOutcome> {
    const start = await this.startAttempt(payoutId);
    if ('outcome' in start) return start;
    return start.heldBy ? this.settleHeld(start.payout, start.heldBy) : this.send(start.payout);
  }

  /**
   * Reads the seller's holds under the payout's row lock, then either counts an attempt and
   * extends the sending lease (the caller sends), or, for a held seller, sends nothing: a payout
   * never attempted cannot have a transfer and fails in this transaction; one attempted while its
   * lease runs may still be getting one (IN_FLIGHT: recovery comes back); one whose lease is over
   * is settled by the caller from what Stripe has. Sends of one payout may overlap (the same key
   * makes one transfer), so the lease only grows: it covers the last send that may be in flight.
   */
  private async startAttempt(
    payoutId: string,
  ): Promise<TransferOutcome | { payout: PayoutRow; heldBy: PayoutBlockReason | null }> {
    return withTransaction(this.database, async (tx) => {
      const payout = await this.lock(tx, payoutId);
      if (payout.state !== 'PENDING') return { outcome: 'NOT_PENDING' };
      const now = new Date();
      const heldBy = sellerHoldReason(await this.eligibility.gate(tx, payout.sellerId));
      if (heldBy) {
        if (payout.transferAttempts === 0) {
          await this.failLocked(tx, payout, heldBy, heldReasonMessage(heldBy), heldBy);
          return { outcome: 'FAILED', code: heldBy };
        }
        if (payout.sendingUntil && payout.sendingUntil > now) return { outcome: 'IN_FLIGHT' };
        return { payout, heldBy };
      }
      const leaseEnd = new Date(now.getTime() + (this.options.sendingLeaseMs ?? defaultSendingLeaseMs));
      await tx
        .update(payouts)
        .set({
          sendingUntil: sql`greatest(${payouts.sendingUntil}, ${leaseEnd.toISOString()}::timestamptz)`,
          transferAttempts: sql`${payouts.transferAttempts} + 1`,
          lastAttemptAt: now,
        })
        .where(eq(payouts.id, payoutId));
      // The row as it was before this attempt: sendTransfer tells a first attempt from a retry by it.
      return { payout, heldBy: null };
    });
  }

  /**
   * A held seller's payout, attempted before, whose last send's lease is over: no send can still
   * be in flight and none starts while the hold lasts, so what Stripe has for the payout is final.
   * It completes if Stripe made its transfer; otherwise it fails, and nothing is sent.
   */
  private async settleHeld(payout: PayoutRow, heldBy: PayoutBlockReason): Promise<TransferOutcome> {
    const existing = await this.stripe.findTransferForPayout(payout.id);
    if (existing) {
      await this.complete(payout.id, existing);
      return { outcome: 'PAID', transferId: existing.id };
    }
    const failed = await this.fail(payout.id, heldBy, heldReasonMessage(heldBy), heldBy);
    return failed ? { outcome: 'FAILED', code: heldBy } : { outcome: 'NOT_PENDING' };
  }

  private async send(payout: PayoutRow): Promise<TransferOutcome> {
    const payoutId = payout.id;
    let transfer: StripeTransfer;
    try {
      await this.options.onPhase?.('TRANSFER_SENDING', payoutId);
      transfer = await this.sendTransfer(payout);
    } catch (error) {
      if (error instanceof StripeTransferRefusedError) {
        const failed = await this.fail(payoutId, error.code, error.message);
        if (error.code === 'resource_missing') await this.destinationMissing(payout);
        return failed ? { outcome: 'FAILED', code: error.code } : { outcome: 'NOT_PENDING' };
      }
      const message = error instanceof Error ? error.message : String(error);
      await this.database
        .update(payouts)
        .set({ lastError: message.slice(0, 300) })
        .where(and(eq(payouts.id, payoutId), eq(payouts.state, 'PENDING')));
      if (error instanceof StripeUnavailableError) {
        this.log.warn(
          { payoutId, err: error },
          'payout transfer outcome unknown; it will be retried with the same key',
        );
      }
      throw error;
    }
    await this.options.onPhase?.('TRANSFER_ANSWERED', payoutId);
    await this.complete(payoutId, transfer);
    return { outcome: 'PAID', transferId: transfer.id };
  }

  /**
   * The payout has failed already: a failure to check its account is logged, not thrown (a retry of
   * the job would find the payout FAILED); the next refused transfer checks again.
   */
  private async destinationMissing(payout: PayoutRow): Promise<void> {
    try {
      await this.options.onDestinationMissing?.(payout.stripeAccountId);
    } catch (error) {
      this.log.warn(
        { payoutId: payout.id, stripeAccountId: payout.stripeAccountId, err: error },
        "could not check a payout's missing destination account; the next refused transfer will",
      );
    }
  }

  private async sendTransfer(payout: PayoutRow): Promise<StripeTransfer> {
    // A retry looks first: past the key's lifetime, the key alone would make a second transfer, and
    // even inside it a key Stripe lost would (one list call, only when an earlier attempt's outcome
    // is unknown). A first attempt trusts the key.
    const retry = payout.transferAttempts > 0;
    if (retry || Date.now() - payout.createdAt.getTime() > idempotencyKeyTrustedForMs) {
      const existing = await this.stripe.findTransferForPayout(payout.id);
      if (existing) return existing;
    }
    return this.stripe.createTransfer({
      payoutId: payout.id,
      amount: payout.amount,
      currency: payout.currency,
      destination: payout.stripeAccountId,
      idempotencyKey: `payout:${payout.id}`,
    });
  }

  /** Phase 3: one transaction; a replay (already PAID by this transfer) is a no-op. */
  async complete(payoutId: string, transfer: StripeTransfer): Promise<void> {
    await withTransaction(this.database, async (tx) => {
      const payout = await this.lock(tx, payoutId);
      if (payout.state === 'PAID') {
        assert(payout.stripeTransferId === transfer.id, `payout ${payoutId} was paid by another transfer`);
        return;
      }
      // A transfer that exists at Stripe for a payout recorded as failed: reconciliation reports it.
      assert(
        payout.state === 'PENDING',
        `payout ${payoutId} is ${payout.state} but Stripe made transfer ${transfer.id}`,
      );
      assert(
        transfer.amount === payout.amount &&
          transfer.currency === payout.currency &&
          transfer.destination === payout.stripeAccountId,
        `transfer ${transfer.id} does not match payout ${payoutId}`,
      );
      const paidAt = new Date();
      await tx
        .update(payouts)
        .set({ state: 'PAID', stripeTransferId: transfer.id, paidAt, lastError: null })
        .where(eq(payouts.id, payoutId));
      const paid = await tx
        .update(payoutOrders)
        .set({ state: 'PAID', updatedAt: paidAt })
        .where(and(eq(payoutOrders.payoutId, payoutId), eq(payoutOrders.state, 'ALLOCATED')));
      assert(
        paid.rowCount === payout.orderCount,
        `payout ${payoutId}: ${paid.rowCount} of ${payout.orderCount} orders paid`,
      );
      await this.ledger.post(
        tx,
        payoutTransferredPosting({
          payoutId,
          sellerId: payout.sellerId,
          amount: payout.amount,
          currency: payout.currency,
        }),
      );
      if (payout.withdrawalId) {
        await tx
          .update(withdrawals)
          .set({ state: 'COMPLETED', updatedAt: paidAt })
          .where(and(eq(withdrawals.id, payout.withdrawalId), eq(withdrawals.state, 'EXECUTING')));
      }
      await publishPayoutChange(this.pubsub, tx, {
        kind: 'PAYOUT_PAID',
        sellerId: payout.sellerId,
        payoutId,
        withdrawalId: payout.withdrawalId,
        state: 'PAID',
        amount: payout.amount,
        currency: payout.currency,
        failureCode: null,
      });
      await this.options.onPhase?.('PHASE_3_BEFORE_COMMIT', payoutId);
    });
  }

  /**
   * The payout is not paid (Stripe refused its transfer, or a hold stopped it before it was sent):
   * phase 1 is reversed in one transaction. Returns false when the payout was no longer PENDING
   * (another run completed or failed it).
   */
  async fail(
    payoutId: string,
    code: string,
    message: string,
    withdrawalFailureCode = 'TRANSFER_REFUSED',
  ): Promise<boolean> {
    return withTransaction(this.database, async (tx) => {
      const payout = await this.lock(tx, payoutId);
      if (payout.state !== 'PENDING') return false;
      await this.failLocked(tx, payout, code, message, withdrawalFailureCode);
      return true;
    });
  }

  /** `fail`'s reversal, for a PENDING payout locked in `tx`. */
  private async failLocked(
    tx: Tx,
    payout: PayoutRow,
    code: string,
    message: string,
    withdrawalFailureCode: string,
  ): Promise<void> {
    const payoutId = payout.id;
    const failedAt = new Date();
    await tx
      .update(payouts)
      .set({
        state: 'FAILED',
        failureCode: code.slice(0, 100),
        failureMessage: message.slice(0, 500),
        failedAt,
      })
      .where(eq(payouts.id, payoutId));
    const released = await tx
      .update(payoutOrders)
      .set({ state: 'ELIGIBLE', payoutId: null, updatedAt: failedAt })
      .where(and(eq(payoutOrders.payoutId, payoutId), eq(payoutOrders.state, 'ALLOCATED')));
    assert(
      released.rowCount === payout.orderCount,
      `payout ${payoutId}: ${released.rowCount} of ${payout.orderCount} orders released`,
    );
    await this.ledger.post(
      tx,
      payoutFailedPosting({
        payoutId,
        sellerId: payout.sellerId,
        amount: payout.amount,
        currency: payout.currency,
        reason: code,
      }),
    );
    if (payout.withdrawalId) {
      await tx
        .update(withdrawals)
        .set({
          state: 'FAILED',
          failureCode: withdrawalFailureCode,
          failureMessage: sellerPayoutFailure(code).slice(0, 500),
          updatedAt: failedAt,
        })
        .where(and(eq(withdrawals.id, payout.withdrawalId), eq(withdrawals.state, 'EXECUTING')));
    }
    // The orders are back; a restricted account or a new block shows on them at once.
    await this.eligibility.refreshSellers(tx, [payout.sellerId], failedAt);
    await publishPayoutChange(this.pubsub, tx, {
      kind: 'PAYOUT_FAILED',
      sellerId: payout.sellerId,
      payoutId,
      withdrawalId: payout.withdrawalId,
      state: 'FAILED',
      amount: payout.amount,
      currency: payout.currency,
      failureCode: code.slice(0, 100),
    });
  }

  /**
   * The posting rule of `transfer.reversed`: the transfer as Stripe has it now (fetched by the
   * caller before the transaction, so events in any order converge) credits what was newly
   * reversed back to the seller's earnings. The payout stays PAID and its orders stay paid: they
   * were paid once; the money that came back waits in earnings (README, "Reversals").
   */
  async applyTransferReversed(tx: Tx, transfer: StripeTransfer): Promise<string> {
    const payoutId = transfer.payoutId;
    if (!payoutId) return `ignored: transfer ${transfer.id} is not a payout's`;
    const [payout] = await tx.select().from(payouts).where(eq(payouts.id, payoutId)).for('update');
    if (!payout) return `ignored: payout ${payoutId} is unknown`;
    if (payout.state !== 'PAID' || payout.stripeTransferId !== transfer.id) {
      // Not completed yet: the reversal cannot be applied before phase 3; the queue retries.
      throw new Error(`payout ${payoutId} is not paid by transfer ${transfer.id} yet`);
    }
    const newlyReversed = transfer.amountReversed - payout.reversedAmount;
    if (newlyReversed <= 0) return `no change: ${payout.reversedAmount} already reversed`;
    await this.ledger.post(
      tx,
      payoutReversedPosting({
        payoutId,
        sellerId: payout.sellerId,
        reversalKey: String(transfer.amountReversed),
        amount: newlyReversed,
        currency: payout.currency,
      }),
    );
    await tx.update(payouts).set({ reversedAmount: transfer.amountReversed }).where(eq(payouts.id, payoutId));
    await publishPayoutChange(this.pubsub, tx, {
      kind: 'PAYOUT_REVERSED',
      sellerId: payout.sellerId,
      payoutId,
      withdrawalId: payout.withdrawalId,
      state: 'PAID',
      amount: newlyReversed,
      currency: payout.currency,
      failureCode: null,
    });
    return `reversed ${newlyReversed} of payout ${payoutId}`;
  }

  /**
   * Recovery: re-drives every payout PENDING for longer than `stuckAfterSeconds` (its process
   * died between phases, or its job gave up) with the same idempotency key. One at a time; a
   * payout whose outcome is still unknown stays PENDING for the next pass.
   */
  async recoverStuck(
    stuckAfterSeconds: number,
    limit = 500,
  ): Promise<{ paid: number; failed: number; unknown: number }> {
    const stuck = await this.database
      .select({ id: payouts.id })
      .from(payouts)
      .where(
        and(
          eq(payouts.state, 'PENDING'),
          lt(payouts.createdAt, new Date(Date.now() - stuckAfterSeconds * 1000)),
        ),
      )
      .orderBy(asc(payouts.createdAt))
      .limit(limit);
    const result = { paid: 0, failed: 0, unknown: 0 };
    for (const { id } of stuck) {
      try {
        const outcome = await this.transfer(id);
        if (outcome.outcome === 'PAID') result.paid++;
        if (outcome.outcome === 'FAILED') result.failed++;
      } catch (error) {
        result.unknown++;
        this.log.warn({ payoutId: id, err: error }, 'stuck payout still unresolved');
      }
    }
    return result;
  }

  async find(executor: Database | Tx, payoutId: string): Promise<PayoutRow | undefined> {
    const [payout] = await executor.select().from(payouts).where(eq(payouts.id, payoutId));
    return payout;
  }

  private async lock(tx: Tx, payoutId: string): Promise<PayoutRow> {
    const [payout] = await tx.select().from(payouts).where(eq(payouts.id, payoutId)).for('update');
    assert(payout, `payout ${payoutId} does not exist`);
    return payout;
  }
}

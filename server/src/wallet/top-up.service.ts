import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import { publishViewerEvent } from '../auth/viewer-events';
import type { Config } from '../config';
import type { Database } from '../db/pool';
import { withTransaction, type Tx } from '../db/transaction';
import { describeMoney, isCurrency, supportedCurrencies } from '../domain/money';
import { topUpPosting } from '../domain/posting-rules';
import type { JobQueue } from '../jobs/queue';
import type { LedgerService } from '../ledger/ledger.service';
import { assert } from '../shared/assert';
import type { KeysetCursor } from '../shared/keyset-cursor';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  inputHash,
  isValidIdempotencyKey,
} from '../shared/idempotency';
import { catchRefusal, refuse, userError, type Refusable, type UserErrorValue } from '../shared/user-error';
import type { StripeGateway } from '../stripe/stripe.gateway';
import type { StripePaymentIntent } from '../stripe/stripe.types';
import type { WalletService } from './wallet.service';
import { publishWalletChanged } from './wallet-events';
import { topUps } from './wallet.tables';

export type TopUpRow = typeof topUps.$inferSelect;

/** Stripe's current copy of a PaymentIntent, read before a transaction; null when Stripe does not know it. */
export type CurrentPaymentIntent = StripePaymentIntent | null;

export enum TopUpStatus {
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  CANCELED = 'CANCELED',
}

export enum CancelTopUpErrorCode {
  TOP_UP_NOT_FOUND = 'TOP_UP_NOT_FOUND',
  TOP_UP_NOT_CANCELLABLE = 'TOP_UP_NOT_CANCELLABLE',
}

export enum ResumeTopUpErrorCode {
  TOP_UP_NOT_FOUND = 'TOP_UP_NOT_FOUND',
  TOP_UP_NOT_PAYABLE = 'TOP_UP_NOT_PAYABLE',
  ACCOUNT_BANNED = 'ACCOUNT_BANNED',
  BUYER_BLOCKED = 'BUYER_BLOCKED',
  WALLET_ON_HOLD = 'WALLET_ON_HOLD',
}

export enum CreateTopUpErrorCode {
  AMOUNT_OUT_OF_RANGE = 'AMOUNT_OUT_OF_RANGE',
  UNSUPPORTED_CURRENCY = 'UNSUPPORTED_CURRENCY',
  INVALID_IDEMPOTENCY_KEY = 'INVALID_IDEMPOTENCY_KEY',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  TOO_MANY_PENDING_TOP_UPS = 'TOO_MANY_PENDING_TOP_UPS',
  TOO_MANY_TOP_UPS = 'TOO_MANY_TOP_UPS',
  ACCOUNT_BANNED = 'ACCOUNT_BANNED',
  BUYER_BLOCKED = 'BUYER_BLOCKED',
  WALLET_ON_HOLD = 'WALLET_ON_HOLD',
}

/**
 * Why a buyer may add no money now. Money in a wallet can only be spent (buyers do not withdraw),
 * so an account that may not buy takes none: it would be stuck there.
 */
export type AddingMoneyRefusal = 'ACCOUNT_BANNED' | 'BUYER_BLOCKED' | 'WALLET_ON_HOLD';

const addingMoneyRefusals: Record<AddingMoneyRefusal, string> = {
  ACCOUNT_BANNED: 'This account is banned: it may not add money.',
  BUYER_BLOCKED:
    'CodeSale has paused purchases on your account, so it takes no money either: money added now could not be spent. Nothing was charged.',
  WALLET_ON_HOLD:
    'A wallet of your account is on hold after a card payment was disputed with your bank: the account takes no money, in any currency, while the hold lasts. Nothing was charged.',
};

export type CreateTopUpResult = Refusable<
  { topUp: TopUpRow; clientSecret: string; replayed: boolean },
  CreateTopUpErrorCode
>;

export const createTopUpScope = 'createTopUp';

/** The job that cancels a banned account's unpaid top-ups at Stripe (TopUpService.cancelUnpaidTopUpsOf). */
export const cancelUnpaidTopUpsTask = 'wallet.cancel_unpaid_top_ups';
/** Pending top-ups older than this no longer count against a buyer's limit (an abandoned card form). */
const pendingWindowHours = 24;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * TopUpService: the only path for money into CodeSale, and the only writer of `top_ups`. It
 * creates a top-up and its Stripe PaymentIntent, and credits the wallet once Stripe says the
 * PaymentIntent succeeded: a verified `payment_intent.*` event prompts StripeEventService to read it
 * from Stripe (`fetchPaymentIntent`) and to call `applyPaymentIntent` in its transaction. See
 * wallet/README.md for its invariants. The credit is posted by LedgerService.
 *
 * Lock order, everywhere: wallets row, then top_ups row, then chargebacks row, then ledger accounts.
 */
export class TopUpService {
  constructor(
    private readonly database: Database,
    private readonly config: Config,
    private readonly ledger: LedgerService,
    private readonly stripe: StripeGateway,
    private readonly wallets: WalletService,
    /**
     * The risk authority's check: a banned account, or a buyer who may not buy, adds no money
     * (RiskEnforcementService.topUpRefusal).
     */
    private readonly topUpRefusal: (
      executor: Database | Tx,
      buyerId: string,
    ) => Promise<'ACCOUNT_BANNED' | 'BUYER_BLOCKED' | null> = async () => null,
  ) {}

  private jobs: JobQueue | null = null;

  registerTasks(jobs: JobQueue): void {
    this.jobs = jobs;
    jobs.register(cancelUnpaidTopUpsTask, async (payload) => {
      const userId = (payload as { userId?: unknown } | null)?.userId;
      assert(
        typeof userId === 'string' && uuidPattern.test(userId),
        'cancel_unpaid_top_ups without a user id',
      );
      await this.cancelUnpaidTopUpsOf(userId);
    });
  }

  /** The account's refusal first (a ban says more than a hold), then any wallet of it on hold. */
  private async addingMoneyRefusal(
    executor: Database | Tx,
    buyerId: string,
  ): Promise<AddingMoneyRefusal | null> {
    const refusal = await this.topUpRefusal(executor, buyerId);
    if (refusal) return refusal;
    return (await this.wallets.hasWalletOnHold(executor, buyerId)) ? 'WALLET_ON_HOLD' : null;
  }

  /**
   * In the transaction that bans the account: its unpaid top-ups will be canceled at Stripe, by a
   * job once the ban commits (Stripe is never called inside a transaction). A banned account adds
   * no money (createTopUp and resumeTopUp refuse it), and a card form it opened before the ban must
   * not either: until the job ran, a payment on one is still credited, to a wallet the ban froze.
   */
  async cancelUnpaidTopUpsLater(tx: Tx, userId: string): Promise<void> {
    assert(this.jobs, 'TopUpService.registerTasks was not called');
    await this.jobs.enqueue(
      tx,
      cancelUnpaidTopUpsTask,
      { userId },
      { jobKey: `cancel_unpaid_top_ups:${userId}` },
    );
  }

  /**
   * Cancels every unpaid (PENDING or FAILED) top-up of the account, as cancelTopUp does one; one
   * already paid or being processed is left to be credited. Safe to run again: a canceled one
   * answers as canceled. Returns how many it canceled.
   */
  async cancelUnpaidTopUpsOf(userId: string): Promise<number> {
    const unpaid = await this.database
      .select({ id: topUps.id })
      .from(topUps)
      .where(
        and(eq(topUps.buyerId, userId), inArray(topUps.status, [TopUpStatus.PENDING, TopUpStatus.FAILED])),
      );
    let canceled = 0;
    for (const { id } of unpaid) {
      const result = await this.cancelTopUp(userId, id);
      if ('topUp' in result && result.topUp.status === TopUpStatus.CANCELED) canceled += 1;
    }
    return canceled;
  }

  /**
   * Creates a top-up and its Stripe PaymentIntent, and returns the client secret the buyer's
   * browser confirms the card with. The wallet is credited later, only once Stripe itself says the
   * payment succeeded (read on a verified webhook). The same idempotency key with the same input returns the
   * same top-up (and finishes it if a previous attempt stopped before Stripe answered).
   */
  async createTopUp(
    buyerId: string,
    input: { amount: number; currency: string; idempotencyKey: string },
  ): Promise<CreateTopUpResult> {
    const errors = this.validateTopUp(input);
    if (errors.length > 0) return { errors };
    const request = {
      scope: createTopUpScope,
      key: input.idempotencyKey,
      userId: buyerId,
      input: { amount: input.amount, currency: input.currency },
    };
    const claimed = await catchRefusal<{ topUpId: string; replayed: boolean }, CreateTopUpErrorCode>(() =>
      withTransaction(this.database, async (tx) => {
        const refusal = await this.addingMoneyRefusal(tx, buyerId);
        if (refusal) refuse(CreateTopUpErrorCode[refusal], addingMoneyRefusals[refusal]);
        const claim = await claimIdempotencyKey<{ topUpId: string }>(tx, request);
        if (claim.status === 'KEY_REUSED') {
          refuse(
            CreateTopUpErrorCode.IDEMPOTENCY_KEY_REUSED,
            'This idempotency key was used for another top-up request. Use a new key for a new top-up.',
            'idempotencyKey',
          );
        }
        if (claim.status === 'REPLAYED') return { topUpId: claim.result.topUpId, replayed: true };
        const topUp = await this.insertTopUp(tx, buyerId, input, inputHash(request.input));
        await completeIdempotencyKey(tx, request, { topUpId: topUp.id });
        return { topUpId: topUp.id, replayed: false };
      }),
    );
    if ('errors' in claimed) return claimed;
    // Stripe is called outside any transaction; its own idempotency key makes a repeat harmless.
    const ensured = await this.ensurePaymentIntent(claimed.topUpId);
    assert(ensured, `top-up ${claimed.topUpId}: Stripe does not have its PaymentIntent`);
    return { topUp: ensured.topUp, clientSecret: ensured.clientSecret, replayed: claimed.replayed };
  }

  async findTopUp(database: Database | Tx, topUpId: string): Promise<TopUpRow | undefined> {
    const [topUp] = await database.select().from(topUps).where(eq(topUps.id, topUpId));
    return topUp;
  }

  private validateTopUp(input: { amount: number; currency: string; idempotencyKey: string }) {
    const errors: UserErrorValue<CreateTopUpErrorCode>[] = [];
    const { topUpMinAmount, topUpMaxAmount } = this.config.wallet;
    if (
      !Number.isSafeInteger(input.amount) ||
      input.amount < topUpMinAmount ||
      input.amount > topUpMaxAmount
    ) {
      errors.push(
        userError(
          CreateTopUpErrorCode.AMOUNT_OUT_OF_RANGE,
          isCurrency(input.currency)
            ? `A top-up is between ${describeMoney(topUpMinAmount, input.currency)} and ${describeMoney(topUpMaxAmount, input.currency)}.`
            : `A top-up is between ${topUpMinAmount} and ${topUpMaxAmount} minor units.`,
          'amount',
        ),
      );
    }
    if (!isCurrency(input.currency)) {
      errors.push(
        userError(
          CreateTopUpErrorCode.UNSUPPORTED_CURRENCY,
          `Top-ups are in ${supportedCurrencies.join(', ')}.`,
          'currency',
        ),
      );
    }
    if (!isValidIdempotencyKey(input.idempotencyKey)) {
      errors.push(
        userError(
          CreateTopUpErrorCode.INVALID_IDEMPOTENCY_KEY,
          'Idempotency keys are 1 to 100 characters: letters, digits, . _ : -',
          'idempotencyKey',
        ),
      );
    }
    return errors;
  }

  private async insertTopUp(
    tx: Tx,
    buyerId: string,
    input: { amount: number; currency: string; idempotencyKey: string },
    hash: string,
  ): Promise<TopUpRow> {
    // One top-up creation at a time per buyer, so that concurrent requests cannot pass the pending limit together.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'top-up:' + buyerId}, 0))`);
    const since = new Date(Date.now() - pendingWindowHours * 3_600_000);
    const [pending] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(topUps)
      .where(
        and(eq(topUps.buyerId, buyerId), eq(topUps.status, TopUpStatus.PENDING), gt(topUps.createdAt, since)),
      );
    const limit = this.config.wallet.topUpMaxPendingPerBuyer;
    if ((pending?.count ?? 0) >= limit) {
      refuse(
        CreateTopUpErrorCode.TOO_MANY_PENDING_TOP_UPS,
        `You have ${limit} top-ups waiting for payment. Pay one of them, or cancel those you will not pay, before starting another.`,
      );
    }
    // Every top-up is a call to Stripe, and canceled ones leave the pending count: without this, one
    // buyer creating and canceling in a loop would spend the platform's Stripe request rate for
    // everyone (other buyers' top-ups, sellers' payouts). Counted over the last hour, not per window.
    const hourly = this.config.wallet.topUpMaxPerHour;
    const [recent] = await tx
      .select({ count: sql<number>`count(*)::int`, oldest: sql<Date | null>`min(${topUps.createdAt})` })
      .from(topUps)
      .where(and(eq(topUps.buyerId, buyerId), gt(topUps.createdAt, sql`now() - interval '1 hour'`)));
    if ((recent?.count ?? 0) >= hourly) {
      const freesAt = new Date(recent?.oldest ?? Date.now()).getTime() + 3_600_000;
      const minutes = Math.max(1, Math.ceil((freesAt - Date.now()) / 60_000));
      refuse(
        CreateTopUpErrorCode.TOO_MANY_TOP_UPS,
        `You started ${hourly} top-ups in the last hour, the most an hour allows. Pay one of those waiting, or start a new one in ${minutes} minutes.`,
      );
    }
    await this.wallets.ensureWallet(tx, buyerId, input.currency);
    const [topUp] = await tx
      .insert(topUps)
      .values({
        buyerId,
        amount: input.amount,
        currency: input.currency,
        idempotencyKey: input.idempotencyKey,
        inputHash: hash,
      })
      .returning();
    assert(topUp, 'top-up insert returned no row');
    return topUp;
  }

  /** The buyer's PENDING and FAILED top-ups of the pending window, newest first (at most 20). */
  /**
   * Every top-up of the buyer, newest first, after `cursor` (staff looking a customer up). Keyed on
   * the millisecond of creation, as cursors carry it (top_ups keeps microseconds): one buyer's rows
   * come from top_ups_buyer_idx, few enough to order so.
   */
  async topUpsOf(buyerId: string, limit: number, cursor: KeysetCursor | null): Promise<TopUpRow[]> {
    const createdAt = sql`date_trunc('milliseconds', ${topUps.createdAt})`;
    return this.database
      .select()
      .from(topUps)
      .where(
        and(
          eq(topUps.buyerId, buyerId),
          cursor
            ? sql`(${createdAt}, ${topUps.id}) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)`
            : undefined,
        ),
      )
      .orderBy(desc(createdAt), desc(topUps.id))
      .limit(limit);
  }

  async unpaidTopUps(buyerId: string): Promise<TopUpRow[]> {
    const since = new Date(Date.now() - pendingWindowHours * 3_600_000);
    return this.database
      .select()
      .from(topUps)
      .where(
        and(
          eq(topUps.buyerId, buyerId),
          inArray(topUps.status, [TopUpStatus.PENDING, TopUpStatus.FAILED]),
          gt(topUps.createdAt, since),
        ),
      )
      .orderBy(desc(topUps.createdAt))
      .limit(20);
  }

  /**
   * The client secret to pay one of the buyer's unpaid (PENDING or FAILED) top-ups now: a card form
   * closed before paying, or a declined card, need no new top-up. Stripe decides whether the
   * payment can still be attempted: a canceled, succeeded or processing PaymentIntent is
   * TOP_UP_NOT_PAYABLE, as are a CANCELED and a SUCCEEDED top-up. A banned account adds no money.
   * Nothing is written, except a PaymentIntent id a lost creation answer never recorded.
   */
  async resumeTopUp(
    buyerId: string,
    topUpId: string | null,
  ): Promise<Refusable<{ topUp: TopUpRow; clientSecret: string }, ResumeTopUpErrorCode>> {
    return catchRefusal<{ topUp: TopUpRow; clientSecret: string }, ResumeTopUpErrorCode>(async () => {
      const topUp = topUpId ? await this.findTopUp(this.database, topUpId) : undefined;
      if (!topUp || topUp.buyerId !== buyerId) {
        refuse(ResumeTopUpErrorCode.TOP_UP_NOT_FOUND, 'No such top-up.', 'topUpId');
      }
      // The account first: a ban cancels its unpaid top-ups, and the ban is what the buyer must hear.
      const refusal = await this.addingMoneyRefusal(this.database, buyerId);
      if (refusal) refuse(ResumeTopUpErrorCode[refusal], addingMoneyRefusals[refusal]);
      if (topUp.status === TopUpStatus.SUCCEEDED) refuseNotPayable('it is already paid');
      if (topUp.status === TopUpStatus.CANCELED) refuseNotPayable('it was canceled');
      const resumed = await this.ensurePaymentIntent(topUp.id);
      if (!resumed) {
        refuseNotPayable(
          'Stripe no longer has its payment, so nothing can be charged for it; cancel it and start a new top-up',
        );
      }
      const status = resumed.paymentIntentStatus;
      if (status === 'succeeded' || status === 'processing') {
        refuseNotPayable(
          'its payment is already being processed; the money reaches your wallet once it completes',
        );
      }
      if (
        status !== 'requires_payment_method' &&
        status !== 'requires_confirmation' &&
        status !== 'requires_action'
      ) {
        refuseNotPayable('its payment was canceled');
      }
      return { topUp: resumed.topUp, clientSecret: resumed.clientSecret };
    });
  }

  /**
   * Abandons the buyer's unpaid top-up: its PaymentIntent is canceled at Stripe (it can never be
   * paid afterwards), then the top-up is CANCELED and no longer counts among the unpaid ones that
   * cap new top-ups. Canceling a canceled top-up answers it again. A paid one, or one whose payment
   * Stripe is processing, is TOP_UP_NOT_CANCELLABLE: its money reaches the wallet. Stripe is called
   * outside any transaction; the row is changed only after Stripe canceled, and a payment Stripe
   * reports later is still credited (the webhook credits any top-up not yet SUCCEEDED).
   */
  async cancelTopUp(
    buyerId: string,
    topUpId: string | null,
  ): Promise<Refusable<{ topUp: TopUpRow }, CancelTopUpErrorCode>> {
    return catchRefusal<{ topUp: TopUpRow }, CancelTopUpErrorCode>(async () => {
      const topUp = topUpId ? await this.findTopUp(this.database, topUpId) : undefined;
      if (!topUp || topUp.buyerId !== buyerId) {
        refuse(CancelTopUpErrorCode.TOP_UP_NOT_FOUND, 'No such top-up.', 'topUpId');
      }
      if (topUp.status === TopUpStatus.CANCELED) return { topUp };
      if (topUp.status === TopUpStatus.SUCCEEDED) refuseNotCancellable('it is already paid');
      // An intent Stripe may hold without our knowing (a creation whose answer was lost) is found by
      // its idempotency key, recorded, and canceled with the others.
      // A PaymentIntent Stripe does not have can never be paid: the top-up is canceled here alone.
      const withIntent = (await this.ensurePaymentIntent(topUp.id))?.topUp;
      const cancellation = withIntent
        ? await this.stripe.cancelPaymentIntent(withIntent.stripePaymentIntentId!)
        : ({ canceled: true } as const);
      if (!cancellation.canceled) {
        refuseNotCancellable(
          cancellation.paymentIntent.status === 'succeeded'
            ? 'it is already paid'
            : 'its payment is being processed',
        );
      }
      return withTransaction(this.database, async (tx) => {
        const [locked] = await tx.select().from(topUps).where(eq(topUps.id, topUp.id)).for('update');
        assert(locked, `top-up ${topUp.id} vanished`);
        if (locked.status === TopUpStatus.SUCCEEDED) refuseNotCancellable('it is already paid');
        if (locked.status === TopUpStatus.CANCELED) return { topUp: locked };
        return { topUp: await this.markCanceled(tx, locked) };
      });
    });
  }

  /**
   * Creates the top-up's PaymentIntent if it has none yet, or fetches it; returns the row and the
   * client secret, or null when Stripe does not have the PaymentIntent the row names (another
   * Stripe account's, or a local emulator's that restarted): nothing can ever be paid on it.
   */
  private async ensurePaymentIntent(topUpId: string): Promise<{
    topUp: TopUpRow;
    clientSecret: string;
    paymentIntentStatus: StripePaymentIntent['status'];
  } | null> {
    const topUp = await this.findTopUp(this.database, topUpId);
    assert(topUp, `top-up ${topUpId} vanished`);
    const paymentIntent = topUp.stripePaymentIntentId
      ? await this.stripe.findPaymentIntent(topUp.stripePaymentIntentId)
      : await this.stripe.createPaymentIntent({
          amount: topUp.amount,
          currency: topUp.currency,
          metadata: { top_up_id: topUp.id, buyer_id: topUp.buyerId },
          description: `CodeSale wallet top-up ${topUp.id}`,
          idempotencyKey: `top_up:${topUp.id}`,
        });
    if (!paymentIntent) return null;
    assertSamePayment(topUp, paymentIntent);
    assert(paymentIntent.clientSecret, `payment intent ${paymentIntent.id} came without a client secret`);
    if (!topUp.stripePaymentIntentId) {
      // The webhook may have attached it first (it finds the top-up by metadata): only a missing id is written.
      await this.database
        .update(topUps)
        .set({ stripePaymentIntentId: paymentIntent.id, updatedAt: new Date() })
        .where(and(eq(topUps.id, topUp.id), sql`${topUps.stripePaymentIntentId} is null`));
    }
    const current = await this.findTopUp(this.database, topUpId);
    assert(current?.stripePaymentIntentId === paymentIntent.id, `top-up ${topUpId} has two payment intents`);
    return {
      topUp: current,
      clientSecret: paymentIntent.clientSecret,
      paymentIntentStatus: paymentIntent.status,
    };
  }

  // ---- Stripe events (StripeEventService: `fetchPaymentIntent` before its transaction, the rest inside) ----

  /**
   * Stripe's current copy of a `payment_intent.*` event's PaymentIntent, read before the event's
   * transaction. The event's own copy is never acted on: whoever holds the webhook secret can sign
   * any copy, and an old event's copy is stale; only Stripe's copy says what was paid. Null when
   * Stripe does not know the PaymentIntent (final: the event is refused). Any other failure (Stripe
   * unreachable, a 5xx) throws, and the queue retries the event.
   */
  async fetchPaymentIntent(paymentIntentId: string): Promise<CurrentPaymentIntent> {
    const paymentIntent = await this.stripe.findPaymentIntent(paymentIntentId);
    assert(
      paymentIntent === null || paymentIntent.id === paymentIntentId,
      `Stripe answered ${paymentIntent?.id} for ${paymentIntentId}`,
    );
    return paymentIntent;
  }

  /**
   * A `payment_intent.*` event: acts on what Stripe says of the PaymentIntent now
   * (`fetchPaymentIntent`), whatever the event's type. Succeeded credits the top-up once; canceled
   * cancels it; a failed attempt marks it FAILED; any other state (processing, requires_action, an
   * unpaid one a forged success names) changes nothing. SUCCEEDED is final, and a cancellation is
   * not undone by a failure, so the events of one payment give the same result in any order.
   * Returns what was done, for the event's record.
   */
  async applyPaymentIntent(tx: Tx, eventType: string, paymentIntent: StripePaymentIntent): Promise<string> {
    const topUp = await this.lockOfPaymentIntent(tx, paymentIntent);
    if (!topUp) return 'ignored: not a CodeSale top-up';
    if (topUp.status === TopUpStatus.SUCCEEDED) {
      // A replay of the success (or a dispute credited it first), or a late failure or cancellation.
      return eventType === 'payment_intent.succeeded'
        ? 'ignored: top-up already credited'
        : 'ignored: top-up already succeeded';
    }
    if (paymentIntent.status === 'succeeded') {
      await this.credit(tx, topUp, paymentIntent);
      return 'top-up credited';
    }
    if (paymentIntent.status === 'canceled') return this.applyCanceled(tx, topUp);
    const failureCode = failedAttemptCode(paymentIntent);
    if (failureCode !== null) return this.applyFailed(tx, topUp, paymentIntent.id, failureCode);
    return `ignored: Stripe says the payment intent is ${paymentIntent.status}`;
  }

  /** Stripe canceled the payment (cancelTopUp, or the Stripe dashboard): nobody can pay it any more. */
  private async applyCanceled(tx: Tx, topUp: TopUpRow): Promise<string> {
    if (topUp.status === TopUpStatus.CANCELED) return 'ignored: top-up already canceled';
    await this.markCanceled(tx, topUp);
    return 'top-up canceled';
  }

  /** The last attempt failed; the same PaymentIntent may still succeed with another card. */
  private async applyFailed(
    tx: Tx,
    topUp: TopUpRow,
    paymentIntentId: string,
    failureCode: string,
  ): Promise<string> {
    // A late failure of an earlier attempt never undoes a cancellation (nor a success: see the caller).
    if (topUp.status === TopUpStatus.CANCELED) return 'ignored: top-up canceled';
    await tx
      .update(topUps)
      .set({
        status: TopUpStatus.FAILED,
        failureCode: failureCode.slice(0, 100),
        stripePaymentIntentId: paymentIntentId,
        updatedAt: new Date(),
      })
      .where(eq(topUps.id, topUp.id));
    await publishViewerEvent(tx, topUp.buyerId, 'TOP_UP_UPDATED', topUp.id);
    return 'top-up failed';
  }

  /** Marks the locked top-up CANCELED and tells its buyer. */
  private async markCanceled(tx: Tx, topUp: TopUpRow): Promise<TopUpRow> {
    const [canceled] = await tx
      .update(topUps)
      .set({ status: TopUpStatus.CANCELED, updatedAt: new Date() })
      .where(eq(topUps.id, topUp.id))
      .returning();
    assert(canceled, `top-up ${topUp.id} vanished`);
    await publishViewerEvent(tx, topUp.buyerId, 'TOP_UP_UPDATED', topUp.id);
    return canceled;
  }

  /**
   * Posts the top-up's credit (idempotent by the top-up's key) and marks it SUCCEEDED. `topUp` is
   * locked. Also ChargebackService's, when a dispute outran `payment_intent.succeeded`.
   */
  async credit(tx: Tx, topUp: TopUpRow, paymentIntent: StripePaymentIntent): Promise<void> {
    assertSamePayment(topUp, paymentIntent);
    assert(paymentIntent.status === 'succeeded', `payment intent ${paymentIntent.id} has not succeeded`);
    await this.ledger.post(
      tx,
      topUpPosting({
        topUpId: topUp.id,
        buyerId: topUp.buyerId,
        amount: topUp.amount,
        currency: topUp.currency,
      }),
    );
    const now = new Date();
    await tx
      .update(topUps)
      .set({
        status: TopUpStatus.SUCCEEDED,
        stripePaymentIntentId: paymentIntent.id,
        failureCode: null,
        succeededAt: now,
        updatedAt: now,
      })
      .where(eq(topUps.id, topUp.id));
    await publishWalletChanged(tx, topUp.buyerId, topUp.currency);
    await publishViewerEvent(tx, topUp.buyerId, 'TOP_UP_UPDATED', topUp.id);
  }

  /**
   * The top-up a PaymentIntent pays, locked: by the PaymentIntent id, or by the top-up id in its
   * metadata when the event outran the request that attaches the id. Null when it is not ours.
   */
  async lockOfPaymentIntent(tx: Tx, paymentIntent: StripePaymentIntent): Promise<TopUpRow | null> {
    const [byIntent] = await tx
      .select()
      .from(topUps)
      .where(eq(topUps.stripePaymentIntentId, paymentIntent.id))
      .for('update');
    if (byIntent) {
      assertSamePayment(byIntent, paymentIntent);
      return byIntent;
    }
    const topUpId = topUpIdOfPaymentIntent(paymentIntent);
    if (!topUpId) return null;
    const [byMetadata] = await tx.select().from(topUps).where(eq(topUps.id, topUpId)).for('update');
    if (!byMetadata) return null;
    assert(
      byMetadata.stripePaymentIntentId === null || byMetadata.stripePaymentIntentId === paymentIntent.id,
      `top-up ${topUpId} belongs to another payment intent`,
    );
    assertSamePayment(byMetadata, paymentIntent);
    return byMetadata;
  }
}

/** The top-up id a PaymentIntent names in its metadata (set when it was created), or null. */
export function topUpIdOfPaymentIntent(paymentIntent: StripePaymentIntent): string | null {
  const topUpId = paymentIntent.metadata['top_up_id'];
  return topUpId && uuidPattern.test(topUpId) ? topUpId : null;
}

/**
 * Why the PaymentIntent's last attempt failed (card_declined, ...), or null when it is not a failed
 * attempt: after a decline Stripe waits for another payment method and names the error, while a
 * PaymentIntent never tried waits without one.
 */
function failedAttemptCode(paymentIntent: StripePaymentIntent): string | null {
  return paymentIntent.status === 'requires_payment_method' ? paymentIntent.failureCode : null;
}

function assertSamePayment(topUp: TopUpRow, paymentIntent: StripePaymentIntent): void {
  assert(
    paymentIntent.amount === topUp.amount && paymentIntent.currency === topUp.currency,
    `payment intent ${paymentIntent.id} (${paymentIntent.amount} ${paymentIntent.currency}) does not match top-up ${topUp.id}`,
  );
  const metadataTopUp = paymentIntent.metadata['top_up_id'];
  assert(
    metadataTopUp === undefined || metadataTopUp === topUp.id,
    `payment intent ${paymentIntent.id} names another top-up`,
  );
}

function refuseNotPayable(why: string): never {
  refuse(ResumeTopUpErrorCode.TOP_UP_NOT_PAYABLE, `This top-up cannot be paid: ${why}.`, 'topUpId');
}

function refuseNotCancellable(why: string): never {
  refuse(
    CancelTopUpErrorCode.TOP_UP_NOT_CANCELLABLE,
    `This top-up cannot be canceled: ${why}. Its money reaches your wallet once the payment completes.`,
    'topUpId',
  );
}

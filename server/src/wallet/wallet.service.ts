import { and, desc, eq, gt, inArray, lt, ne, or, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.service';
import type { Config } from '../config';
import type { Database } from '../db/pool';
import { withTransaction, type Tx } from '../db/transaction';
import { isCurrency, supportedCurrencies } from '../domain/money';
import {
  chargebackPosting,
  chargebackReversalPosting,
  topUpPosting,
  wallet as walletAccount,
} from '../domain/posting-rules';
import type { RequestMeta } from '../shared/request-meta';
import type { KeysetCursor } from '../graphql/relay';
import { catchRefusal, refuse, userError, type Refusable, type UserErrorValue } from '../shared/user-error';
import type { JobQueue } from '../jobs/queue';
import type { LedgerService } from '../ledger/ledger.service';
import { enqueueRiskRecompute } from '../risk/risk.jobs';
import { assert } from '../shared/assert';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  inputHash,
  isValidIdempotencyKey,
} from '../shared/idempotency';
import type { StripeGateway } from '../stripe/stripe.gateway';
import type { StripeDispute, StripePaymentIntent } from '../stripe/stripe.types';
import { chargebacks, topUps, wallets, walletStatusChanges } from './wallet.tables';

export type TopUpRow = typeof topUps.$inferSelect;
export type WalletRow = typeof wallets.$inferSelect;
export type ChargebackRow = typeof chargebacks.$inferSelect;

export enum TopUpStatus {
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}

export enum WalletStatus {
  ACTIVE = 'ACTIVE',
  WALLET_AT_RISK = 'WALLET_AT_RISK',
}

export enum CreateTopUpErrorCode {
  AMOUNT_OUT_OF_RANGE = 'AMOUNT_OUT_OF_RANGE',
  UNSUPPORTED_CURRENCY = 'UNSUPPORTED_CURRENCY',
  INVALID_IDEMPOTENCY_KEY = 'INVALID_IDEMPOTENCY_KEY',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  TOO_MANY_PENDING_TOP_UPS = 'TOO_MANY_PENDING_TOP_UPS',
  ACCOUNT_BANNED = 'ACCOUNT_BANNED',
}

export enum LiftWalletFlagErrorCode {
  BUYER_NOT_FOUND = 'BUYER_NOT_FOUND',
  WALLET_NOT_FLAGGED = 'WALLET_NOT_FLAGGED',
  INVALID_REASON = 'INVALID_REASON',
}

export type CreateTopUpResult = Refusable<
  { topUp: TopUpRow; clientSecret: string; replayed: boolean },
  CreateTopUpErrorCode
>;

/** What checkout learns from assertCanPurchase: a value, never an exception. */
export type PurchaseCheck =
  { allowed: true } | { allowed: false; code: 'WALLET_AT_RISK'; currency: string; reason: string };

/** Stripe's current view of a payment, fetched before a transaction when an event outran another. */
export type FetchedPaymentIntent = StripePaymentIntent | null;

export const createTopUpScope = 'createTopUp';
/** Pending top-ups older than this no longer count against a buyer's limit (an abandoned card form). */
const pendingWindowHours = 24;
const reasonMinLength = 3;
const reasonMaxLength = 500;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An event whose prerequisite Stripe has not reached yet: the job fails and the queue retries it later. */
export class PrerequisiteNotMet extends Error {
  override name = 'PrerequisiteNotMet';
}

/**
 * WalletService: the only path for money into CodeSale (top-ups through Stripe), and each wallet's
 * status. See wallet/README.md for its invariants. A wallet's balance is its BUYER_WALLET ledger
 * account: this service asks LedgerService to post and never writes a balance itself.
 *
 * Lock order, everywhere: wallets row, then top_ups row, then chargebacks row, then ledger accounts.
 */
export class WalletService {
  constructor(
    private readonly database: Database,
    private readonly config: Config,
    private readonly ledger: LedgerService,
    private readonly stripe: StripeGateway,
    /** Where the buyer's risk recompute is enqueued when a chargeback opens. */
    private readonly jobs: JobQueue,
    /** The risk authority's check: a banned account adds no money (RiskService.bannedRefusal). */
    private readonly topUpRefusal: (tx: Tx, buyerId: string) => Promise<'ACCOUNT_BANNED' | null> = async () =>
      null,
  ) {}

  // ---- top-ups ----

  /**
   * Creates a top-up and its Stripe PaymentIntent, and returns the client secret the buyer's
   * browser confirms the card with. The wallet is credited later, only by the verified
   * `payment_intent.succeeded` webhook. The same idempotency key with the same input returns the
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
        if (await this.topUpRefusal(tx, buyerId)) {
          refuse(CreateTopUpErrorCode.ACCOUNT_BANNED, 'This account is banned: it may not add money.');
        }
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
    const { topUp, clientSecret } = await this.ensurePaymentIntent(claimed.topUpId);
    return { topUp, clientSecret, replayed: claimed.replayed };
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
          `A top-up is between ${topUpMinAmount} and ${topUpMaxAmount} minor units.`,
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
        `You have ${limit} top-ups waiting for payment. Complete or abandon one before starting another.`,
      );
    }
    await this.ensureWallet(tx, buyerId, input.currency);
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

  /** Creates the top-up's PaymentIntent if it has none yet, or fetches it; returns the row and the client secret. */
  private async ensurePaymentIntent(topUpId: string): Promise<{ topUp: TopUpRow; clientSecret: string }> {
    const topUp = await this.findTopUp(this.database, topUpId);
    assert(topUp, `top-up ${topUpId} vanished`);
    const paymentIntent = topUp.stripePaymentIntentId
      ? await this.stripe.retrievePaymentIntent(topUp.stripePaymentIntentId)
      : await this.stripe.createPaymentIntent({
          amount: topUp.amount,
          currency: topUp.currency,
          metadata: { top_up_id: topUp.id, buyer_id: topUp.buyerId },
          description: `CodeSale wallet top-up ${topUp.id}`,
          idempotencyKey: `top_up:${topUp.id}`,
        });
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
    return { topUp: current, clientSecret: paymentIntent.clientSecret };
  }

  // ---- wallet status ----

  /**
   * The purchase check checkout calls inside its transaction (invariant 5). Takes a share lock on
   * the buyer's wallet rows, so a chargeback that flags the wallet waits for the purchase to commit,
   * or the purchase sees the flag. Any flagged wallet of the buyer blocks purchases in every
   * currency: a chargeback is a judgement on the buyer, not on one currency.
   */
  async assertCanPurchase(tx: Tx, buyerId: string, currency: string): Promise<PurchaseCheck> {
    assert(isCurrency(currency), `assertCanPurchase called with unsupported currency ${currency}`);
    const rows = await tx
      .select()
      .from(wallets)
      .where(eq(wallets.buyerId, buyerId))
      .orderBy(wallets.currency)
      .for('share');
    const flagged =
      rows.find((row) => row.currency === currency && row.status !== WalletStatus.ACTIVE) ??
      rows.find((row) => row.status !== WalletStatus.ACTIVE);
    if (!flagged) return { allowed: true };
    return {
      allowed: false,
      code: 'WALLET_AT_RISK',
      currency: flagged.currency,
      reason: flagged.flaggedReason ?? '',
    };
  }

  /** The buyer's wallet in `currency`, opened (status ACTIVE, balance 0) if it did not exist. */
  async openWallet(buyerId: string, currency: string): Promise<WalletRow> {
    assert(isCurrency(currency), `openWallet called with unsupported currency ${currency}`);
    return withTransaction(this.database, async (tx) => {
      await this.ensureWallet(tx, buyerId, currency);
      const [row] = await tx
        .select()
        .from(wallets)
        .where(and(eq(wallets.buyerId, buyerId), eq(wallets.currency, currency)));
      assert(row, 'wallet missing after insert');
      return row;
    });
  }

  async findWallet(database: Database | Tx, walletId: string): Promise<WalletRow | undefined> {
    const [row] = await database.select().from(wallets).where(eq(wallets.id, walletId));
    return row;
  }

  /** The balance is the wallet's ledger account; the ledger account id is null until its first entry. */
  async balance(
    buyerId: string,
    currency: string,
  ): Promise<{ amount: number; ledgerAccountId: string | null }> {
    const account = await this.ledger.findAccount(this.database, walletAccount(buyerId, currency));
    return { amount: account?.balance ?? 0, ledgerAccountId: account?.id ?? null };
  }

  /** Flagged wallets, most recently flagged first, after `cursor` (keyset on flagged_at, id). */
  async flaggedWallets(limit: number, cursor: KeysetCursor | null): Promise<WalletRow[]> {
    const after = cursor
      ? or(
          lt(wallets.flaggedAt, new Date(cursor.createdAt)),
          and(eq(wallets.flaggedAt, new Date(cursor.createdAt)), lt(wallets.id, cursor.id)),
        )
      : undefined;
    return this.database
      .select()
      .from(wallets)
      .where(and(eq(wallets.status, WalletStatus.WALLET_AT_RISK), after))
      .orderBy(desc(wallets.flaggedAt), desc(wallets.id))
      .limit(limit);
  }

  /** Admin: lifts every flag on the buyer's wallets, with a reason, audited. */
  async liftFlag(
    actorUserId: string,
    input: { buyerId: string | null; reason: string },
    meta: RequestMeta,
  ): Promise<Refusable<{ wallets: WalletRow[] }, LiftWalletFlagErrorCode>> {
    const reason = input.reason.trim();
    if (reason.length < reasonMinLength || reason.length > reasonMaxLength || /\p{Cc}/u.test(reason)) {
      return {
        errors: [
          userError(
            LiftWalletFlagErrorCode.INVALID_REASON,
            `Give a reason of ${reasonMinLength} to ${reasonMaxLength} printable characters.`,
            'reason',
          ),
        ],
      };
    }
    const buyerId = input.buyerId;
    if (!buyerId || !uuidPattern.test(buyerId)) {
      return { errors: [userError(LiftWalletFlagErrorCode.BUYER_NOT_FOUND, 'No such buyer.', 'buyerId')] };
    }
    return withTransaction(this.database, async (tx) => {
      const flagged = await tx
        .select()
        .from(wallets)
        .where(and(eq(wallets.buyerId, buyerId), eq(wallets.status, WalletStatus.WALLET_AT_RISK)))
        .orderBy(wallets.currency)
        .for('update');
      if (flagged.length === 0) {
        return {
          errors: [
            userError(
              LiftWalletFlagErrorCode.WALLET_NOT_FLAGGED,
              'This buyer has no flagged wallet.',
              'buyerId',
            ),
          ],
        };
      }
      const lifted: WalletRow[] = [];
      for (const row of flagged) {
        const openChargebacks = await this.chargebacksHolding(tx, row, null);
        lifted.push(await this.setStatus(tx, row, WalletStatus.ACTIVE, reason, actorUserId, null));
        await recordAudit(tx, {
          actorUserId,
          action: 'wallet.flag_lifted',
          subjectType: 'Wallet',
          subjectId: row.id,
          details: {
            buyerId,
            currency: row.currency,
            reason,
            flaggedReason: row.flaggedReason,
            flaggedAt: row.flaggedAt?.toISOString() ?? null,
            unresolvedChargebacks: openChargebacks,
          },
          requestId: meta.requestId,
          address: meta.address,
        });
      }
      return { wallets: lifted };
    });
  }

  // ---- Stripe events (called by StripeEventService, inside its transaction) ----

  /** `payment_intent.succeeded`: credits the top-up once. Returns what was done, for the event's record. */
  async applyPaymentSucceeded(tx: Tx, paymentIntent: StripePaymentIntent): Promise<string> {
    const topUp = await this.lockTopUpOfPaymentIntent(tx, paymentIntent);
    if (!topUp) return 'ignored: not a CodeSale top-up';
    if (topUp.status === TopUpStatus.SUCCEEDED) return 'ignored: top-up already credited';
    await this.credit(tx, topUp, paymentIntent);
    return 'top-up credited';
  }

  /** `payment_intent.payment_failed`: the attempt failed; the PaymentIntent may still succeed with another card. */
  async applyPaymentFailed(tx: Tx, paymentIntent: StripePaymentIntent): Promise<string> {
    const topUp = await this.lockTopUpOfPaymentIntent(tx, paymentIntent);
    if (!topUp) return 'ignored: not a CodeSale top-up';
    // A late failure of an earlier attempt never undoes a success.
    if (topUp.status === TopUpStatus.SUCCEEDED) return 'ignored: top-up already succeeded';
    await tx
      .update(topUps)
      .set({
        status: TopUpStatus.FAILED,
        failureCode: (paymentIntent.failureCode ?? 'payment_failed').slice(0, 100),
        stripePaymentIntentId: paymentIntent.id,
        updatedAt: new Date(),
      })
      .where(eq(topUps.id, topUp.id));
    return 'top-up failed';
  }

  /**
   * What a dispute event needs from Stripe before its transaction: when the dispute outran
   * `payment_intent.succeeded`, the PaymentIntent's current state (a dispute means the charge
   * succeeded, and the credit it disputes must exist before it is taken back).
   */
  async fetchForDispute(dispute: StripeDispute): Promise<FetchedPaymentIntent> {
    if (!dispute.paymentIntentId) return null;
    const [topUp] = await this.database
      .select({ status: topUps.status })
      .from(topUps)
      .where(eq(topUps.stripePaymentIntentId, dispute.paymentIntentId));
    if (topUp?.status === TopUpStatus.SUCCEEDED) return null;
    // Not credited yet, or not even linked to its PaymentIntent yet (the link is then in Stripe's metadata).
    return this.stripe.retrievePaymentIntent(dispute.paymentIntentId);
  }

  /**
   * `charge.dispute.created`: records the chargeback, takes the amount back out of the wallet
   * (which may go negative) and flags the wallet WALLET_AT_RISK. Seller earnings are not touched.
   */
  async applyDisputeOpened(tx: Tx, dispute: StripeDispute, fetched: FetchedPaymentIntent): Promise<string> {
    const opened = await this.openChargeback(tx, dispute, fetched);
    if (!opened) return 'ignored: not a CodeSale top-up';
    return opened.created ? 'chargeback opened; wallet flagged' : 'ignored: chargeback already recorded';
  }

  /**
   * `charge.dispute.closed`: WON puts the amount back and lifts the flag (unless another
   * chargeback of the wallet is open or was lost); LOST keeps the flag and the deficit. If the
   * closing outran the opening, the opening is done first, so the result is the same in any order.
   */
  async applyDisputeClosed(tx: Tx, dispute: StripeDispute, fetched: FetchedPaymentIntent): Promise<string> {
    const outcome = closedOutcome(dispute.status);
    const opened = await this.openChargeback(tx, dispute, fetched);
    if (!opened) return 'ignored: not a CodeSale top-up';
    const [chargeback] = await tx
      .select()
      .from(chargebacks)
      .where(eq(chargebacks.stripeDisputeId, dispute.id))
      .for('update');
    assert(chargeback, `chargeback ${dispute.id} missing after it was opened`);
    if (chargeback.status !== 'OPEN') return `ignored: chargeback already ${chargeback.status}`;
    await tx
      .update(chargebacks)
      .set({ status: outcome, closedAt: new Date() })
      .where(eq(chargebacks.id, chargeback.id));
    if (outcome === 'LOST') return 'chargeback lost; wallet stays flagged';
    await this.ledger.post(
      tx,
      chargebackReversalPosting({
        disputeId: dispute.id,
        topUpId: chargeback.topUpId,
        buyerId: chargeback.buyerId,
        amount: chargeback.amount,
        currency: chargeback.currency,
      }),
    );
    const holding = await this.chargebacksHolding(tx, opened.wallet, chargeback.id);
    if (holding > 0 || opened.wallet.status === WalletStatus.ACTIVE) return 'chargeback won; amount restored';
    await this.setStatus(
      tx,
      opened.wallet,
      WalletStatus.ACTIVE,
      `Chargeback ${dispute.id} won`,
      null,
      dispute.id,
    );
    return 'chargeback won; amount restored; flag lifted';
  }

  // ---- internals ----

  private async openChargeback(
    tx: Tx,
    dispute: StripeDispute,
    fetched: FetchedPaymentIntent,
  ): Promise<{ wallet: WalletRow; created: boolean } | null> {
    if (!dispute.paymentIntentId) return null;
    if (fetched)
      assert(fetched.id === dispute.paymentIntentId, `fetched ${fetched.id} for dispute ${dispute.id}`);
    const peek = await this.peekTopUp(tx, dispute.paymentIntentId, fetched);
    if (!peek) return null;
    const wallet = await this.lockWallet(tx, peek.buyerId, peek.currency);
    const topUp = fetched
      ? await this.lockTopUpOfPaymentIntent(tx, fetched)
      : (
          await tx
            .select()
            .from(topUps)
            .where(eq(topUps.stripePaymentIntentId, dispute.paymentIntentId))
            .for('update')
        )[0];
    assert(topUp && topUp.id === peek.id, `top-up of ${dispute.paymentIntentId} changed while it was locked`);
    if (topUp.status !== TopUpStatus.SUCCEEDED) {
      if (!fetched || fetched.status !== 'succeeded') {
        throw new PrerequisiteNotMet(
          `dispute ${dispute.id} on ${dispute.paymentIntentId}, which has not succeeded yet`,
        );
      }
      await this.credit(tx, topUp, fetched);
    }
    assert(dispute.currency === topUp.currency, `dispute ${dispute.id} currency differs from its top-up`);
    assert(
      dispute.amount > 0 && dispute.amount <= topUp.amount,
      `dispute ${dispute.id} amount exceeds its top-up`,
    );
    const [created] = await tx
      .insert(chargebacks)
      .values({
        stripeDisputeId: dispute.id,
        topUpId: topUp.id,
        buyerId: topUp.buyerId,
        amount: dispute.amount,
        currency: topUp.currency,
        reason: dispute.reason.slice(0, 100),
      })
      .onConflictDoNothing({ target: chargebacks.stripeDisputeId })
      .returning();
    if (!created) return { wallet, created: false };
    await this.ledger.post(
      tx,
      chargebackPosting({
        disputeId: dispute.id,
        topUpId: topUp.id,
        buyerId: topUp.buyerId,
        amount: dispute.amount,
        currency: topUp.currency,
      }),
    );
    const flagged = await this.setStatus(
      tx,
      wallet,
      WalletStatus.WALLET_AT_RISK,
      `Chargeback ${dispute.id} (${dispute.reason}) on top-up ${topUp.id}`,
      null,
      dispute.id,
    );
    await enqueueRiskRecompute(tx, this.jobs, topUp.buyerId, 'CHARGEBACK_OPENED');
    return { wallet: flagged, created: true };
  }

  /** The top-up a PaymentIntent pays, unlocked: to learn which wallet to lock first. */
  private async peekTopUp(
    tx: Tx,
    paymentIntentId: string,
    fetched: FetchedPaymentIntent,
  ): Promise<{ id: string; buyerId: string; currency: string } | null> {
    const columns = { id: topUps.id, buyerId: topUps.buyerId, currency: topUps.currency };
    const [byIntent] = await tx
      .select(columns)
      .from(topUps)
      .where(eq(topUps.stripePaymentIntentId, paymentIntentId));
    if (byIntent) return byIntent;
    const topUpId = fetched?.metadata['top_up_id'];
    if (!topUpId || !uuidPattern.test(topUpId)) return null;
    const [byMetadata] = await tx.select(columns).from(topUps).where(eq(topUps.id, topUpId));
    return byMetadata ?? null;
  }

  /** Posts the top-up's credit (idempotent by the top-up's key) and marks it SUCCEEDED. `topUp` is locked. */
  private async credit(tx: Tx, topUp: TopUpRow, paymentIntent: StripePaymentIntent): Promise<void> {
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
  }

  /**
   * The top-up a PaymentIntent pays, locked: by the PaymentIntent id, or by the top-up id in its
   * metadata when the event outran the request that attaches the id. Null when it is not ours.
   */
  private async lockTopUpOfPaymentIntent(
    tx: Tx,
    paymentIntent: StripePaymentIntent,
  ): Promise<TopUpRow | null> {
    const [byIntent] = await tx
      .select()
      .from(topUps)
      .where(eq(topUps.stripePaymentIntentId, paymentIntent.id))
      .for('update');
    if (byIntent) {
      assertSamePayment(byIntent, paymentIntent);
      return byIntent;
    }
    const topUpId = paymentIntent.metadata['top_up_id'];
    if (!topUpId || !uuidPattern.test(topUpId)) return null;
    const [byMetadata] = await tx.select().from(topUps).where(eq(topUps.id, topUpId)).for('update');
    if (!byMetadata) return null;
    assert(
      byMetadata.stripePaymentIntentId === null || byMetadata.stripePaymentIntentId === paymentIntent.id,
      `top-up ${topUpId} belongs to another payment intent`,
    );
    assertSamePayment(byMetadata, paymentIntent);
    return byMetadata;
  }

  private async ensureWallet(tx: Tx, buyerId: string, currency: string): Promise<void> {
    await tx
      .insert(wallets)
      .values({ buyerId, currency })
      .onConflictDoNothing({ target: [wallets.buyerId, wallets.currency] });
  }

  private async lockWallet(tx: Tx, buyerId: string, currency: string): Promise<WalletRow> {
    await this.ensureWallet(tx, buyerId, currency);
    const [row] = await tx
      .select()
      .from(wallets)
      .where(and(eq(wallets.buyerId, buyerId), eq(wallets.currency, currency)))
      .for('update');
    assert(row, 'wallet missing after insert');
    return row;
  }

  /** Chargebacks that keep a wallet flagged: open ones, and lost ones (until an admin decides). */
  private async chargebacksHolding(tx: Tx, wallet: WalletRow, exceptId: string | null): Promise<number> {
    const [row] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(chargebacks)
      .where(
        and(
          eq(chargebacks.buyerId, wallet.buyerId),
          eq(chargebacks.currency, wallet.currency),
          inArray(chargebacks.status, ['OPEN', 'LOST']),
          exceptId ? ne(chargebacks.id, exceptId) : undefined,
        ),
      );
    return row?.count ?? 0;
  }

  /** Changes a locked wallet's status and appends the change to its history. */
  private async setStatus(
    tx: Tx,
    wallet: WalletRow,
    status: WalletStatus,
    reason: string,
    actorUserId: string | null,
    stripeDisputeId: string | null,
  ): Promise<WalletRow> {
    if (wallet.status === status) return wallet;
    const now = new Date();
    const flagging = status === WalletStatus.WALLET_AT_RISK;
    const [updated] = await tx
      .update(wallets)
      .set({
        status,
        flaggedReason: flagging ? reason.slice(0, reasonMaxLength) : null,
        flaggedAt: flagging ? now : null,
        updatedAt: now,
      })
      .where(eq(wallets.id, wallet.id))
      .returning();
    assert(updated, `wallet ${wallet.id} vanished`);
    await tx.insert(walletStatusChanges).values({
      walletId: wallet.id,
      fromStatus: wallet.status,
      toStatus: status,
      reason: reason.slice(0, reasonMaxLength),
      actorUserId,
      stripeDisputeId,
    });
    return updated;
  }
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

function closedOutcome(status: string): 'WON' | 'LOST' {
  if (status === 'won' || status === 'warning_closed') return 'WON';
  if (status === 'lost') return 'LOST';
  throw new Error(`charge.dispute.closed with status ${status}`);
}

import { eq } from 'drizzle-orm';
import type { Database } from '../db/pool';
import type { Tx } from '../db/transaction';
import { chargebackPosting, chargebackReversalPosting } from '../domain/posting-rules';
import type { LedgerService } from '../ledger/ledger.service';
import { enqueueRiskRecompute } from '../risk/risk.jobs';
import { assert } from '../shared/assert';
import type { StripeGateway } from '../stripe/stripe.gateway';
import type { StripeDispute, StripePaymentIntent } from '../stripe/stripe.types';
import { topUpIdOfPaymentIntent, TopUpStatus, type TopUpService } from './top-up.service';
import { WalletStatus, type WalletRow, type WalletService } from './wallet.service';
import { chargebacks, topUps } from './wallet.tables';
import { publishWalletChanged } from './wallet-events';

export type ChargebackRow = typeof chargebacks.$inferSelect;

/** A chargeback is OPEN until Stripe decides it; WON and LOST are final (a trigger refuses to leave them). */
export enum ChargebackStatus {
  OPEN = 'OPEN',
  WON = 'WON',
  LOST = 'LOST',
}

/** Stripe's current view of a payment, fetched before a transaction when an event outran another. */
export type FetchedPaymentIntent = StripePaymentIntent | null;

/** An event whose prerequisite Stripe has not reached yet: the job fails and the queue retries it later. */
export class PrerequisiteNotMet extends Error {
  override name = 'PrerequisiteNotMet';
}

/**
 * ChargebackService: Stripe disputes of card top-ups (chargebacks), the only writer of
 * `chargebacks`. A chargeback takes the disputed amount back out of the buyer's wallet and flags
 * it WALLET_AT_RISK (through WalletService); it never touches seller earnings. StripeEventService
 * calls it inside its transaction. See wallet/README.md for its invariants.
 *
 * Lock order, everywhere: wallets row, then top_ups row, then chargebacks row, then ledger accounts.
 */
export class ChargebackService {
  constructor(
    private readonly database: Database,
    private readonly ledger: LedgerService,
    private readonly stripe: StripeGateway,
    private readonly wallets: WalletService,
    private readonly topUps: TopUpService,
  ) {}

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
    await publishWalletChanged(tx, chargeback.buyerId, chargeback.currency);
    const holding = await this.wallets.chargebacksHolding(tx, opened.wallet, chargeback.id);
    if (holding > 0 || opened.wallet.status === WalletStatus.ACTIVE) return 'chargeback won; amount restored';
    await this.wallets.setStatus(
      tx,
      opened.wallet,
      WalletStatus.ACTIVE,
      `Chargeback ${dispute.id} won`,
      null,
      dispute.id,
    );
    return 'chargeback won; amount restored; flag lifted';
  }

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
    const wallet = await this.wallets.lockWallet(tx, peek.buyerId, peek.currency);
    const topUp = fetched
      ? await this.topUps.lockOfPaymentIntent(tx, fetched)
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
      await this.topUps.credit(tx, topUp, fetched);
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
    // One event for the debit and the flag (setStatus publishes nothing itself).
    await publishWalletChanged(tx, topUp.buyerId, topUp.currency);
    const flagged = await this.wallets.setStatus(
      tx,
      wallet,
      WalletStatus.WALLET_AT_RISK,
      `Chargeback ${dispute.id} (${dispute.reason}) on top-up ${topUp.id}`,
      null,
      dispute.id,
    );
    await enqueueRiskRecompute(tx, topUp.buyerId, 'CHARGEBACK_OPENED');
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
    const topUpId = fetched ? topUpIdOfPaymentIntent(fetched) : null;
    if (!topUpId) return null;
    const [byMetadata] = await tx.select(columns).from(topUps).where(eq(topUps.id, topUpId));
    return byMetadata ?? null;
  }
}

function closedOutcome(status: string): 'WON' | 'LOST' {
  if (status === 'won' || status === 'warning_closed') return 'WON';
  if (status === 'lost') return 'LOST';
  throw new Error(`charge.dispute.closed with status ${status}`);
}

/**
 * Payout eligibility of one order, as pure rules. Resolution of a dispute never calls Stripe: it
 * settles escrow, and these rules (applied by PayoutEligibilityService's job) decide when money may
 * leave. Every fact comes from the ledger or from the area that owns it; nothing here does I/O.
 */
export interface EligibilityFacts {
  escrowStatus: 'HELD' | 'RELEASED' | 'REFUNDED';
  payoutEligibleAt: Date | null;
  /** The seller's risk tier holds payouts (AT_RISK or worse): RiskEnforcementService.sellerPayoutsHeld. */
  sellerPayoutsHeld: boolean;
}

/** Order.payoutEligible as buyers and sellers see it on an order: released, past the hold, not held by risk. */
export function isPayoutEligible(order: EligibilityFacts, now: Date): boolean {
  return (
    order.escrowStatus === 'RELEASED' &&
    order.payoutEligibleAt !== null &&
    order.payoutEligibleAt <= now &&
    !order.sellerPayoutsHeld
  );
}

/** Why a released order may not be paid out now; the first that applies, in this order. */
export enum PayoutBlockReason {
  /** The seller is BANNED: their funds are frozen. */
  SELLER_BANNED = 'SELLER_BANNED',
  /** An admin holds the seller's payouts. */
  ADMIN_HOLD = 'ADMIN_HOLD',
  /** The seller's tier is AT_RISK or RESTRICTED: no new payouts. */
  SELLER_AT_RISK = 'SELLER_AT_RISK',
  /** The order has an open dispute. */
  OPEN_DISPUTE = 'OPEN_DISPUTE',
  /**
   * The order's buyer has a wallet on hold after a chargeback: money they paid with may go back to
   * the bank, so what they bought is not paid out until an admin lifts the hold.
   */
  BUYER_CHARGEBACK = 'BUYER_CHARGEBACK',
  /** The seller's Connect account cannot receive transfers (onboarding not done, restricted, or disconnected). */
  ACCOUNT_NOT_ENABLED = 'ACCOUNT_NOT_ENABLED',
}

/** The states an order moves between before a payout takes it (ALLOCATED and PAID belong to PayoutService). */
export type OpenPayoutOrderState = 'HELD' | 'ELIGIBLE' | 'BLOCKED';

/** What decides a released order's open state, all read at the same moment. */
export interface OrderPayoutFacts {
  /** The end of the payout hold after release (orders.payout_eligible_at). */
  eligibleFrom: Date;
  openDispute: boolean;
  /** The order's buyer has a wallet on hold (WALLET_AT_RISK: a chargeback). */
  buyerWalletOnHold: boolean;
  sellerBanned: boolean;
  /** AT_RISK or worse in the SELLER role (banned aside). */
  sellerAtRisk: boolean;
  adminHold: boolean;
  accountEnabled: boolean;
}

export function openPayoutOrderState(
  facts: OrderPayoutFacts,
  now: Date,
): { state: OpenPayoutOrderState; blockedReason: PayoutBlockReason | null } {
  const reason = blockReason(facts);
  if (reason) return { state: 'BLOCKED', blockedReason: reason };
  if (facts.eligibleFrom > now) return { state: 'HELD', blockedReason: null };
  return { state: 'ELIGIBLE', blockedReason: null };
}

function blockReason(facts: OrderPayoutFacts): PayoutBlockReason | null {
  if (facts.sellerBanned) return PayoutBlockReason.SELLER_BANNED;
  if (facts.adminHold) return PayoutBlockReason.ADMIN_HOLD;
  if (facts.sellerAtRisk) return PayoutBlockReason.SELLER_AT_RISK;
  if (facts.openDispute) return PayoutBlockReason.OPEN_DISPUTE;
  if (facts.buyerWalletOnHold) return PayoutBlockReason.BUYER_CHARGEBACK;
  if (!facts.accountEnabled) return PayoutBlockReason.ACCOUNT_NOT_ENABLED;
  return null;
}

/**
 * Payout eligibility of one order, as a pure rule. Resolution of a dispute never calls Stripe:
 * it settles escrow, and this rule (read by the payout worker) decides when money may leave.
 */
export interface EligibilityFacts {
  escrowStatus: 'HELD' | 'RELEASED' | 'REFUNDED';
  payoutEligibleAt: Date | null;
  /** The seller's risk tier holds payouts (AT_RISK or worse): RiskEnforcementService.sellerPayoutsHeld. */
  sellerPayoutsHeld: boolean;
}

export function isPayoutEligible(order: EligibilityFacts, now: Date): boolean {
  return (
    order.escrowStatus === 'RELEASED' &&
    order.payoutEligibleAt !== null &&
    order.payoutEligibleAt <= now &&
    !order.sellerPayoutsHeld
  );
}

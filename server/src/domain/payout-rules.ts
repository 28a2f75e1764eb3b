/**
 * The pure rules of seller payouts: which orders a payout takes, when a failed seller may be tried
 * again, and what a Connect account's state is. PayoutService and the withdrawal services apply them.
 */

export interface PayableOrder {
  orderId: string;
  netAmount: number;
  releasedAt: Date;
}

/**
 * Whole orders, oldest release first (FIFO), while their running total stays within `limit`. The
 * first order that does not fit ends the selection: a younger order never jumps an older one.
 * `orders` must already be in FIFO order (released_at, then order id).
 */
export function selectFifoOrders(
  orders: readonly PayableOrder[],
  limit: number,
): { orderIds: string[]; total: number } {
  const orderIds: string[] = [];
  let total = 0;
  for (const order of orders) {
    if (total + order.netAmount > limit) break;
    total += order.netAmount;
    orderIds.push(order.orderId);
  }
  return { orderIds, total };
}

/**
 * After `consecutiveFailures` refused payouts (insufficient platform balance, restricted account,
 * declined), the seller's next automatic attempt waits base * 2^(failures - 1), capped.
 */
export function nextPayoutAttemptAt(
  lastFailedAt: Date,
  consecutiveFailures: number,
  settings: { baseDelaySeconds: number; maxDelaySeconds: number },
): Date {
  if (consecutiveFailures <= 0) return lastFailedAt;
  const exponent = Math.min(consecutiveFailures - 1, 30);
  const delaySeconds = Math.min(settings.baseDelaySeconds * 2 ** exponent, settings.maxDelaySeconds);
  return new Date(lastFailedAt.getTime() + delaySeconds * 1000);
}

/**
 * DISCONNECTED is not a state Stripe reports: it is CodeSale's record that Stripe no longer knows the
 * account (payoutAccountStatus never returns it; PayoutAccountService sets it).
 */
export type PayoutAccountStatus =
  'NOT_STARTED' | 'PENDING_VERIFICATION' | 'RESTRICTED' | 'ENABLED' | 'DISCONNECTED';

/** What Stripe says about a connected account (account.updated, or a retrieve). */
export interface ConnectAccountFacts {
  payoutsEnabled: boolean;
  transfersActive: boolean;
  detailsSubmitted: boolean;
  currentlyDue: readonly string[];
  pastDue: readonly string[];
  pendingVerification: readonly string[];
}

/**
 * ENABLED only when Stripe lets money reach the seller (payouts enabled and the transfers
 * capability active). Otherwise: nothing submitted yet is NOT_STARTED; requirements outstanding
 * are RESTRICTED; only Stripe's own checks outstanding is PENDING_VERIFICATION.
 */
export function payoutAccountStatus(facts: ConnectAccountFacts): PayoutAccountStatus {
  if (facts.payoutsEnabled && facts.transfersActive) return 'ENABLED';
  if (!facts.detailsSubmitted) return 'NOT_STARTED';
  if (facts.currentlyDue.length > 0 || facts.pastDue.length > 0) return 'RESTRICTED';
  if (facts.pendingVerification.length > 0) return 'PENDING_VERIFICATION';
  return 'RESTRICTED';
}

/** The requirements a seller must still provide, as Stripe names them, without repeats. */
export function missingRequirements(facts: ConnectAccountFacts): string[] {
  return [...new Set([...facts.pastDue, ...facts.currentlyDue])].sort();
}

/**
 * Why a payout failed, in words for its seller, from Stripe's refusal code, or from the hold that
 * stopped it before it was sent (SELLER_BANNED, ADMIN_HOLD, SELLER_AT_RISK). Stripe's own message
 * is written for the platform's developers (it names the platform's balance and test cards):
 * sellers read this, admins read Stripe's. The orders of a failed payout are back in earnings.
 */
export function sellerPayoutFailure(code: string): string {
  if (code === 'SELLER_BANNED')
    return 'This payout was not sent: your account is banned, and its funds are frozen.';
  if (code === 'ADMIN_HOLD') {
    return 'This payout was not sent: CodeSale holds your payouts for now. The money is back in your earnings, and is paid once the hold is lifted.';
  }
  if (code === 'SELLER_AT_RISK') {
    return 'This payout was not sent: your payouts are paused while your account is reviewed. The money is back in your earnings.';
  }
  // The account's refusals leave the money blocked in earnings until the account can take it.
  if (code === 'resource_missing' || code === 'account_invalid') {
    return 'Stripe no longer knows your payout account: connect a new one on the Payouts page. The money is back in your earnings, and waits for the new account.';
  }
  if (code === 'insufficient_capabilities_for_transfer' || code.startsWith('account_')) {
    return 'Your Stripe account cannot receive transfers now: see what Stripe still needs on the Payouts page. The money is back in your earnings, and waits until Stripe enables the account.';
  }
  return 'CodeSale could not send this payout, a problem on our side, not with your account. The money is available again. It is sent with your next withdrawal or sweep.';
}

/**
 * Bank payouts of connected accounts (Stripe's `payout.*` events on a seller's account): which of
 * two states of one payout is the newer, whatever order their events arrive in.
 */

/** The statuses Stripe gives a payout, in the order a payout moves through them. */
export const bankPayoutStatuses = ['pending', 'in_transit', 'paid', 'failed', 'canceled'] as const;
export type BankPayoutStatus = (typeof bankPayoutStatuses)[number];

export function isBankPayoutStatus(value: string): value is BankPayoutStatus {
  return (bankPayoutStatuses as readonly string[]).includes(value);
}

/**
 * How far along a payout is: pending, then in transit, then paid; failed and canceled end it
 * (Stripe may still fail a payout it had called paid, never the other way round).
 */
const progress: Record<BankPayoutStatus, number> = {
  pending: 0,
  in_transit: 1,
  paid: 2,
  failed: 3,
  canceled: 3,
};

export interface BankPayoutState {
  status: BankPayoutStatus;
  /** `created` of the Stripe event that carried this state, in Unix seconds. */
  eventCreatedSeconds: number;
}

/**
 * Whether `incoming` replaces `stored`. A later event is the later state. Events of the same second
 * (Stripe sends `payout.created` and `payout.paid` within one) are ordered by progress, so a late
 * `payout.created` never turns a paid payout back into a pending one; an equal state changes nothing.
 */
export function bankPayoutStateSupersedes(stored: BankPayoutState, incoming: BankPayoutState): boolean {
  if (incoming.eventCreatedSeconds !== stored.eventCreatedSeconds) {
    return incoming.eventCreatedSeconds > stored.eventCreatedSeconds;
  }
  return progress[incoming.status] > progress[stored.status];
}

import type { BuyerOrderSummaryFragment } from '../gql/graphql';

export interface OrderStateView {
  label: string;
  color: string;
  /** Whether the buyer can still confirm (or, without any dispute yet, dispute): escrow held, no open dispute. */
  actionable: boolean;
}

const disputeOpenStates = new Set(['OPEN', 'UNDER_REVIEW', 'NEEDS_RESPONSE']);

/** The order's dispute is open: its money waits for support's decision, not for the protection window. */
export function disputeIsOpen(order: Pick<BuyerOrderSummaryFragment, 'dispute'>): boolean {
  return !!order.dispute && disputeOpenStates.has(order.dispute.state);
}

/** What the buyer reads about an order, from its escrow and its dispute. */
export function orderState(order: BuyerOrderSummaryFragment): OrderStateView {
  if (order.dispute && disputeIsOpen(order)) {
    if (order.dispute.state !== 'NEEDS_RESPONSE')
      return { label: 'Disputed', color: 'orange', actionable: false };
    // Support asks one party: the buyer, or the seller (then the buyer only waits).
    return order.dispute.requestedParty === 'BUYER'
      ? { label: 'Dispute: your answer is needed', color: 'orange', actionable: false }
      : { label: 'Dispute: waiting for the seller', color: 'orange', actionable: false };
  }
  switch (order.escrowStatus) {
    case 'HELD':
      // Held with a dispute that is not open: the buyer withdrew it (a decision settles the order),
      // so confirming is theirs again; a second dispute is not.
      return { label: 'Awaiting your confirmation', color: 'blue.9', actionable: true };
    case 'RELEASED':
      return { label: order.confirmedAt ? 'Confirmed' : 'Completed', color: 'teal.9', actionable: false };
    case 'REFUNDED':
      return { label: 'Refunded', color: 'gray.7', actionable: false };
  }
}

/** The buyer withdrew the order's dispute: it cannot be opened again, and the order waits for confirmation. */
export function disputeWithdrawn(
  order: Pick<BuyerOrderSummaryFragment, 'dispute' | 'escrowStatus'>,
): boolean {
  return order.escrowStatus === 'HELD' && order.dispute?.state === 'CLOSED';
}

export function orderTitle(order: Pick<BuyerOrderSummaryFragment, 'listing' | 'id'>): string {
  return order.listing?.title ?? 'Listing no longer available';
}

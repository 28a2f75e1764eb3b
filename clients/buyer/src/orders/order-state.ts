import type { BuyerOrderSummaryFragment } from '../gql/graphql';

export interface OrderStateView {
  label: string;
  color: string;
  /** Whether the buyer can still confirm or dispute: escrow held and no dispute. */
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
      return { label: 'Awaiting your confirmation', color: 'blue.9', actionable: !order.dispute };
    case 'RELEASED':
      return { label: order.confirmedAt ? 'Confirmed' : 'Completed', color: 'teal.9', actionable: false };
    case 'REFUNDED':
      return { label: 'Refunded', color: 'gray.7', actionable: false };
  }
}

export function orderTitle(order: Pick<BuyerOrderSummaryFragment, 'listing' | 'id'>): string {
  return order.listing?.title ?? 'Listing no longer available';
}

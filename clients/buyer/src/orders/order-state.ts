import type { BuyerOrderSummaryFragment } from '../gql/graphql';

export interface OrderStateView {
  label: string;
  color: string;
  /** Whether the buyer can still confirm or dispute: escrow held and no dispute. */
  actionable: boolean;
}

const disputeOpenStates = new Set(['OPEN', 'UNDER_REVIEW', 'NEEDS_RESPONSE']);

/** What the buyer reads about an order, from its escrow and its dispute. */
export function orderState(order: BuyerOrderSummaryFragment): OrderStateView {
  if (order.dispute && disputeOpenStates.has(order.dispute.state)) {
    return order.dispute.state === 'NEEDS_RESPONSE'
      ? { label: 'Dispute: your answer is needed', color: 'orange', actionable: false }
      : { label: 'Disputed', color: 'orange', actionable: false };
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

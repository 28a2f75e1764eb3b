import type { DocumentNode } from '@apollo/client';
import { useResumableSubscription, type ResumableSubscriptionState } from '@codesale/client-shared';
import { useCoalescedRefetch } from '../app/coalesced-refetch';
import { graphql } from '../gql';
import { SellerDisputesQuery } from './disputes/dispute.documents';
import { SellerListingQuery, SellerListingsQuery } from './listings/listing.documents';
import { SellerEarningsQuery } from './payouts/payout.documents';
import { SellerSalesQuery } from './sales/sale.documents';

/**
 * The seller's own events (`viewerEvents`). They carry no data, only what changed: SALE_UPDATED (a
 * sale was placed, released, refunded or disputed: the earnings move too) and DISPUTE_UPDATED (a dispute on a sale was
 * opened, moved or got a message).
 */
export const SellerViewerEventsSubscription = graphql(`
  subscription SellerViewerEvents($after: String) {
    viewerEvents(after: $after) {
      cursor
      kind
      subjectId
    }
  }
`);

/** What each event makes load again: the lists showing it that are on screen (Apollo's active queries). */
const refetchedOn: Partial<Record<string, DocumentNode[]>> = {
  // A sale takes a code: the listings' stock moves with it. A release or refund moves the earnings
  // (the newcomer probe: a first sale released while Payouts was open never showed there).
  SALE_UPDATED: [SellerSalesQuery, SellerListingsQuery, SellerListingQuery, SellerEarningsQuery],
  // The sales list marks a disputed sale with the dispute's state; a dispute holds the sale's payout.
  DISPUTE_UPDATED: [SellerDisputesQuery, SellerSalesQuery, SellerEarningsQuery],
};

/**
 * Keeps the seller's sales, stock and disputes live on every page, without polling: the navigation's
 * count of disputes awaiting the seller, the Sales page, the listings' stock and the Disputes list
 * load again when an event says they changed. One refetch of a list runs at a time; events arriving meanwhile (a seller selling
 * many codes a second) make one more, not one each. Mounted once, in the console's layout.
 */
export function useSellerLiveUpdates(skip: boolean): ResumableSubscriptionState {
  const refetch = useCoalescedRefetch();

  return useResumableSubscription({
    document: SellerViewerEventsSubscription,
    variables: {},
    skip,
    // Events are signals, not data: nothing to cache.
    fetchPolicy: 'no-cache',
    cursorOf: (data) => data.viewerEvents.cursor,
    onEvent: (data) => refetchedOn[data.viewerEvents.kind]?.forEach(refetch),
    // Events were missed and cannot be replayed: load both lists again.
    onResumeImpossible: () =>
      [
        SellerSalesQuery,
        SellerDisputesQuery,
        SellerListingsQuery,
        SellerListingQuery,
        SellerEarningsQuery,
      ].forEach(refetch),
  });
}

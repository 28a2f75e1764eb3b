'use client';

import { graphql } from '../gql';
import { useResumableSubscription, type ResumableSubscriptionState } from '@codesale/client-shared';

/**
 * The signed-in buyer's own events (`viewerEvents`): WALLET_CHANGED (subject: the Wallet), TOP_UP_UPDATED
 * (the TopUp), ORDER_UPDATED (an Order), DISPUTE_UPDATED (a Dispute). They carry no data, only what changed:
 * a page refetches what it shows. Shared by the header, the wallet and order pages; the checkout may use it too.
 */
export const ViewerEventsSubscription = graphql(`
  subscription BuyerViewerEvents($after: String) {
    viewerEvents(after: $after) {
      cursor
      kind
      subjectId
    }
  }
`);

export interface ViewerEventView {
  kind: string;
  subjectId: string;
}

export function useViewerEvents(
  onEvent: (event: ViewerEventView) => void,
  /** The server can no longer replay what was missed: reload everything the page shows. */
  onResumeImpossible: () => void,
  skip = false,
): ResumableSubscriptionState {
  return useResumableSubscription({
    document: ViewerEventsSubscription,
    variables: {},
    skip,
    // Events are signals, not data: nothing to cache.
    fetchPolicy: 'no-cache',
    cursorOf: (data) => data.viewerEvents.cursor,
    onEvent: (data) => onEvent({ kind: data.viewerEvents.kind, subjectId: data.viewerEvents.subjectId }),
    onResumeImpossible,
  });
}

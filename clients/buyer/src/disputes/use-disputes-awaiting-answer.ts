'use client';

import { useQuery } from '@apollo/client/react';
import { useCallback, useMemo, useRef } from 'react';
import { awaitingBuyerAnswerCount } from './awaiting-answer';
import { BuyerDisputesAwaitingAnswerQuery } from './disputes.documents';

export interface DisputesAwaitingAnswer {
  /** 0 until known, and for a viewer who is not a buyer. */
  count: number;
  /** Reads the disputes again. One request runs at a time: calls meanwhile make one more, not one each. */
  refetch: () => void;
}

/**
 * The signed-in buyer's disputes awaiting their answer, for the header's Orders link. Kept live by
 * the caller (ViewerProvider), whose `viewerEvents` subscription calls `refetch` on DISPUTE_UPDATED:
 * the server sends it to both parties when a dispute opens, moves (support asks, the deadline
 * passes, a decision) or gets a message, whatever page the buyer is on. The buyer's own answer also
 * reaches the cache directly (postDisputeMessage returns the dispute).
 */
export function useDisputesAwaitingAnswer(buyerId: string | null, skip: boolean): DisputesAwaitingAnswer {
  const query = useQuery(BuyerDisputesAwaitingAnswerQuery, {
    skip,
    fetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
  });
  const { refetch: refetchQuery } = query;
  const refetching = useRef<'idle' | 'running' | 'again'>('idle');

  const refetch = useCallback(() => {
    if (skip) return;
    if (refetching.current !== 'idle') {
      // A burst of events (support's request and its message): one more read covers them all.
      refetching.current = 'again';
      return;
    }
    const run = () => {
      refetching.current = 'running';
      void refetchQuery()
        .catch(() => undefined)
        .finally(() => {
          const again = refetching.current === 'again';
          refetching.current = 'idle';
          if (again) run();
        });
    };
    run();
  }, [skip, refetchQuery]);

  const disputes = query.data?.myDisputes.edges;
  const count = useMemo(
    () =>
      buyerId && disputes
        ? awaitingBuyerAnswerCount(
            disputes.map((edge) => edge.node),
            buyerId,
          )
        : 0,
    [disputes, buyerId],
  );
  return { count, refetch };
}

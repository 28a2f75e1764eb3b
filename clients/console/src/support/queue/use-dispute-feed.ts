import { useApolloClient } from '@apollo/client/react';
import { useCallback, useRef } from 'react';
import { useFragment as unmask } from '../../gql';
import type { DisputeFeedSubscription as DisputeFeedResult, DisputeQueueFilter } from '../../gql/graphql';
import { CountedChanges, type QueueFilter } from '../dispute-cache';
import { useResumableSubscription, type ResumableSubscriptionState } from '@codesale/client-shared';
import { writeFeedChange } from './queue-cache-writer';
import { DisputeFeedSubscription, QueueDisputeFragment as QueueDisputeDocument } from './queue.documents';

export interface DisputeFeedTarget {
  /** The variables the queue list was fetched with (`first` aside, it is not part of the cache key). */
  queueVariables: { filter: DisputeQueueFilter; first: number };
  /** The same filter, resolved for judging membership on the client. */
  filter: QueueFilter;
  /** Reload the list and the counts (the feed could not be resumed). */
  reload: () => void;
}

/**
 * Keeps the queue page's list and counts in step with `disputeFeed`. The subscription is
 * unfiltered on purpose: a dispute leaving the current filter (handed to a colleague, moved on)
 * must be seen to be removed. Each event goes through the pure rules of dispute-cache.ts.
 */
export function useDisputeFeed(target: DisputeFeedTarget): ResumableSubscriptionState {
  const apollo = useApolloClient();
  // Per page visit: the counts query answered on arrival is the baseline these events move.
  const counted = useRef(new CountedChanges());
  const targetRef = useRef(target);
  targetRef.current = target;

  const onEvent = useCallback(
    (data: DisputeFeedResult) => {
      const event = data.disputeFeed;
      const { queueVariables, filter } = targetRef.current;
      writeFeedChange(
        apollo.cache,
        {
          disputeId: event.disputeId,
          kind: event.kind,
          fromState: event.fromState ?? null,
          state: event.state,
          version: event.version,
          dispute: event.dispute ? unmask(QueueDisputeDocument, event.dispute) : null,
        },
        { serverFilter: queueVariables.filter, filter, now: new Date() },
        counted.current,
      );
    },
    [apollo],
  );

  const onResumeImpossible = useCallback(() => {
    counted.current = new CountedChanges();
    targetRef.current.reload();
  }, []);

  return useResumableSubscription({
    document: DisputeFeedSubscription,
    variables: {},
    cursorOf: (data) => data.disputeFeed.cursor,
    onEvent,
    onResumeImpossible,
  });
}

import { useApolloClient } from '@apollo/client/react';
import { useCallback, useRef } from 'react';
import { makeFragmentData, useFragment as unmask } from '../../gql';
import type {
  DisputeFeedSubscription as DisputeFeedResult,
  DisputeQueueFilter,
  DisputeQueueQuery as DisputeQueueResult,
  QueueDisputeFragment,
} from '../../gql/graphql';
import {
  applyChangeToCounts,
  applyChangeToQueue,
  CountedChanges,
  type DisputeFeedChange,
  type QueueConnection,
  type QueueFilter,
} from '../dispute-cache';
import { useResumableSubscription, type ResumableSubscriptionState } from '../use-resumable-subscription';
import {
  DisputeCountsQuery,
  DisputeFeedSubscription,
  DisputeQueueQuery,
  QueueDisputeFragment as QueueDisputeDocument,
} from './queue.documents';

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
      const cache = apollo.cache;
      const cacheId = cache.identify({ __typename: 'Dispute', id: event.disputeId });
      const change: DisputeFeedChange<QueueDisputeFragment> = {
        disputeId: event.disputeId,
        kind: event.kind,
        fromState: event.fromState ?? null,
        state: event.state,
        version: event.version,
        dispute: event.dispute ? unmask(QueueDisputeDocument, event.dispute) : null,
      };
      // The subscription result is already in the cache (newest version kept): judge on that.
      const known = cacheId
        ? cache.readFragment({ id: cacheId, fragment: QueueDisputeDocument, fragmentName: 'QueueDispute' })
        : null;
      const { queueVariables, filter } = targetRef.current;

      cache.updateQuery({ query: DisputeQueueQuery, variables: queueVariables }, (cached) => {
        if (!cached) return undefined;
        const queue = toQueue(cached.disputeQueue);
        const next = applyChangeToQueue(queue, change, { filter, now: new Date(), known });
        return next === queue ? undefined : { ...cached, disputeQueue: fromQueue(cached.disputeQueue, next) };
      });
      cache.updateQuery({ query: DisputeCountsQuery }, (cached) => {
        if (!cached) return undefined;
        const counts = applyChangeToCounts(cached.disputeCounts, change, counted.current);
        return counts === cached.disputeCounts ? undefined : { ...cached, disputeCounts: [...counts] };
      });
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

/** The list as the generated query type has it: nodes are fragment-masked. */
type CachedQueue = DisputeQueueResult['disputeQueue'];

/** The generated types mask fragment fields; the data itself is whole. */
function toQueue(connection: CachedQueue): QueueConnection<QueueDisputeFragment> {
  return {
    ...connection,
    edges: connection.edges.map((edge) => ({ ...edge, node: unmask(QueueDisputeDocument, edge.node) })),
  };
}

function fromQueue(original: CachedQueue, queue: QueueConnection<QueueDisputeFragment>): CachedQueue {
  return {
    ...original,
    edges: queue.edges.map((edge) => ({
      __typename: 'DisputeEdge' as const,
      cursor: edge.cursor,
      node: makeFragmentData(edge.node, QueueDisputeDocument),
    })),
  };
}

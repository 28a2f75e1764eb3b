import { isReference, type ApolloCache, type InMemoryCache, type Reference } from '@apollo/client';
import type { DisputeQueueFilter, QueueDisputeFragment } from '../../gql/graphql';
import {
  applyChangeToCounts,
  applyQueueEdit,
  insertionIndex,
  newestDispute,
  planQueueEdit,
  type CountedChanges,
  type DisputeFeedChange,
  type QueueFilter,
} from '../dispute-cache';
import { DisputeCountsQuery, QueueDisputeFragment as QueueDisputeDocument } from './queue.documents';

/**
 * Writes one `disputeFeed` event into the Apollo cache, by the rules of dispute-cache.ts.
 *
 * The list is edited where Apollo stores it, as references to normalised disputes (cache.modify):
 * an event costs a scan of the references and a binary search for an insertion, not a rewrite of
 * every row. Rewriting the whole list through updateQuery re-normalises every dispute in it and
 * took about a second per event at a few hundred rows (measured in jsdom); the queue must stay
 * smooth at thousands.
 */

export interface QueueCacheTarget {
  /** The filter argument the list was fetched with: it names the list in the cache. */
  serverFilter: DisputeQueueFilter;
  /** The same filter, for judging membership here. */
  filter: QueueFilter;
  now: Date;
}

interface StoredEdge {
  __typename?: string;
  cursor: string;
  node: Reference;
}

interface StoredConnection {
  edges: readonly StoredEdge[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

export function writeFeedChange(
  cache: ApolloCache,
  change: DisputeFeedChange<QueueDisputeFragment>,
  target: QueueCacheTarget,
  counted: CountedChanges,
): void {
  const cacheId = cache.identify({ __typename: 'Dispute', id: change.disputeId });
  if (!cacheId) return;
  // The subscription's own result is already written (the type policy kept the newest version).
  const known = cache.readFragment({
    id: cacheId,
    fragment: QueueDisputeDocument,
    fragmentName: 'QueueDispute',
  });
  const newest = newestDispute(known, change);
  if (newest && newest !== known) {
    // Newer than the cache, yet not written by the subscription: the event came without its dispute.
    cache.writeFragment({
      id: cacheId,
      fragment: QueueDisputeDocument,
      fragmentName: 'QueueDispute',
      data: newest,
    });
  }

  const listName = (cache as InMemoryCache).policies.getStoreFieldName({
    typename: 'Query',
    fieldName: 'disputeQueue',
    args: { filter: target.serverFilter },
  });
  cache.modify<{ disputeQueue: StoredConnection }>({
    id: 'ROOT_QUERY',
    fields: {
      disputeQueue(existing, { storeFieldName, readField, toReference }) {
        if (storeFieldName !== listName || !existing || isReference(existing)) return existing;
        const connection = existing as StoredConnection;
        const edges = connection.edges;
        const index = edges.findIndex((edge) => edge.node.__ref === cacheId);
        const edit = planQueueEdit(
          index >= 0 && newest ? { index, node: newest } : null,
          (node) =>
            insertionIndex(
              edges.length,
              (at) => ({
                createdAt: readField<string>('createdAt', edges[at]!.node) ?? '',
                id: readField<string>('id', edges[at]!.node) ?? '',
              }),
              node,
              connection.pageInfo.hasNextPage,
            ),
          // Judged on the newest data: the list only changes membership here.
          { ...change, dispute: newest },
          { filter: target.filter, now: target.now },
        );
        if (edit.kind === 'keep' || edit.kind === 'update') return existing;
        const reference = toReference(cacheId);
        if (!reference) return existing;
        return {
          ...connection,
          edges: applyQueueEdit(edges, edit, () => ({
            __typename: 'DisputeEdge',
            cursor: '',
            node: reference,
          })),
        };
      },
    },
  });

  cache.updateQuery({ query: DisputeCountsQuery }, (cached) => {
    if (!cached) return undefined;
    const counts = applyChangeToCounts(cached.disputeCounts, change, counted);
    return counts === cached.disputeCounts ? undefined : { ...cached, disputeCounts: [...counts] };
  });
}

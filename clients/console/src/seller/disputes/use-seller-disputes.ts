import type { ErrorLike } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { useEffect, useMemo } from 'react';
import { useFragment as readFragment } from '../../gql';
import type { SellerDisputeRowFragment } from '../../gql/graphql';
import { useSession } from '../../session/session-context';
import { SellerDisputeRowFragment as RowDocument, SellerDisputesQuery } from './dispute.documents';
import { awaitingSellerCount, sellerDisputesInOrder } from './dispute-list';

/** The API's largest page: most sellers' disputes come in one request. */
const pageSize = 100;
/** Pages read at most: the list and the count cover a seller's first 1,000 disputes. */
const maxPages = 10;

export interface SellerDisputes {
  /** The disputes on the viewer's sales, awaiting their response first (dispute-list.ts). */
  disputes: SellerDisputeRowFragment[];
  /** How many of them wait for the seller's response. */
  awaiting: number;
  loading: boolean;
  error: ErrorLike | undefined;
  /** More disputes exist than this console reads (past `maxPages` pages). */
  truncated: boolean;
  refetch: () => void;
}

/**
 * The seller's disputes, for the list and the navigation's count. `myDisputes` has no filter and
 * lists oldest first, and a request to respond can stand on any of them, so every page is read (up
 * to `maxPages`) and the order is the console's. Both callers share one cache entry.
 *
 * Live without polling: the console's layout (useSellerLiveUpdates) loads this query again when
 * `viewerEvents` says one of the seller's disputes changed, on whatever page the seller is. A
 * dispute's own page is live through `disputeUpdated`, and what it receives reaches this list
 * through the cache.
 */
export function useSellerDisputes(): SellerDisputes {
  const { viewer, hasRole } = useSession();
  const query = useQuery(SellerDisputesQuery, {
    variables: { first: pageSize },
    skip: !hasRole('SELLER'),
    fetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
  });
  const { fetchMore, refetch } = query;
  const connection = query.data?.myDisputes;
  const loaded = connection?.edges.length ?? 0;
  const endCursor = connection?.pageInfo.endCursor ?? null;
  const hasNextPage = connection?.pageInfo.hasNextPage ?? false;
  const mayReadMore = loaded < pageSize * maxPages;

  useEffect(() => {
    // The field policy appends a page that continues the list and drops a duplicate one.
    if (hasNextPage && endCursor && mayReadMore) {
      void fetchMore({ variables: { after: endCursor } }).catch(() => undefined);
    }
  }, [hasNextPage, endCursor, mayReadMore, fetchMore]);

  const sellerId = viewer?.id ?? '';
  const disputes = useMemo(
    () =>
      sellerDisputesInOrder(
        connection?.edges.map((edge) => readFragment(RowDocument, edge.node)) ?? [],
        sellerId,
      ),
    [connection, sellerId],
  );
  const awaiting = useMemo(() => awaitingSellerCount(disputes, sellerId), [disputes, sellerId]);
  return {
    disputes,
    awaiting,
    loading: query.loading && !connection,
    error: query.error,
    truncated: hasNextPage && !mayReadMore,
    refetch: () => void refetch(),
  };
}

import { NetworkStatus } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useInterval } from '@mantine/hooks';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useFragment as unmask } from '../../gql';
import { useSession } from '../../session/session-context';
import { PageLoader } from '../../ui/PageLoader';
import { LiveStatus } from '../LiveStatus';
import { DisputeQueueFilters } from './DisputeQueueFilters';
import { DisputeQueueList } from './DisputeQueueList';
import { DisputeStateCounts } from './DisputeStateCounts';
import {
  clientFilter,
  readQueueFilter,
  serverFilter,
  writeQueueFilter,
  type QueueFilterSelection,
} from './queue-filter';
import { DisputeCountsQuery, DisputeQueueQuery, QueueDisputeFragment } from './queue.documents';
import { useDisputeFeed } from './use-dispute-feed';
import { errorMessage } from '../../ui/error-message';

/** The largest page the API gives (server/src/graphql/relay.ts maxPageSize). */
const pageSize = 100;

/** Deadlines shown as "in 3 h" / "overdue by 5 min" are recomputed this often; no data is fetched. */
const clockTickMs = 30_000;

export function DisputeQueuePage() {
  const { viewer } = useSession();
  const viewerId = viewer?.id ?? '';
  const [searchParameters, setSearchParameters] = useSearchParams();
  const selection = useMemo(() => readQueueFilter(searchParameters), [searchParameters]);
  const setSelection = useCallback(
    (next: QueueFilterSelection) => setSearchParameters(writeQueueFilter(next), { replace: true }),
    [setSearchParameters],
  );

  const queueVariables = useMemo(
    () => ({ filter: serverFilter(selection, viewerId), first: pageSize }),
    [selection, viewerId],
  );
  const filter = useMemo(() => clientFilter(selection, viewerId), [selection, viewerId]);

  const counts = useQuery(DisputeCountsQuery, {
    fetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
  });
  const queue = useQuery(DisputeQueueQuery, {
    variables: queueVariables,
    fetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
    notifyOnNetworkStatusChange: true,
  });
  const { refetch: refetchCounts } = counts;
  const { refetch: refetchQueue, fetchMore } = queue;
  const reload = useCallback(() => {
    void refetchCounts();
    void refetchQueue();
  }, [refetchCounts, refetchQueue]);
  const live = useDisputeFeed({ queueVariables, filter, reload });

  const [now, setNow] = useState(() => new Date());
  useInterval(() => setNow(new Date()), clockTickMs, { autoInvoke: true });

  const connection = queue.data?.disputeQueue;
  const disputes = useMemo(
    () => connection?.edges.map((edge) => unmask(QueueDisputeFragment, edge.node)) ?? [],
    [connection],
  );
  const endCursor = connection?.pageInfo.endCursor ?? null;
  const loadingMore = queue.networkStatus === NetworkStatus.fetchMore;
  const loadMore = useCallback(() => {
    if (endCursor) void fetchMore({ variables: { after: endCursor } });
  }, [endCursor, fetchMore]);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center">
        <Title order={1}>Dispute queue</Title>
        <LiveStatus live={live} />
      </Group>
      {counts.error && (
        <Alert color="red" title="Could not load the counts" role="alert">
          {errorMessage(counts.error)}
        </Alert>
      )}
      <DisputeStateCounts counts={counts.data?.disputeCounts} />
      <DisputeQueueFilters selection={selection} onChange={setSelection} />
      {queue.error && !connection ? (
        <Alert color="red" title="Could not load the queue" role="alert">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{errorMessage(queue.error)}</Text>
            <Button size="xs" variant="default" onClick={() => void refetchQueue()}>
              Try again
            </Button>
          </Stack>
        </Alert>
      ) : !connection ? (
        <PageLoader />
      ) : (
        <>
          <Text size="sm" c="gray.7" aria-live="polite">
            {disputes.length} {disputes.length === 1 ? 'dispute' : 'disputes'} shown
            {connection.pageInfo.hasNextPage ? ', more load as you scroll' : ''}
          </Text>
          <DisputeQueueList
            disputes={disputes}
            hasNextPage={connection.pageInfo.hasNextPage}
            loadingMore={loadingMore}
            onLoadMore={loadMore}
            now={now}
          />
        </>
      )}
    </Stack>
  );
}

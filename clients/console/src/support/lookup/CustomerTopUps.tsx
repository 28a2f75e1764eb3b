import { useQuery } from '@apollo/client/react';
import { Badge, Button, Group, Stack, Title } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { SupportLookupUserTopUpsQuery, TopUpStatus } from '../../gql/graphql';
import { appendConnectionPage } from '../../admin/shared/connection';
import { DataTable } from '../../admin/shared/DataTable';
import { MoneyText } from '../../admin/shared/MoneyText';
import { QueryErrorAlert } from '../../admin/shared/QueryErrorAlert';
import { DateTime } from '../../ui/DateTime';
import { PageLoader } from '../../ui/PageLoader';
import { LookupUserTopUpsQuery } from './lookup.documents';

type TopUp = SupportLookupUserTopUpsQuery['userTopUps']['edges'][number]['node'];

const pageSize = 10;

/** Where a card top-up stands, as the buyer would ask about it ("I paid but nothing arrived"). */
const statusWords: Record<TopUpStatus, { label: string; color: string }> = {
  SUCCEEDED: { label: 'Paid, credited', color: 'green' },
  PENDING: { label: 'Waiting for payment', color: 'blue' },
  FAILED: { label: 'Payment failed', color: 'red' },
  CANCELED: { label: 'Canceled', color: 'gray' },
};

const columns: ColumnDef<TopUp>[] = [
  { id: 'started', header: 'Started', cell: ({ row }) => <DateTime value={row.original.createdAt} /> },
  { id: 'amount', header: 'Amount', cell: ({ row }) => <MoneyText money={row.original.amount} /> },
  {
    id: 'status',
    header: 'Status',
    cell: ({ row }) => (
      <Badge variant="light" color={statusWords[row.original.status].color}>
        {statusWords[row.original.status].label}
      </Badge>
    ),
  },
  { id: 'failure', header: 'Card refusal', cell: ({ row }) => row.original.failureCode ?? '—' },
];

/** A buyer's card top-ups, newest first: paid, waiting, failed (with the card's refusal) or canceled. */
export function CustomerTopUps({ userId }: { userId: string }) {
  const { data, loading, error, refetch, fetchMore } = useQuery(LookupUserTopUpsQuery, {
    variables: { userId, first: pageSize },
    fetchPolicy: 'cache-and-network',
    notifyOnNetworkStatusChange: true,
  });
  const topUps = useMemo(() => data?.userTopUps.edges.map((edge) => edge.node) ?? [], [data]);
  const loadMore = () =>
    fetchMore({
      variables: { after: data?.userTopUps.pageInfo.endCursor },
      updateQuery: (previous, { fetchMoreResult }) => ({
        ...previous,
        userTopUps: appendConnectionPage(previous.userTopUps, fetchMoreResult.userTopUps),
      }),
    });

  return (
    <Stack gap="xs" component="section" aria-labelledby="lookup-top-ups-heading">
      <Title order={2} size="h4" id="lookup-top-ups-heading">
        Top-ups
      </Title>
      {error && <QueryErrorAlert error={error} what="the top-ups" onRetry={() => void refetch()} />}
      {loading && !data ? (
        <PageLoader />
      ) : (
        <DataTable
          caption={`${topUps.length} top-up${topUps.length === 1 ? '' : 's'} shown, newest first`}
          data={topUps}
          columns={columns}
          getRowId={(topUp) => topUp.id}
          empty="Has never started a top-up."
        />
      )}
      {data?.userTopUps.pageInfo.hasNextPage && (
        <Group>
          <Button variant="default" loading={loading} onClick={() => void loadMore()}>
            Load more
          </Button>
        </Group>
      )}
    </Stack>
  );
}

import { useQuery } from '@apollo/client/react';
import { Badge } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { SupportLookupUserTopUpsQuery, TopUpStatus } from '../../gql/graphql';
import { appendConnectionPage } from '../../admin/shared/connection';
import { DataTable } from '../../admin/shared/DataTable';
import { MoneyText } from '../../admin/shared/MoneyText';
import { DateTime } from '../../ui/DateTime';
import { PagedSection } from './PagedSection';
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
    <PagedSection
      headingId="lookup-top-ups-heading"
      title="Top-ups"
      what="the top-ups"
      query={{ loading, error, hasData: data !== undefined, refetch }}
      hasNextPage={data?.userTopUps.pageInfo.hasNextPage ?? false}
      onLoadMore={loadMore}
    >
      <DataTable
        caption={`${topUps.length} top-up${topUps.length === 1 ? '' : 's'} shown, newest first`}
        data={topUps}
        columns={columns}
        getRowId={(topUp) => topUp.id}
        empty="Has never started a top-up."
      />
    </PagedSection>
  );
}

import { useQuery } from '@apollo/client/react';
import { Anchor } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useFragment as unmask } from '../../gql';
import type { QueueDisputeFragment } from '../../gql/graphql';
import { appendConnectionPage } from '../../admin/shared/connection';
import { DataTable } from '../../admin/shared/DataTable';
import { MoneyText } from '../../admin/shared/MoneyText';
import { DateTime } from '../../ui/DateTime';
import { reasonLabels } from '../dispute-labels';
import { QueueDisputeFragment as QueueDisputeDocument } from '../queue/queue.documents';
import { StateBadge } from '../StateBadge';
import { PagedSection } from './PagedSection';
import { LookupUserDisputesQuery } from './lookup.documents';
import { lookupPath } from './lookup-target';

const pageSize = 20;

/** A queue row, with the product it is about (several disputes of one customer read alike otherwise). */
type CustomerDispute = QueueDisputeFragment & { product: string };

/** The disputes a customer is a party to, newest first, each opening its page. */
export function CustomerDisputes({ userId }: { userId: string }) {
  const { data, loading, error, refetch, fetchMore } = useQuery(LookupUserDisputesQuery, {
    variables: { userId, first: pageSize },
    fetchPolicy: 'cache-and-network',
    notifyOnNetworkStatusChange: true,
  });
  const disputes = useMemo(
    () =>
      data?.disputeQueue.edges.map((edge) => ({
        ...unmask(QueueDisputeDocument, edge.node),
        product: edge.node.order.listing?.title ?? 'Listing no longer readable',
      })) ?? [],
    [data],
  );
  const columns = useMemo<ColumnDef<CustomerDispute>[]>(
    () => [
      { id: 'opened', header: 'Opened', cell: ({ row }) => <DateTime value={row.original.createdAt} /> },
      {
        id: 'reason',
        header: 'Reason',
        cell: ({ row }) => (
          <Anchor component={Link} to={`/support/disputes/${encodeURIComponent(row.original.id)}`} size="sm">
            {reasonLabels[row.original.reason]}
          </Anchor>
        ),
      },
      { id: 'product', header: 'Product', cell: ({ row }) => row.original.product },
      { id: 'state', header: 'State', cell: ({ row }) => <StateBadge state={row.original.state} /> },
      { id: 'amount', header: 'Amount', cell: ({ row }) => <MoneyText money={row.original.order.price} /> },
      { id: 'as', header: 'As', cell: ({ row }) => (row.original.buyer.id === userId ? 'Buyer' : 'Seller') },
      {
        id: 'other',
        header: 'Other party',
        cell: ({ row }) => {
          const other = row.original.buyer.id === userId ? row.original.seller : row.original.buyer;
          return (
            <Anchor component={Link} to={lookupPath({ kind: 'user', userId: other.id })} size="sm">
              {other.displayName}
            </Anchor>
          );
        },
      },
      {
        id: 'assignee',
        header: 'Assignee',
        cell: ({ row }) => row.original.assignee?.displayName ?? 'Unassigned',
      },
    ],
    [userId],
  );

  const loadMore = () =>
    fetchMore({
      variables: { after: data?.disputeQueue.pageInfo.endCursor },
      updateQuery: (previous, { fetchMoreResult }) => ({
        ...previous,
        disputeQueue: appendConnectionPage(previous.disputeQueue, fetchMoreResult.disputeQueue),
      }),
    });

  return (
    <PagedSection
      headingId="lookup-disputes-heading"
      title="Disputes"
      what="the disputes"
      query={{ loading, error, hasData: data !== undefined, refetch }}
      hasNextPage={data?.disputeQueue.pageInfo.hasNextPage ?? false}
      onLoadMore={loadMore}
    >
      <DataTable
        caption={`${disputes.length} dispute${disputes.length === 1 ? '' : 's'} shown, newest first`}
        data={disputes}
        columns={columns}
        getRowId={(dispute) => dispute.id}
        empty="Party to no dispute."
        minWidth={760}
      />
    </PagedSection>
  );
}

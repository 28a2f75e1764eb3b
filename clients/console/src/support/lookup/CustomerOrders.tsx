import { useQuery } from '@apollo/client/react';
import { Anchor } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useFragment as unmask } from '../../gql';
import type { LookupOrderFragment as LookupOrder, OrderParty } from '../../gql/graphql';
import { appendConnectionPage } from '../../admin/shared/connection';
import { DataTable } from '../../admin/shared/DataTable';
import { MoneyText } from '../../admin/shared/MoneyText';
import { DateTime } from '../../ui/DateTime';
import { escrowLabels } from '../dispute-labels';
import { StateBadge } from '../StateBadge';
import { stateLabels } from '../dispute-labels';
import { PartyLink } from './OrderPanel';
import { PagedSection } from './PagedSection';
import { LookupOrderFragment, LookupUserOrdersQuery } from './lookup.documents';
import { lookupPath } from './lookup-target';

const pageSize = 20;

const titles: Record<OrderParty, string> = { BUYER: 'Bought', SELLER: 'Sold' };

/** A customer's orders in one role, newest first: each opens whole, with its other party and dispute. */
export function CustomerOrders({ userId, party }: { userId: string; party: OrderParty }) {
  const { data, loading, error, refetch, fetchMore } = useQuery(LookupUserOrdersQuery, {
    variables: { userId, party, first: pageSize },
    fetchPolicy: 'cache-and-network',
    notifyOnNetworkStatusChange: true,
  });
  const orders = useMemo(
    () => data?.userOrders.edges.map((edge) => unmask(LookupOrderFragment, edge.node)) ?? [],
    [data],
  );
  const headingId = `lookup-orders-${party.toLowerCase()}`;

  const columns = useMemo<ColumnDef<LookupOrder>[]>(
    () => [
      { id: 'placed', header: 'Placed', cell: ({ row }) => <DateTime value={row.original.createdAt} /> },
      {
        id: 'listing',
        header: 'Listing',
        cell: ({ row }) => (
          <Anchor component={Link} to={lookupPath({ kind: 'order', orderId: row.original.id })} size="sm">
            {row.original.listing?.title ?? 'Listing no longer readable'}
          </Anchor>
        ),
      },
      { id: 'price', header: 'Price', cell: ({ row }) => <MoneyText money={row.original.price} /> },
      { id: 'escrow', header: 'Escrow', cell: ({ row }) => escrowLabels[row.original.escrowStatus] },
      {
        id: 'party',
        header: party === 'BUYER' ? 'Seller' : 'Buyer',
        cell: ({ row }) => <PartyLink user={party === 'BUYER' ? row.original.seller : row.original.buyer} />,
      },
      {
        id: 'dispute',
        header: 'Dispute',
        cell: ({ row }) =>
          row.original.dispute ? (
            <Anchor
              component={Link}
              to={`/support/disputes/${encodeURIComponent(row.original.dispute.id)}`}
              // Named first by what it shows (WCAG 2.5.3: the badge's words), then by where it goes.
              aria-label={`${stateLabels[row.original.dispute.state]}: open the dispute on ${row.original.listing?.title ?? 'this order'}`}
            >
              <StateBadge state={row.original.dispute.state} />
            </Anchor>
          ) : (
            '—'
          ),
      },
    ],
    [party],
  );

  const loadMore = () =>
    fetchMore({
      variables: { after: data?.userOrders.pageInfo.endCursor },
      updateQuery: (previous, { fetchMoreResult }) => ({
        ...previous,
        userOrders: appendConnectionPage(previous.userOrders, fetchMoreResult.userOrders),
      }),
    });

  return (
    <PagedSection
      headingId={headingId}
      title={titles[party]}
      what="the orders"
      query={{ loading, error, hasData: data !== undefined, refetch }}
      hasNextPage={data?.userOrders.pageInfo.hasNextPage ?? false}
      onLoadMore={loadMore}
    >
      <DataTable
        caption={`${orders.length} order${orders.length === 1 ? '' : 's'} ${party === 'BUYER' ? 'bought' : 'sold'} shown, newest first`}
        data={orders}
        columns={columns}
        getRowId={(order) => order.id}
        empty={party === 'BUYER' ? 'Has bought nothing.' : 'Has sold nothing.'}
        minWidth={760}
      />
    </PagedSection>
  );
}

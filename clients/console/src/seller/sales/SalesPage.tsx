import { useQuery } from '@apollo/client/react';
import { Anchor, Badge, Stack, Text, Title } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { SellerSalesQuery as SellerSalesResult } from '../../gql/graphql';
import { PageLoader } from '../../ui/PageLoader';
import { DataTable } from '../components/DataTable';
import { DateTime } from '../../ui/DateTime';
import { LoadMoreButton } from '../components/LoadMoreButton';
import { MoneyText } from '../components/MoneyText';
import { QueryFailure } from '../components/QueryFailure';
import { sellerPageSize } from '../components/page-size';
import { isAwaitingSeller, saleDisputeLabel } from '../disputes/dispute-labels';
import { disputePath } from '../disputes/dispute-list';
import { blockReasonLabels, orderPayoutStateLabels } from '../payouts/payout-labels';
import { SellerSalesQuery } from './sale.documents';

type Sale = SellerSalesResult['mySales']['edges'][number]['node'];

const escrowLabels: Record<Sale['escrowStatus'], { label: string; color: string }> = {
  HELD: { label: 'In escrow', color: 'blue' },
  RELEASED: { label: 'Released to you', color: 'green' },
  REFUNDED: { label: 'Refunded to buyer', color: 'gray' },
};

const column = createColumnHelper<Sale>();

/**
 * The seller's sales, newest first: what each paid, where its money is, its payout state, and a
 * link to its dispute when it has one.
 */
export function SalesPage() {
  const [loadingMore, setLoadingMore] = useState(false);
  const { data, loading, error, refetch, fetchMore } = useQuery(SellerSalesQuery, {
    variables: { first: sellerPageSize },
  });
  const sales = useMemo(() => data?.mySales.edges.map((edge) => edge.node) ?? [], [data]);
  const pageInfo = data?.mySales.pageInfo;

  const columns = useMemo(
    () => [
      column.accessor('createdAt', {
        header: 'Sold',
        cell: (cell) => <DateTime value={cell.getValue()} />,
      }),
      column.accessor('listingId', {
        header: 'Listing',
        cell: (cell) => (
          <Anchor component={Link} to={`/seller/listings/${encodeURIComponent(cell.getValue())}`}>
            {cell.row.original.listing?.title ?? 'Open listing'}
          </Anchor>
        ),
      }),
      column.accessor('price', { header: 'Price', cell: (cell) => <MoneyText money={cell.getValue()} /> }),
      column.accessor('escrowStatus', {
        header: 'Escrow',
        cell: (cell) => {
          const dispute = cell.row.original.dispute;
          return (
            <Stack gap={4} align="flex-start">
              <Badge variant="light" color={escrowLabels[cell.getValue()].color}>
                {escrowLabels[cell.getValue()].label}
              </Badge>
              {dispute && (
                <Anchor
                  component={Link}
                  to={disputePath(dispute.id)}
                  size="sm"
                  fw={isAwaitingSeller(dispute) ? 700 : undefined}
                  data-testid="sale-dispute"
                >
                  {saleDisputeLabel(dispute)}
                </Anchor>
              )}
            </Stack>
          );
        },
      }),
      column.accessor('protectionEndsAt', {
        header: 'Buyer protection ends',
        cell: (cell) =>
          cell.row.original.escrowStatus === 'HELD' ? <DateTime value={cell.getValue()} /> : '—',
      }),
      column.accessor('payoutStatus', {
        header: 'Payout',
        cell: (cell) => {
          const status = cell.getValue();
          if (!status)
            return (
              <Text span c="dimmed">
                —
              </Text>
            );
          return (
            <Stack gap={0}>
              <Text span size="sm">
                {orderPayoutStateLabels[status.state]}
                {status.state === 'BLOCKED' &&
                  status.blockedReason &&
                  `: ${blockReasonLabels[status.blockedReason]}`}
              </Text>
              <Text span size="xs" c="dimmed">
                <MoneyText money={status.netAmount} /> net
                {status.state === 'HELD' && (
                  <>
                    {' '}
                    · from <DateTime value={status.eligibleFrom} />
                  </>
                )}
              </Text>
            </Stack>
          );
        },
      }),
    ],
    [],
  );

  const loadMore = async () => {
    setLoadingMore(true);
    try {
      await fetchMore({
        variables: { after: pageInfo?.endCursor },
        updateQuery: (previous, { fetchMoreResult }) => ({
          mySales: {
            ...fetchMoreResult.mySales,
            edges: [...previous.mySales.edges, ...fetchMoreResult.mySales.edges],
          },
        }),
      });
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <Stack>
      <Title order={1}>Sales</Title>
      {error && <QueryFailure what="your sales" error={error} retry={() => void refetch()} />}
      {loading && !data ? (
        <PageLoader />
      ) : (
        <DataTable
          caption="Your sales, newest first"
          data={sales}
          columns={columns}
          rowKey={(sale) => sale.id}
          empty="No sales yet."
        />
      )}
      <LoadMoreButton
        hasNextPage={pageInfo?.hasNextPage ?? false}
        loading={loadingMore}
        onLoadMore={() => void loadMore()}
        label="Load more sales"
      />
    </Stack>
  );
}

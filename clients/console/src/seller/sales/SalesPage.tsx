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
import { appendConnectionPage } from '../../admin/shared/connection';

type Sale = SellerSalesResult['mySales']['edges'][number]['node'];

const escrowLabels: Record<Sale['escrowStatus'], { label: string; color: string }> = {
  HELD: { label: 'In escrow', color: 'blue' },
  RELEASED: { label: 'Released to you', color: 'green' },
  REFUNDED: { label: 'Refunded to buyer', color: 'gray' },
};

const column = createColumnHelper<Sale>();

/** Where the sale's money is, and the link to its dispute when it has one. */
function EscrowStatus({ sale, disputeTestId }: { sale: Sale; disputeTestId: string }) {
  const escrow = escrowLabels[sale.escrowStatus];
  return (
    <Stack gap={4} align="flex-start">
      <Badge variant="light" color={escrow.color}>
        {escrow.label}
      </Badge>
      {sale.dispute && (
        <Anchor
          component={Link}
          to={disputePath(sale.dispute.id)}
          size="sm"
          fw={isAwaitingSeller(sale.dispute) ? 700 : undefined}
          data-testid={disputeTestId}
        >
          {saleDisputeLabel(sale.dispute)}
        </Anchor>
      )}
    </Stack>
  );
}

/** The sale's payout state and its net amount; a dash before it has one. */
function PayoutStatus({ status }: { status: Sale['payoutStatus'] }) {
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
        {status.state === 'BLOCKED' && status.blockedReason && `: ${blockReasonLabels[status.blockedReason]}`}
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
}

/** On a phone the columns after the price fold under the listing, in view without scrolling sideways. */
const columnsFromSm = ['createdAt', 'escrowStatus', 'protectionEndsAt', 'payoutStatus'];

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
        cell: (cell) => {
          const sale = cell.row.original;
          return (
            <>
              <Anchor component={Link} to={`/seller/listings/${encodeURIComponent(cell.getValue())}`}>
                {sale.listing?.title ?? 'Open listing'}
              </Anchor>
              <Stack gap={6} mt={6} align="flex-start" hiddenFrom="sm" data-testid="sale-summary-phone">
                <EscrowStatus sale={sale} disputeTestId="sale-dispute-phone" />
                {sale.payoutStatus && <PayoutStatus status={sale.payoutStatus} />}
                <Text size="xs" c="dimmed">
                  Sold <DateTime value={sale.createdAt} />
                  {sale.escrowStatus === 'HELD' && (
                    <>
                      {' '}
                      · buyer protection ends <DateTime value={sale.protectionEndsAt} />
                    </>
                  )}
                </Text>
              </Stack>
            </>
          );
        },
      }),
      column.accessor('price', {
        header: 'Price',
        cell: (cell) => {
          const sale = cell.row.original;
          // Once released, the payout column says the net; a refunded sale pays no fee.
          const pending = sale.escrowStatus === 'HELD' && sale.netAmount && sale.platformFee;
          return (
            <Stack gap={0}>
              <MoneyText money={cell.getValue()} />
              {pending && (
                <Text span size="xs" c="dimmed" data-testid="sale-net">
                  <MoneyText money={sale.netAmount!} /> to you after the{' '}
                  <MoneyText money={sale.platformFee!} /> fee
                </Text>
              )}
            </Stack>
          );
        },
      }),
      column.accessor('escrowStatus', {
        header: 'Escrow',
        cell: (cell) => <EscrowStatus sale={cell.row.original} disputeTestId="sale-dispute" />,
      }),
      column.accessor('protectionEndsAt', {
        header: 'Buyer protection ends',
        cell: (cell) =>
          cell.row.original.escrowStatus === 'HELD' ? <DateTime value={cell.getValue()} /> : '—',
      }),
      column.accessor('payoutStatus', {
        header: 'Payout',
        cell: (cell) => <PayoutStatus status={cell.getValue()} />,
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
          mySales: appendConnectionPage(previous.mySales, fetchMoreResult.mySales),
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
          columnsFromSm={columnsFromSm}
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

import { useQuery } from '@apollo/client/react';
import { Badge, Stack, Text, Title } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { SellerPayoutFragment } from '../../gql/graphql';
import { PageLoader } from '../../ui/PageLoader';
import { DataTable } from '../components/DataTable';
import { DateTime } from '../../ui/DateTime';
import { LoadMoreButton } from '../components/LoadMoreButton';
import { MoneyText } from '../components/MoneyText';
import { QueryFailure } from '../components/QueryFailure';
import { sellerPageSize } from '../components/page-size';
import { readPayout, SellerPayoutsQuery } from './payout.documents';
import { payoutSourceLabels, payoutStateColors, payoutStateLabels } from './payout-labels';
import { appendConnectionPage } from '../../admin/shared/connection';

const column = createColumnHelper<SellerPayoutFragment>();

/** The payout's state, with the reason it failed when it did. */
function PayoutState({ payout, testId }: { payout: SellerPayoutFragment; testId: string }) {
  return (
    <Stack gap={2}>
      <Badge color={payoutStateColors[payout.state]} variant="light" data-testid={testId}>
        {payoutStateLabels[payout.state]}
      </Badge>
      {payout.failureMessage && (
        <Text size="xs" c="red.9">
          {payout.failureMessage}
        </Text>
      )}
    </Stack>
  );
}

/** What a phone shows under the payout's start: the facts of the columns it hides. */
function PayoutSummary({ payout }: { payout: SellerPayoutFragment }) {
  return (
    <Stack gap={6} mt={6} align="flex-start" hiddenFrom="sm" data-testid="payout-summary-phone">
      <PayoutState payout={payout} testId="payout-state-phone" />
      <Text size="xs" c="dimmed">
        {payout.orderCount} order{payout.orderCount === 1 ? '' : 's'} · {payoutSourceLabels[payout.source]}
      </Text>
      {(payout.paidAt ?? payout.failedAt) && (
        <Text size="xs" c="dimmed">
          {payout.paidAt ? 'Paid' : 'Failed'} <DateTime value={payout.paidAt ?? payout.failedAt} />
        </Text>
      )}
      {payout.reversedAmount.amount > 0 && (
        <Text size="xs" c="dimmed">
          Reversed <MoneyText money={payout.reversedAmount} />
        </Text>
      )}
    </Stack>
  );
}

/** On a phone the columns other than the start and the amount fold under the start. */
const columnsFromSm = ['orderCount', 'source', 'state', 'settled', 'reversedAmount'];

const columns = [
  column.accessor('createdAt', {
    header: 'Started',
    cell: (cell) => (
      <>
        <DateTime value={cell.getValue()} />
        <PayoutSummary payout={cell.row.original} />
      </>
    ),
  }),
  column.accessor('amount', { header: 'Amount', cell: (cell) => <MoneyText money={cell.getValue()} /> }),
  column.accessor('orderCount', { header: 'Orders' }),
  column.accessor('source', {
    header: 'From',
    cell: (cell) => payoutSourceLabels[cell.getValue()],
  }),
  column.accessor('state', {
    header: 'State',
    cell: (cell) => <PayoutState payout={cell.row.original} testId="payout-state" />,
  }),
  column.display({
    id: 'settled',
    header: 'Paid or failed',
    cell: (cell) => <DateTime value={cell.row.original.paidAt ?? cell.row.original.failedAt} />,
  }),
  column.accessor('reversedAmount', {
    header: 'Reversed',
    // A failed payout made no transfer: there was nothing to reverse, its money is back in earnings.
    cell: (cell) =>
      cell.getValue().amount > 0 ? (
        <MoneyText money={cell.getValue()} />
      ) : cell.row.original.state === 'FAILED' ? (
        'None: back in earnings'
      ) : (
        '—'
      ),
  }),
];

/** The seller's payouts (Stripe transfers), newest first; rows change state live. */
export function PayoutsTable() {
  const [loadingMore, setLoadingMore] = useState(false);
  const { data, loading, error, refetch, fetchMore } = useQuery(SellerPayoutsQuery, {
    variables: { first: sellerPageSize },
  });
  const payouts = useMemo(() => data?.myPayouts.edges.map((edge) => readPayout(edge.node)) ?? [], [data]);
  const pageInfo = data?.myPayouts.pageInfo;

  const loadMore = async () => {
    setLoadingMore(true);
    try {
      await fetchMore({
        variables: { after: pageInfo?.endCursor },
        updateQuery: (previous, { fetchMoreResult }) => ({
          myPayouts: appendConnectionPage(previous.myPayouts, fetchMoreResult.myPayouts),
        }),
      });
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <Stack>
      <Title order={2} size="h3">
        Payouts
      </Title>
      {error && <QueryFailure what="your payouts" error={error} retry={() => void refetch()} />}
      {loading && !data ? (
        <PageLoader />
      ) : (
        <DataTable
          caption="Your payouts, newest first"
          data={payouts}
          columns={columns}
          rowKey={(payout) => payout.id}
          empty="No payouts yet."
          columnsFromSm={columnsFromSm}
        />
      )}
      <LoadMoreButton
        hasNextPage={pageInfo?.hasNextPage ?? false}
        loading={loadingMore}
        onLoadMore={() => void loadMore()}
        label="Load more payouts"
      />
    </Stack>
  );
}

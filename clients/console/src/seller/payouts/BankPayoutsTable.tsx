import { useQuery } from '@apollo/client/react';
import { Badge, Stack, Text, Title } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { SellerBankPayoutFragment } from '../../gql/graphql';
import { PageLoader } from '../../ui/PageLoader';
import { DataTable } from '../components/DataTable';
import { DateTime } from '../../ui/DateTime';
import { LoadMoreButton } from '../components/LoadMoreButton';
import { MoneyText } from '../components/MoneyText';
import { QueryFailure } from '../components/QueryFailure';
import { sellerPageSize } from '../components/page-size';
import { readBankPayout, SellerBankPayoutsQuery } from './payout.documents';
import { bankPayoutStatusColors, bankPayoutStatusLabels } from './payout-labels';
import { appendConnectionPage } from '../../admin/shared/connection';

const column = createColumnHelper<SellerBankPayoutFragment>();

/**
 * Stripe reports bank payouts by webhook, with no event of CodeSale's to push: the table reads them
 * again this often while the page is open.
 */
const bankPayoutsRecheckMs = 60_000;

/** The bank payout's status, with the bank's refusal when there is one. */
function BankPayoutStatus({ payout, testId }: { payout: SellerBankPayoutFragment; testId: string }) {
  return (
    <Stack gap={2}>
      <Badge color={bankPayoutStatusColors[payout.status]} variant="light" data-testid={testId}>
        {bankPayoutStatusLabels[payout.status]}
      </Badge>
      {payout.status === 'FAILED' && (
        <Text size="xs" c="red.9" data-testid={`${testId}-failure`}>
          {payout.failureMessage ?? `Stripe says: ${payout.failureCode ?? 'no reason given'}.`} The money is
          back on your Stripe account: check your bank details with Stripe (Payout account above).
        </Text>
      )}
    </Stack>
  );
}

/** On a phone the status and dates fold under the date it started. */
const columnsFromSm = ['status', 'arrivalDate', 'updatedAt'];

const columns = [
  column.accessor('createdAt', {
    header: 'Started',
    cell: (cell) => (
      <>
        <DateTime value={cell.getValue()} />
        <Stack gap={6} mt={6} align="flex-start" hiddenFrom="sm">
          <BankPayoutStatus payout={cell.row.original} testId="bank-payout-status-phone" />
          {cell.row.original.arrivalDate && (
            <Text size="xs" c="dimmed">
              Expected <DateTime value={cell.row.original.arrivalDate} />
            </Text>
          )}
        </Stack>
      </>
    ),
  }),
  column.accessor('amount', { header: 'Amount', cell: (cell) => <MoneyText money={cell.getValue()} /> }),
  column.accessor('status', {
    header: 'Status',
    cell: (cell) => <BankPayoutStatus payout={cell.row.original} testId="bank-payout-status" />,
  }),
  column.accessor('arrivalDate', {
    header: 'Expected at your bank',
    cell: (cell) => (cell.getValue() ? <DateTime value={cell.getValue()} /> : '—'),
  }),
  column.accessor('updatedAt', {
    header: 'Last change',
    cell: (cell) => <DateTime value={cell.getValue()} />,
  }),
];

/**
 * Stripe's payouts from the seller's own Stripe account to their bank, newest first: the last step
 * of the money's way, where a wrong bank account shows as a refusal.
 */
export function BankPayoutsTable() {
  const [loadingMore, setLoadingMore] = useState(false);
  const { data, loading, error, refetch, fetchMore } = useQuery(SellerBankPayoutsQuery, {
    variables: { first: sellerPageSize },
    pollInterval: bankPayoutsRecheckMs,
  });
  const payouts = useMemo(
    () => data?.bankPayouts.edges.map((edge) => readBankPayout(edge.node)) ?? [],
    [data],
  );
  const pageInfo = data?.bankPayouts.pageInfo;

  const loadMore = async () => {
    setLoadingMore(true);
    try {
      await fetchMore({
        variables: { after: pageInfo?.endCursor },
        updateQuery: (previous, { fetchMoreResult }) => ({
          bankPayouts: appendConnectionPage(previous.bankPayouts, fetchMoreResult.bankPayouts),
        }),
      });
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <Stack>
      <Title order={2} size="h3">
        To your bank
      </Title>
      <Text size="sm" c="dimmed">
        Stripe pays what reaches your Stripe account to your bank on its own schedule.
      </Text>
      {error && <QueryFailure what="your bank payouts" error={error} retry={() => void refetch()} />}
      {loading && !data ? (
        <PageLoader />
      ) : (
        <DataTable
          caption="Payouts to your bank, newest first"
          data={payouts}
          columns={columns}
          rowKey={(payout) => payout.id}
          empty="Nothing paid to your bank yet."
          columnsFromSm={columnsFromSm}
        />
      )}
      <LoadMoreButton
        hasNextPage={pageInfo?.hasNextPage ?? false}
        loading={loadingMore}
        onLoadMore={() => void loadMore()}
        label="Load more bank payouts"
      />
    </Stack>
  );
}

import { useMutation, useQuery } from '@apollo/client/react';
import { Badge, Button, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { SellerWithdrawalFragment } from '../../gql/graphql';
import { PageLoader } from '../../ui/PageLoader';
import { DataTable } from '../components/DataTable';
import { DateTime } from '../../ui/DateTime';
import { LoadMoreButton } from '../components/LoadMoreButton';
import { MoneyText } from '../components/MoneyText';
import { QueryFailure } from '../components/QueryFailure';
import { UserErrorsAlert, type UserErrorValue } from '../components/UserErrorsAlert';
import { useCoalescedRefetch } from '../../app/coalesced-refetch';
import { errorMessage } from '../../ui/error-message';
import { sellerPageSize } from '../components/page-size';
import {
  CancelWithdrawalMutation,
  readWithdrawal,
  SellerEarningsQuery,
  SellerWithdrawalsQuery,
} from './payout.documents';
import { withdrawalStateColors, withdrawalStateLabels } from './payout-labels';
import { appendConnectionPage } from '../../admin/shared/connection';

const column = createColumnHelper<SellerWithdrawalFragment>();

/** The withdrawal's state, with the reason it failed when it did. */
function WithdrawalState({ withdrawal, testId }: { withdrawal: SellerWithdrawalFragment; testId: string }) {
  return (
    <Stack gap={2}>
      <Badge color={withdrawalStateColors[withdrawal.state]} variant="light" data-testid={testId}>
        {withdrawalStateLabels[withdrawal.state]}
      </Badge>
      {withdrawal.failureMessage && (
        <Text size="xs" c="red.9">
          {withdrawal.failureMessage}
        </Text>
      )}
    </Stack>
  );
}

/** On a phone the columns other than the date and what it pays fold under the date. */
const columnsFromSm = ['requested', 'orderCount', 'state', 'updatedAt', 'actions'];

/** The seller's withdrawals, newest first; rows change state live (the page's payoutUpdated). */
export function WithdrawalsTable() {
  const [loadingMore, setLoadingMore] = useState(false);
  const [errors, setErrors] = useState<UserErrorValue[]>([]);
  const { data, loading, error, refetch, fetchMore } = useQuery(SellerWithdrawalsQuery, {
    variables: { first: sellerPageSize },
  });
  const [cancelWithdrawal, cancelling] = useMutation(CancelWithdrawalMutation);
  const refetchLater = useCoalescedRefetch();
  const withdrawals = useMemo(
    () => data?.myWithdrawals.edges.map((edge) => readWithdrawal(edge.node)) ?? [],
    [data],
  );
  const pageInfo = data?.myWithdrawals.pageInfo;

  const columns = useMemo(() => {
    const cancel = async (withdrawal: SellerWithdrawalFragment) => {
      setErrors([]);
      try {
        const payload = (await cancelWithdrawal({ variables: { input: { withdrawalId: withdrawal.id } } }))
          .data?.cancelWithdrawal;
        // The money is available again: the figures load again, after any refetch already running.
        refetchLater(SellerEarningsQuery);
        if (payload?.errors.length) setErrors(payload.errors);
      } catch (failure) {
        setErrors([{ code: 'NO_ANSWER', message: errorMessage(failure) }]);
      }
    };
    const confirmCancel = (withdrawal: SellerWithdrawalFragment) =>
      modals.openConfirmModal({
        title: 'Cancel this withdrawal?',
        children: (
          <Text size="sm">
            The request for <MoneyText money={withdrawal.requested} /> is withdrawn and its orders stay
            available for a later withdrawal.
          </Text>
        ),
        labels: { confirm: 'Cancel withdrawal', cancel: 'Keep it' },
        confirmProps: { color: 'red.9' },
        closeButtonProps: { 'aria-label': 'Close' },
        onConfirm: () => void cancel(withdrawal),
      });
    const cancelButton = (withdrawal: SellerWithdrawalFragment) =>
      withdrawal.state === 'REQUESTED' ? (
        <Button
          size="xs"
          variant="default"
          loading={cancelling.loading}
          onClick={() => confirmCancel(withdrawal)}
        >
          Cancel
        </Button>
      ) : null;
    return [
      column.accessor('createdAt', {
        header: 'Requested',
        cell: (cell) => {
          const withdrawal = cell.row.original;
          return (
            <>
              <DateTime value={cell.getValue()} />
              <Stack gap={6} mt={6} align="flex-start" hiddenFrom="sm" data-testid="withdrawal-summary-phone">
                <WithdrawalState withdrawal={withdrawal} testId="withdrawal-state-phone" />
                <Text size="xs" c="dimmed">
                  Asked <MoneyText money={withdrawal.requested} /> · {withdrawal.orderCount} order
                  {withdrawal.orderCount === 1 ? '' : 's'}
                </Text>
                <Text size="xs" c="dimmed">
                  Last change <DateTime value={withdrawal.updatedAt} />
                </Text>
                {cancelButton(withdrawal)}
              </Stack>
            </>
          );
        },
      }),
      column.accessor('requested', {
        header: 'Asked',
        cell: (cell) => <MoneyText money={cell.getValue()} />,
      }),
      column.accessor('payable', { header: 'Pays', cell: (cell) => <MoneyText money={cell.getValue()} /> }),
      column.accessor('orderCount', { header: 'Orders' }),
      column.accessor('state', {
        header: 'State',
        cell: (cell) => <WithdrawalState withdrawal={cell.row.original} testId="withdrawal-state" />,
      }),
      column.accessor('updatedAt', {
        header: 'Last change',
        cell: (cell) => <DateTime value={cell.getValue()} />,
      }),
      column.display({
        id: 'actions',
        header: 'Actions',
        cell: (cell) => cancelButton(cell.row.original),
      }),
    ];
  }, [cancelWithdrawal, cancelling.loading, refetchLater]);

  const loadMore = async () => {
    setLoadingMore(true);
    try {
      await fetchMore({
        variables: { after: pageInfo?.endCursor },
        updateQuery: (previous, { fetchMoreResult }) => ({
          myWithdrawals: appendConnectionPage(previous.myWithdrawals, fetchMoreResult.myWithdrawals),
        }),
      });
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <Stack>
      <Title order={2} size="h3">
        Withdrawals
      </Title>
      <UserErrorsAlert title="The withdrawal was not cancelled" errors={errors} />
      {error && <QueryFailure what="your withdrawals" error={error} retry={() => void refetch()} />}
      {loading && !data ? (
        <PageLoader />
      ) : (
        <DataTable
          caption="Your withdrawals, newest first"
          data={withdrawals}
          columns={columns}
          rowKey={(withdrawal) => withdrawal.id}
          empty="No withdrawals yet."
          columnsFromSm={columnsFromSm}
        />
      )}
      <LoadMoreButton
        hasNextPage={pageInfo?.hasNextPage ?? false}
        loading={loadingMore}
        onLoadMore={() => void loadMore()}
        label="Load more withdrawals"
      />
    </Stack>
  );
}

import { useQuery } from '@apollo/client/react';
import { Badge, List, Paper, Stack, Text, Title } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import type { SupportLookupWithdrawalsQuery } from '../../gql/graphql';
import { DataTable } from '../../admin/shared/DataTable';
import { MoneyText } from '../../admin/shared/MoneyText';
import { QueryErrorAlert } from '../../admin/shared/QueryErrorAlert';
import {
  accountStatusColors,
  accountStatusLabels,
  withdrawalStateColors,
  withdrawalStateLabels,
} from '../../seller/payouts/payout-labels';
import { useSession } from '../../session/session-context';
import { DateTime } from '../../ui/DateTime';
import { PageLoader } from '../../ui/PageLoader';
import { LookupPayoutAccountQuery, LookupWithdrawalsQuery } from './lookup.documents';

type Withdrawal = SupportLookupWithdrawalsQuery['withdrawals']['edges'][number]['node'];

const withdrawalsShown = 10;

const withdrawalColumns: ColumnDef<Withdrawal>[] = [
  { id: 'requested', header: 'Requested', cell: ({ row }) => <DateTime value={row.original.createdAt} /> },
  { id: 'amount', header: 'Amount', cell: ({ row }) => <MoneyText money={row.original.requested} /> },
  { id: 'orders', header: 'Orders', cell: ({ row }) => row.original.orderCount },
  {
    id: 'state',
    header: 'State',
    cell: ({ row }) => (
      <Badge variant="light" color={withdrawalStateColors[row.original.state]}>
        {withdrawalStateLabels[row.original.state]}
      </Badge>
    ),
  },
  { id: 'why', header: 'Why it failed', cell: ({ row }) => row.original.failureMessage ?? '—' },
];

/** Admins: the seller's latest withdrawals (support is shown where they are). */
function Withdrawals({ sellerId }: { sellerId: string }) {
  const { data, loading, error, refetch } = useQuery(LookupWithdrawalsQuery, {
    variables: { sellerId, first: withdrawalsShown },
    fetchPolicy: 'cache-and-network',
  });
  if (error) return <QueryErrorAlert error={error} what="the withdrawals" onRetry={() => void refetch()} />;
  if (loading && !data) return <PageLoader />;
  const withdrawals = data?.withdrawals.edges.map((edge) => edge.node) ?? [];
  return (
    <DataTable
      caption={
        data?.withdrawals.pageInfo.hasNextPage
          ? `The latest ${withdrawals.length} withdrawals`
          : `${withdrawals.length} withdrawal${withdrawals.length === 1 ? '' : 's'}, newest first`
      }
      data={withdrawals}
      columns={withdrawalColumns}
      getRowId={(withdrawal) => withdrawal.id}
      empty="Has never asked for a withdrawal."
    />
  );
}

/**
 * A seller's way to be paid: their payout account as Stripe reports it (what it still needs, why
 * payouts stopped) and, for admins, their latest withdrawals.
 */
export function SellerPayouts({ userId }: { userId: string }) {
  const { hasRole } = useSession();
  const { data, loading, error, refetch } = useQuery(LookupPayoutAccountQuery, {
    variables: { userId },
    fetchPolicy: 'cache-and-network',
  });
  const account = data?.userPayoutAccount;
  return (
    <Stack gap="xs" component="section" aria-labelledby="lookup-payouts-heading">
      <Title order={2} size="h4" id="lookup-payouts-heading">
        Payouts
      </Title>
      {error && <QueryErrorAlert error={error} what="the payout account" onRetry={() => void refetch()} />}
      {loading && !data ? (
        <PageLoader />
      ) : (
        <Paper withBorder p="sm" maw={720} data-testid="lookup-payout-account">
          {!account ? (
            <Text size="sm">
              No payout account: the seller has not started payout onboarding (Payouts page of their console).
            </Text>
          ) : (
            <Stack gap={4}>
              <Text size="sm">
                Payout account:{' '}
                <Badge variant="light" color={accountStatusColors[account.status]}>
                  {accountStatusLabels[account.status]}
                </Badge>{' '}
                since <DateTime value={account.updatedAt} />
              </Text>
              {account.disabledReason && <Text size="sm">Stripe says: {account.disabledReason}</Text>}
              {account.requirements.length > 0 && (
                <>
                  <Text size="sm">Stripe still needs:</Text>
                  <List size="sm">
                    {account.requirements.map((requirement) => (
                      <List.Item key={requirement.code}>
                        {requirement.description}
                        {requirement.overdue && ' (overdue: payouts are stopped until it is given)'}
                      </List.Item>
                    ))}
                  </List>
                </>
              )}
            </Stack>
          )}
        </Paper>
      )}
      {hasRole('ADMIN') ? (
        <Withdrawals sellerId={userId} />
      ) : (
        <Text size="xs" c="gray.7">
          Withdrawals and payouts are for admins to see (Admin › Payouts).
        </Text>
      )}
    </Stack>
  );
}

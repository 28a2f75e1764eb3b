import { useMutation, useQuery } from '@apollo/client/react';
import { Button, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { graphql } from '../../gql';
import type { AdminStuckPayoutsQuery } from '../../gql/graphql';
import { PageLoader } from '../../ui/PageLoader';
import { DataTable } from '../shared/DataTable';
import { DateTime } from '../../ui/DateTime';
import { MoneyText } from '../shared/MoneyText';
import { QueryErrorAlert } from '../shared/QueryErrorAlert';
import { UserErrorsAlert, type UserErrorValue } from '../shared/UserErrorsAlert';

const StuckPayoutsQuery = graphql(`
  query AdminStuckPayouts($first: Int!) {
    stuckPayouts(first: $first) {
      edges {
        node {
          id
          state
          source
          createdAt
          orderCount
          transferAttempts
          lastError
          amount {
            amount
            currency
          }
          seller {
            id
            displayName
          }
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);

const RedrivePayoutMutation = graphql(`
  mutation AdminRedrivePayout($input: RedrivePayoutInput!) {
    redrivePayout(input: $input) {
      outcome
      payout {
        id
        state
        transferAttempts
        lastError
        paidAt
        failedAt
        failureCode
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

/** The oldest 100 stuck payouts: recovery works from the oldest, and so does an admin. */
const pageSize = 100;

type StuckPayout = AdminStuckPayoutsQuery['stuckPayouts']['edges'][number]['node'];

const outcomeMessages = {
  PAID: { color: 'green', text: 'Stripe made the transfer: the payout is PAID.' },
  FAILED: {
    color: 'red',
    text: 'Stripe refused the transfer: the payout is FAILED and its orders are available again.',
  },
  UNKNOWN: {
    color: 'yellow',
    text: "Stripe's answer is still unknown: the payout stays PENDING and is retried with the same key.",
  },
} as const;

/**
 * Payouts PENDING past the recovery threshold. A re-drive retries the Stripe transfer with the
 * payout's own idempotency key, so it can never pay twice.
 */
export function StuckPayoutsPanel() {
  const { data, loading, error, refetch } = useQuery(StuckPayoutsQuery, { variables: { first: pageSize } });
  const [redrivePayout] = useMutation(RedrivePayoutMutation);
  const [redriving, setRedriving] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<readonly UserErrorValue[]>([]);

  // A payout that a feed event or a re-drive moved on leaves the list at once (the cache holds its new state).
  const payouts = useMemo(
    () =>
      (data?.stuckPayouts.edges ?? [])
        .map((edge) => edge.node)
        .filter((payout) => payout.state === 'PENDING'),
    [data],
  );

  const columns = useMemo<ColumnDef<StuckPayout>[]>(() => {
    const redrive = async (payout: StuckPayout) => {
      setRedriving(payout.id);
      setRefusal([]);
      try {
        const { data: result } = await redrivePayout({ variables: { input: { payoutId: payout.id } } });
        const errors = result?.redrivePayout.errors ?? [];
        setRefusal(errors);
        const outcome = result?.redrivePayout.outcome;
        if (outcome)
          notifications.show({
            color: outcomeMessages[outcome].color,
            title: `Re-drive: ${outcome}`,
            message: outcomeMessages[outcome].text,
          });
      } catch (failure) {
        setRefusal([
          {
            code: 'REQUEST_FAILED',
            message: failure instanceof Error ? failure.message : 'The request failed.',
          },
        ]);
      } finally {
        setRedriving(null);
      }
    };
    return [
      {
        id: 'createdAt',
        header: 'Pending since',
        accessorFn: (payout) => payout.createdAt,
        enableSorting: true,
        cell: ({ row }) => <DateTime value={row.original.createdAt} />,
      },
      {
        id: 'seller',
        header: 'Seller',
        accessorFn: (payout) => payout.seller.displayName,
        enableSorting: true,
      },
      {
        id: 'amount',
        header: 'Amount',
        accessorFn: (payout) => payout.amount.amount,
        enableSorting: true,
        cell: ({ row }) => <MoneyText money={row.original.amount} />,
      },
      {
        id: 'attempts',
        header: 'Attempts',
        accessorFn: (payout) => payout.transferAttempts,
        enableSorting: true,
      },
      {
        id: 'lastError',
        header: 'Last error',
        cell: ({ row }) => (
          <Text size="xs" maw={260}>
            {row.original.lastError ?? '—'}
          </Text>
        ),
      },
      {
        id: 'actions',
        header: 'Actions',
        cell: ({ row }) => (
          <Button
            size="xs"
            variant="default"
            loading={redriving === row.original.id}
            disabled={redriving !== null && redriving !== row.original.id}
            onClick={() => void redrive(row.original)}
          >
            Re-drive
          </Button>
        ),
      },
    ];
  }, [redrivePayout, redriving]);

  if (loading && !data) return <PageLoader />;
  return (
    <Stack>
      {error && <QueryErrorAlert error={error} what="stuck payouts" onRetry={() => void refetch()} />}
      <UserErrorsAlert errors={refusal} title="Re-drive refused: nothing was changed" />
      <DataTable
        caption={
          data?.stuckPayouts.pageInfo.hasNextPage
            ? `The oldest ${payouts.length} stuck payouts (more are waiting)`
            : `${payouts.length} stuck payout${payouts.length === 1 ? '' : 's'}, oldest first`
        }
        data={payouts}
        columns={columns}
        getRowId={(payout) => payout.id}
        empty="No payout is stuck: every pending payout is younger than the recovery threshold."
      />
      <div>
        <Button variant="default" size="xs" onClick={() => void refetch()} loading={loading}>
          Check again
        </Button>
      </div>
    </Stack>
  );
}

import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { graphql } from '../../gql';
import type { AdminPayoutReconciliationQuery, PayoutReconciliationTrigger } from '../../gql/graphql';
import { PageLoader } from '../../ui/PageLoader';
import { DataTable } from '../shared/DataTable';
import { DateTime } from '../../ui/DateTime';
import { MoneyText } from '../shared/MoneyText';
import { QueryErrorAlert } from '../shared/QueryErrorAlert';
import { UserErrorsAlert, type UserErrorValue } from '../shared/UserErrorsAlert';

const PayoutReconciliationQuery = graphql(`
  query AdminPayoutReconciliation {
    payoutReconciliation {
      id
      clean
      trigger
      startedAt
      finishedAt
      payoutsChecked
      transfersChecked
      discrepancyCount
      stripeApi
      discrepancies {
        kind
        message
        payoutId
        stripeTransferId
        expected
        actual
        expectedAmount {
          amount
          currency
        }
        actualAmount {
          amount
          currency
        }
      }
    }
  }
`);

const RunPayoutReconciliationMutation = graphql(`
  mutation AdminRunPayoutReconciliation {
    runPayoutReconciliation {
      reconciliation {
        id
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

type Discrepancy = NonNullable<
  AdminPayoutReconciliationQuery['payoutReconciliation']
>['discrepancies'][number];

function Figure({
  amount,
  text,
}: {
  amount?: { amount: number; currency: string } | null;
  text?: string | null;
}) {
  if (amount) return <MoneyText money={amount} />;
  return <>{text ?? '—'}</>;
}

/** The last reconciliation of Stripe's transfers against the payouts and the ledger, and a way to run one. */
const triggerLabels: Record<PayoutReconciliationTrigger, string> = {
  ADMIN: 'An admin',
  COMMAND: 'The payouts:reconcile command',
  SCHEDULE: 'The schedule',
};

export function ReconciliationPanel() {
  const { data, loading, error, refetch } = useQuery(PayoutReconciliationQuery);
  const [runReconciliation, { loading: running }] = useMutation(RunPayoutReconciliationMutation, {
    refetchQueries: ['AdminPayoutReconciliation'],
    awaitRefetchQueries: true,
  });
  const [refusal, setRefusal] = useState<readonly UserErrorValue[]>([]);
  const [failure, setFailure] = useState<string | null>(null);

  const columns = useMemo<ColumnDef<Discrepancy>[]>(
    () => [
      { id: 'kind', header: 'Kind', accessorFn: (entry) => entry.kind, enableSorting: true },
      { id: 'message', header: 'What disagrees', accessorFn: (entry) => entry.message },
      {
        id: 'expected',
        header: 'Our books',
        cell: ({ row }) => <Figure amount={row.original.expectedAmount} text={row.original.expected} />,
      },
      {
        id: 'actual',
        header: 'Stripe',
        cell: ({ row }) => <Figure amount={row.original.actualAmount} text={row.original.actual} />,
      },
      {
        id: 'reference',
        header: 'Payout / transfer',
        cell: ({ row }) => (
          <Text size="xs" ff="monospace">
            {[row.original.payoutId, row.original.stripeTransferId].filter(Boolean).join(' / ') || '—'}
          </Text>
        ),
      },
    ],
    [],
  );

  const run = async () => {
    setRefusal([]);
    setFailure(null);
    try {
      const { data: result } = await runReconciliation();
      setRefusal(result?.runPayoutReconciliation.errors ?? []);
    } catch (runFailure) {
      setFailure(runFailure instanceof Error ? runFailure.message : 'The reconciliation failed.');
    }
  };

  const report = data?.payoutReconciliation;
  const alreadyRunning = refusal.some((entry) => entry.code === 'RECONCILIATION_RUNNING');
  return (
    <Stack>
      <Group>
        <Button onClick={() => void run()} loading={running} loaderProps={{ type: 'dots' }}>
          Run reconciliation now
        </Button>
        {running && (
          <Text size="sm" role="status">
            Reading every Stripe transfer; this can take a while.
          </Text>
        )}
      </Group>
      {alreadyRunning ? (
        <Alert color="yellow" title="A reconciliation is already running" role="alert">
          Another run (the schedule, the command or another admin) is in progress; only one runs at a time.
          The report below is the last finished one: run again when the other run is done.
        </Alert>
      ) : (
        <UserErrorsAlert errors={refusal} />
      )}
      {failure && (
        <Alert color="red" title="The reconciliation failed" role="alert">
          {failure}
        </Alert>
      )}
      {error && (
        <QueryErrorAlert error={error} what="the reconciliation report" onRetry={() => void refetch()} />
      )}
      {loading && !data ? (
        <PageLoader />
      ) : !report ? (
        <Text c="dimmed" size="sm">
          No reconciliation has run yet.
        </Text>
      ) : (
        <Stack>
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            <Card withBorder>
              <Text size="sm" c="dimmed">
                Result
              </Text>
              {report.clean ? (
                <Badge color="green" size="lg" mt="xs">
                  Clean
                </Badge>
              ) : (
                <Badge color="red.9" size="lg" mt="xs">
                  {report.discrepancyCount} discrepanc{report.discrepancyCount === 1 ? 'y' : 'ies'}
                </Badge>
              )}
            </Card>
            <Card withBorder>
              <Text size="sm" c="dimmed">
                Checked
              </Text>
              <Text>
                {report.payoutsChecked} payouts, {report.transfersChecked} transfers
              </Text>
            </Card>
            <Card withBorder>
              <Text size="sm" c="dimmed">
                Finished
              </Text>
              <Text size="sm">
                <DateTime value={report.finishedAt} />
              </Text>
              <Text size="xs" c="dimmed">
                started <DateTime value={report.startedAt} />
              </Text>
            </Card>
            <Card withBorder>
              <Text size="sm" c="dimmed">
                Run by
              </Text>
              <Text size="sm">{triggerLabels[report.trigger]}</Text>
              <Text size="xs" c="dimmed">
                against {report.stripeApi}
              </Text>
            </Card>
          </SimpleGrid>
          {!report.clean && (
            <DataTable
              caption={
                report.discrepancyCount > report.discrepancies.length
                  ? `The first ${report.discrepancies.length} of ${report.discrepancyCount} discrepancies`
                  : `${report.discrepancyCount} discrepancies`
              }
              data={report.discrepancies}
              columns={columns}
              getRowId={(entry) =>
                `${entry.kind}:${entry.payoutId ?? ''}:${entry.stripeTransferId ?? ''}:${entry.message}`
              }
              empty="No discrepancy."
            />
          )}
        </Stack>
      )}
    </Stack>
  );
}

import { useQuery } from '@apollo/client/react';
import { Badge, Button, Card, CopyButton, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { lazy, Suspense, useMemo } from 'react';
import { graphql } from '../../gql';
import type { AdminLedgerAccountQuery } from '../../gql/graphql';
import { PageLoader } from '../../ui/PageLoader';
import { appendConnectionPage } from '../shared/connection';
import { DataTable } from '../shared/DataTable';
import { DateTime } from '../../ui/DateTime';
import { ErrorBoundary } from '../shared/ErrorBoundary';
import { MoneyText } from '../shared/MoneyText';
import { QueryErrorAlert } from '../shared/QueryErrorAlert';
import { balanceHistory } from './balance-history';
import {
  accountKindSingular,
  accountParty,
  orderReference,
  postingKindLabel,
  shortId,
  type OrderReference,
} from './ledger-labels';

// Its own chunk: recharts is loaded only when an admin opens an account.
const BalanceHistoryChart = lazy(() => import('./BalanceHistoryChart'));

const LedgerAccountQuery = graphql(`
  query AdminLedgerAccount($id: ID!, $first: Int!, $after: String) {
    ledgerAccount(id: $id) {
      id
      kind
      ownerId
      orderId
      owner {
        id
        displayName
        email
      }
      order {
        id
        listing {
          id
          title
        }
      }
      balance {
        amount
        currency
      }
      entries(first: $first, after: $after) {
        edges {
          cursor
          node {
            id
            kind
            orderId
            createdAt
            amount {
              amount
              currency
            }
            balanceAfter {
              amount
              currency
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

/** The API's largest page; an account's history is read 100 entries at a time, newest first. */
const pageSize = 100;
/** The explorer holds at most this many entries: enough for a chart, bounded for the browser. */
export const maxLoadedEntries = 2_000;

type Entry = NonNullable<AdminLedgerAccountQuery['ledgerAccount']>['entries']['edges'][number]['node'];

type Account = NonNullable<AdminLedgerAccountQuery['ledgerAccount']>;

/** An entry's order: its listing when the account is that order's escrow, else a short id; the whole id to copy. */
function OrderCell({ reference }: { reference: OrderReference | null }) {
  if (!reference) return <>—</>;
  return (
    <Group gap={4} wrap="nowrap">
      <Text
        size="xs"
        ff={reference.named ? undefined : 'monospace'}
        truncate
        maw={160}
        title={reference.named ? `${reference.label} (order ${reference.id})` : `Order ${reference.id}`}
        data-order-id={reference.id}
      >
        {reference.label}
      </Text>
      <CopyButton value={reference.id}>
        {({ copied, copy }) => (
          <Button
            variant="subtle"
            size="compact-xs"
            onClick={copy}
            aria-label={
              copied
                ? 'Order id copied'
                : `Copy id of ${reference.named ? `the order of ${reference.label}` : `order ${shortId(reference.id)}`}`
            }
          >
            {copied ? 'Copied' : 'Copy id'}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}

function entryColumns(account: Account): ColumnDef<Entry>[] {
  return [
    {
      id: 'createdAt',
      header: 'When',
      accessorFn: (entry) => entry.createdAt,
      cell: ({ row }) => <DateTime value={row.original.createdAt} />,
    },
    {
      id: 'kind',
      header: 'Why',
      accessorFn: (entry) => postingKindLabel(entry.kind),
      enableSorting: true,
    },
    {
      id: 'amount',
      header: 'Amount',
      accessorFn: (entry) => entry.amount.amount,
      enableSorting: true,
      cell: ({ row }) => <MoneyText money={row.original.amount} />,
    },
    {
      id: 'balanceAfter',
      header: 'Balance after',
      accessorFn: (entry) => entry.balanceAfter.amount,
      cell: ({ row }) => <MoneyText money={row.original.balanceAfter} />,
    },
    {
      id: 'order',
      header: 'Order',
      cell: ({ row }) => <OrderCell reference={orderReference(row.original.orderId, account)} />,
    },
  ];
}

export function LedgerAccountPanel({ accountId }: { accountId: string }) {
  const { data, loading, error, fetchMore, refetch } = useQuery(LedgerAccountQuery, {
    variables: { id: accountId, first: pageSize },
    notifyOnNetworkStatusChange: true,
  });
  const account = data?.ledgerAccount;
  const entries = useMemo(() => (account?.entries.edges ?? []).map((edge) => edge.node), [account]);
  const points = useMemo(() => balanceHistory([entries]), [entries]);
  const columns = useMemo(() => (account ? entryColumns(account) : []), [account]);

  if (error) return <QueryErrorAlert error={error} what="the account" onRetry={() => void refetch()} />;
  if (loading && !data) return <PageLoader />;
  if (!account) return <Text role="status">No ledger account with this id.</Text>;

  const hasOlder = account.entries.pageInfo.hasNextPage;
  const atLimit = entries.length >= maxLoadedEntries;
  const loadOlder = () =>
    fetchMore({
      variables: { after: account.entries.pageInfo.endCursor },
      updateQuery: (previous, { fetchMoreResult }) => {
        if (!previous.ledgerAccount || !fetchMoreResult.ledgerAccount) return previous;
        return {
          ...previous,
          ledgerAccount: {
            ...previous.ledgerAccount,
            entries: appendConnectionPage(
              previous.ledgerAccount.entries,
              fetchMoreResult.ledgerAccount.entries,
            ),
          },
        };
      },
    });

  return (
    <Stack data-testid="ledger-account">
      <Card withBorder>
        <Group justify="space-between" align="flex-start">
          <Stack gap={4}>
            <Group gap="xs">
              <Badge variant="dot">{accountKindSingular[account.kind]}</Badge>
              <Text size="xs" ff="monospace" c="dimmed">
                {account.id}
              </Text>
            </Group>
            <Text size="sm" data-testid="ledger-account-party">
              {accountParty(account)}
            </Text>
          </Stack>
          <Stack gap={0} align="flex-end">
            <Text size="sm" c="dimmed">
              Balance
            </Text>
            <Text fz={28} fw={700} data-testid="ledger-account-balance">
              <MoneyText money={account.balance} />
            </Text>
          </Stack>
        </Group>
      </Card>

      <Title order={3}>Balance history</Title>
      {points.length === 0 ? (
        <Text c="dimmed" size="sm">
          No entry yet: nothing to chart.
        </Text>
      ) : (
        <figure
          style={{ margin: 0 }}
          aria-label={`Balance after each of the ${points.length} loaded entries, oldest to newest`}
        >
          <ErrorBoundary what="the balance chart">
            <Suspense fallback={<Skeleton h={280} />}>
              <BalanceHistoryChart points={points} currency={account.balance.currency} />
            </Suspense>
          </ErrorBoundary>
          <Text component="figcaption" size="xs" c="dimmed">
            Balance after each of the {points.length} loaded entries, oldest to newest
            {hasOlder ? '; load older entries to chart further back' : ''}.
          </Text>
        </figure>
      )}

      <Title order={3}>Entries</Title>
      <DataTable
        caption={`${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} loaded, newest first`}
        data={entries}
        columns={columns}
        getRowId={(entry) => entry.id}
        minWidth={680}
        empty="This account has no entry."
      />
      {hasOlder && (
        <Group>
          {atLimit ? (
            <Text size="sm" c="dimmed">
              The newest {maxLoadedEntries} entries are loaded; the explorer holds no more.
            </Text>
          ) : (
            <Button variant="default" loading={loading} onClick={() => void loadOlder()}>
              Load older entries
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}

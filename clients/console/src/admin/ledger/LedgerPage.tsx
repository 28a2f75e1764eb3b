import { useQuery } from '@apollo/client/react';
import { Button, Grid, Group, Select, Stack, Text, Title } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { graphql } from '../../gql';
import type { AdminLedgerAccountsQuery, LedgerAccountKind } from '../../gql/graphql';
import { PageLoader } from '../../ui/PageLoader';
import { appendConnectionPage } from '../shared/connection';
import { DataTable } from '../shared/DataTable';
import { MoneyText } from '../shared/MoneyText';
import { QueryErrorAlert } from '../shared/QueryErrorAlert';
import { LedgerAccountPanel } from './LedgerAccountPanel';
import { accountKindLabels, accountKindSingular, accountParty } from './ledger-labels';

const LedgerAccountsQuery = graphql(`
  query AdminLedgerAccounts($kind: LedgerAccountKind!, $first: Int!, $after: String) {
    ledgerAccounts(kind: $kind, first: $first, after: $after) {
      edges {
        cursor
        node {
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
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const accountKinds = (Object.entries(accountKindLabels) as [LedgerAccountKind, string][]).map(
  ([value, label]) => ({ value, label }),
);

const pageSize = 100;

type Account = AdminLedgerAccountsQuery['ledgerAccounts']['edges'][number]['node'];

function readKind(value: string | null): LedgerAccountKind {
  return accountKinds.find((kind) => kind.value === value)?.value ?? 'ESCROW';
}

export function LedgerPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const kind = readKind(searchParams.get('kind'));
  const accountId = searchParams.get('account');
  const { data, loading, error, fetchMore, refetch } = useQuery(LedgerAccountsQuery, {
    variables: { kind, first: pageSize },
    notifyOnNetworkStatusChange: true,
  });
  const accounts = useMemo(() => (data?.ledgerAccounts.edges ?? []).map((edge) => edge.node), [data]);

  const columns = useMemo<ColumnDef<Account>[]>(
    () => [
      {
        id: 'account',
        header: 'Account',
        cell: ({ row }) => (
          <Button
            variant="default"
            size="compact-xs"
            onClick={() => setSearchParams({ kind, account: row.original.id })}
            aria-label={`Open the account of ${accountParty(row.original)}`}
          >
            Open
          </Button>
        ),
      },
      {
        id: 'party',
        header: 'Owner / order',
        accessorFn: (account) => accountParty(account),
        cell: ({ row, getValue }) => (
          <Text
            size="sm"
            truncate
            maw={200}
            title={row.original.ownerId ?? row.original.orderId ?? undefined}
          >
            {String(getValue())}
          </Text>
        ),
      },
      {
        id: 'balance',
        header: 'Balance',
        accessorFn: (account) => account.balance.amount,
        enableSorting: true,
        cell: ({ row }) => <MoneyText money={row.original.balance} />,
      },
    ],
    [kind, setSearchParams],
  );

  const loadMore = () =>
    fetchMore({
      variables: { after: data?.ledgerAccounts.pageInfo.endCursor },
      updateQuery: (previous, { fetchMoreResult }) => ({
        ...previous,
        ledgerAccounts: appendConnectionPage(previous.ledgerAccounts, fetchMoreResult.ledgerAccounts),
      }),
    });

  return (
    <Stack>
      <Title order={1}>Ledger explorer</Title>
      <Text c="dimmed" maw={720}>
        Every balance is the sum of its account's entries. Choose a kind of account, then an account to read
        its entries and chart its balance over time.
      </Text>
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack component="section" aria-labelledby="ledger-accounts-title">
            <Title order={2} id="ledger-accounts-title">
              Accounts
            </Title>
            <Select
              label="Kind of account"
              data={accountKinds.map(({ value, label }) => ({ value, label }))}
              value={kind}
              allowDeselect={false}
              onChange={(value) => setSearchParams({ kind: readKind(value) })}
              maw={320}
            />
            {error && <QueryErrorAlert error={error} what="the accounts" onRetry={() => void refetch()} />}
            {loading && !data ? (
              <PageLoader />
            ) : (
              <DataTable
                caption={`${accounts.length} ${accountKindSingular[kind]}${accounts.length === 1 ? '' : 's'} loaded, in id order`}
                data={accounts}
                columns={columns}
                getRowId={(account) => account.id}
                isRowSelected={(account) => account.id === accountId}
                minWidth={360}
                empty="No account of this kind yet."
              />
            )}
            {data?.ledgerAccounts.pageInfo.hasNextPage && (
              <Group>
                <Button variant="default" loading={loading} onClick={() => void loadMore()}>
                  Load more accounts
                </Button>
              </Group>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack component="section" aria-labelledby="ledger-account-title">
            <Title order={2} id="ledger-account-title">
              Account
            </Title>
            {accountId ? (
              <LedgerAccountPanel key={accountId} accountId={accountId} />
            ) : (
              <Text c="dimmed" size="sm">
                Open an account from the list to see its entries and balance history.
              </Text>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

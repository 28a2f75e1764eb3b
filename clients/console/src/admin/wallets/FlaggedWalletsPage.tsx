import { useMutation, useQuery } from '@apollo/client/react';
import { Anchor, Badge, Button, Code, Group, List, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import type { AdminFlaggedWalletsQuery } from '../../gql/graphql';
import { PageLoader } from '../../ui/PageLoader';
import { appendConnectionPage } from '../shared/connection';
import { DataTable } from '../shared/DataTable';
import { DateTime } from '../../ui/DateTime';
import { MoneyText } from '../shared/MoneyText';
import { QueryErrorAlert } from '../shared/QueryErrorAlert';
import { ReasonDialog } from '../shared/ReasonDialog';

const FlaggedWalletsQuery = graphql(`
  query AdminFlaggedWallets($first: Int!, $after: String) {
    flaggedWallets(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          currency
          status
          flaggedAt
          flaggedReason
          flaggedInternalReason
          balance {
            amount
            currency
          }
          buyer {
            id
            displayName
            email
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

const LiftWalletFlagMutation = graphql(`
  mutation AdminLiftWalletFlag($input: LiftWalletFlagInput!) {
    liftWalletFlag(input: $input) {
      wallets {
        id
        status
        flaggedAt
        flaggedReason
        flaggedInternalReason
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

/** 50 a page; "Load more" takes the next keyset page. */
const pageSize = 50;

type FlaggedWallet = AdminFlaggedWalletsQuery['flaggedWallets']['edges'][number]['node'];
type Buyer = NonNullable<FlaggedWallet['buyer']>;

export function FlaggedWalletsPage() {
  const { data, loading, error, fetchMore, refetch } = useQuery(FlaggedWalletsQuery, {
    variables: { first: pageSize },
    notifyOnNetworkStatusChange: true,
  });
  const [liftWalletFlag] = useMutation(LiftWalletFlagMutation);
  const [liftingBuyer, setLiftingBuyer] = useState<Buyer | null>(null);

  // A lifted wallet comes back ACTIVE into the cache at once; it leaves the list before the refetch lands.
  const wallets = useMemo(
    () =>
      (data?.flaggedWallets.edges ?? [])
        .map((edge) => edge.node)
        .filter((wallet) => wallet.status === 'WALLET_AT_RISK'),
    [data],
  );
  const buyerWallets = liftingBuyer ? wallets.filter((wallet) => wallet.buyer?.id === liftingBuyer.id) : [];

  const columns = useMemo<ColumnDef<FlaggedWallet>[]>(
    () => [
      {
        id: 'buyer',
        header: 'Buyer',
        accessorFn: (wallet) => wallet.buyer?.displayName ?? '',
        enableSorting: true,
        cell: ({ row }) => (
          <Stack gap={0}>
            <Text size="sm" fw={500}>
              {row.original.buyer?.displayName ?? 'Unknown buyer'}
            </Text>
            <Text size="xs" c="dimmed">
              {row.original.buyer?.email}
            </Text>
          </Stack>
        ),
      },
      {
        id: 'balance',
        header: 'Balance',
        accessorFn: (wallet) => wallet.balance.amount,
        enableSorting: true,
        cell: ({ row }) => <MoneyText money={row.original.balance} />,
      },
      {
        id: 'flaggedAt',
        header: 'Flagged',
        accessorFn: (wallet) => wallet.flaggedAt ?? '',
        enableSorting: true,
        cell: ({ row }) => <DateTime value={row.original.flaggedAt} />,
      },
      {
        id: 'reason',
        header: 'Why (internal)',
        cell: ({ row }) => (
          <Text size="sm" maw={360}>
            {row.original.flaggedInternalReason ?? row.original.flaggedReason ?? '—'}
          </Text>
        ),
      },
      {
        id: 'actions',
        header: 'Actions',
        cell: ({ row }) => {
          const buyer = row.original.buyer;
          if (!buyer) return null;
          return (
            <Group gap="xs" wrap="nowrap">
              <Button size="xs" color="red.9" variant="outline" onClick={() => setLiftingBuyer(buyer)}>
                Lift flag…
              </Button>
              <Anchor
                component={Link}
                to={`/admin/risk?role=BUYER&userId=${encodeURIComponent(buyer.id)}`}
                size="sm"
              >
                Risk
              </Anchor>
            </Group>
          );
        },
      },
    ],
    [],
  );

  const loadMore = () =>
    fetchMore({
      variables: { after: data?.flaggedWallets.pageInfo.endCursor },
      updateQuery: (previous, { fetchMoreResult }) => ({
        ...previous,
        flaggedWallets: appendConnectionPage(previous.flaggedWallets, fetchMoreResult.flaggedWallets),
      }),
    });

  const lift = async (reason: string) => {
    if (!liftingBuyer) return [];
    const { data: result } = await liftWalletFlag({
      variables: { input: { buyerId: liftingBuyer.id, reason } },
    });
    const errors = result?.liftWalletFlag.errors ?? [];
    if (errors.length === 0) {
      notifications.show({
        color: 'green',
        title: 'Flag lifted',
        message: `${liftingBuyer.displayName}'s wallets are active again; purchases are allowed.`,
      });
      void refetch();
    }
    return errors;
  };

  return (
    <Stack>
      <Title order={1}>Flagged wallets</Title>
      <Text c="dimmed" maw={720}>
        Wallets on hold after a chargeback: their buyers cannot purchase. Lifting a flag lifts it on every
        wallet of the buyer and is recorded with your reason in the audit log.
      </Text>
      {error && <QueryErrorAlert error={error} what="flagged wallets" onRetry={() => void refetch()} />}
      {loading && !data ? (
        <PageLoader />
      ) : (
        <DataTable
          caption={`${wallets.length} flagged wallet${wallets.length === 1 ? '' : 's'} shown, most recently flagged first`}
          data={wallets}
          columns={columns}
          getRowId={(wallet) => wallet.id}
          empty="No wallet is flagged."
        />
      )}
      {data?.flaggedWallets.pageInfo.hasNextPage && (
        <Group>
          <Button variant="default" loading={loading} onClick={() => void loadMore()}>
            Load more
          </Button>
        </Group>
      )}
      <ReasonDialog
        opened={liftingBuyer !== null}
        onClose={() => setLiftingBuyer(null)}
        title="Lift the wallet flag"
        confirmLabel="Lift flag"
        onConfirm={lift}
      >
        <Text size="sm">
          <b>{liftingBuyer?.displayName}</b> ({liftingBuyer?.email}) will be able to purchase again. The flag
          is lifted on every flagged wallet of this buyer:
        </Text>
        <List size="sm">
          {buyerWallets.map((wallet) => (
            <List.Item key={wallet.id}>
              {wallet.currency}: balance <MoneyText money={wallet.balance} />{' '}
              <Badge color="red" variant="dot" size="sm" title={wallet.status}>
                {wallet.status === 'WALLET_AT_RISK' ? 'On hold after a chargeback' : wallet.status}
              </Badge>
            </List.Item>
          ))}
        </List>
        <Text size="xs" c="dimmed">
          Buyer id <Code>{liftingBuyer?.id}</Code>
        </Text>
      </ReasonDialog>
    </Stack>
  );
}

import { Badge, Stack, Text, Title } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import type { SupportLookupCustomerQuery } from '../../gql/graphql';
import { DataTable } from '../../admin/shared/DataTable';
import { MoneyText } from '../../admin/shared/MoneyText';
import { DateTime } from '../../ui/DateTime';

type CustomerWallet = SupportLookupCustomerQuery['userWallets'][number];

const columns: ColumnDef<CustomerWallet>[] = [
  { id: 'currency', header: 'Currency', cell: ({ row }) => row.original.currency },
  { id: 'balance', header: 'Balance', cell: ({ row }) => <MoneyText money={row.original.balance} /> },
  {
    id: 'status',
    header: 'Status',
    cell: ({ row }) =>
      row.original.status === 'ACTIVE' ? (
        'Active'
      ) : (
        <Badge color="red.9" variant="filled">
          On hold
        </Badge>
      ),
  },
  {
    id: 'hold',
    header: 'Why on hold (internal)',
    cell: ({ row }) =>
      row.original.flaggedAt ? (
        <Text size="sm" maw={420}>
          <DateTime value={row.original.flaggedAt} />: {row.original.flaggedInternalReason ?? '—'}
        </Text>
      ) : (
        '—'
      ),
  },
];

/**
 * The customer's wallets, one per currency: the balance the ledger holds (negative after a
 * chargeback) and whether purchases are on hold, with the internal reason.
 */
export function CustomerWallets({ wallets }: { wallets: readonly CustomerWallet[] }) {
  return (
    <Stack gap="xs" component="section" aria-labelledby="lookup-wallets-heading">
      <Title order={2} size="h4" id="lookup-wallets-heading">
        Wallets
      </Title>
      <DataTable
        caption={`${wallets.length} wallet${wallets.length === 1 ? '' : 's'}, by currency`}
        data={wallets}
        columns={columns}
        getRowId={(wallet) => wallet.id}
        empty="Has no wallet: never topped up."
      />
    </Stack>
  );
}

'use client';

import { Anchor, Button, Paper, Stack, Table, Text, Title } from '@mantine/core';
import Link from 'next/link';
import type { BuyerWalletHistoryEntryFragment } from '../gql/graphql';
import { entryKindLabel, formatDateTime, formatSignedMoney } from './format';
import { formatMoney } from '@codesale/client-shared';

/** The wallet's ledger entries, newest first, a page at a time. */
export function WalletHistory({
  entries,
  hasNextPage,
  loadingMore,
  onLoadMore,
}: {
  entries: readonly BuyerWalletHistoryEntryFragment[];
  hasNextPage: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
}) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="history-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="history-heading">
          History
        </Title>
        {entries.length === 0 ? (
          <Text c="gray.7">No movements yet: top up to start.</Text>
        ) : (
          <Table.ScrollContainer minWidth={520}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">When</Table.Th>
                  <Table.Th scope="col">What</Table.Th>
                  <Table.Th scope="col" ta="right">
                    Amount
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Balance after
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {entries.map((entry) => (
                  <Table.Tr key={entry.id}>
                    <Table.Td>{formatDateTime(entry.createdAt)}</Table.Td>
                    <Table.Td>
                      {entry.orderId ? (
                        <Anchor component={Link} href={`/orders/${encodeURIComponent(entry.orderId)}`}>
                          {entryKindLabel(entry.kind)}
                        </Anchor>
                      ) : (
                        entryKindLabel(entry.kind)
                      )}
                    </Table.Td>
                    <Table.Td ta="right" c={entry.amount.amount < 0 ? 'red.9' : 'teal.9'}>
                      {formatSignedMoney(entry.amount)}
                    </Table.Td>
                    <Table.Td ta="right">{formatMoney(entry.balanceAfter)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {hasNextPage && (
          <Button variant="default" onClick={onLoadMore} loading={loadingMore} style={{ alignSelf: 'start' }}>
            Show older movements
          </Button>
        )}
      </Stack>
    </Paper>
  );
}

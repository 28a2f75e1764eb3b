'use client';

import { Anchor, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import Link from 'next/link';
import type { BuyerWalletHistoryEntryFragment } from '../gql/graphql';
import { entryKindLabel, formatDateTime, formatSignedMoney } from './format';
import { formatMoney } from '@codesale/client-shared';

/** Red for money out, teal for money in. */
const amountColor = (entry: BuyerWalletHistoryEntryFragment) =>
  entry.amount.amount < 0 ? 'red.9' : 'teal.9';

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
          // On a phone the amount and the balance after go under the entry, in view: as columns they
          // would sit off-screen in a table scrolled sideways (as on the orders page). The two columns
          // left fit a 320 px wide screen (WCAG's reflow width) without scrolling.
          <Table.ScrollContainer minWidth={220}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">When</Table.Th>
                  <Table.Th scope="col">What</Table.Th>
                  <Table.Th scope="col" ta="right" visibleFrom="sm">
                    Amount
                  </Table.Th>
                  <Table.Th scope="col" ta="right" visibleFrom="sm">
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
                      {entry.order && (
                        <Text size="sm" c="gray.7" data-testid="history-item">
                          {entry.order.listing?.title ?? 'Listing no longer available'}
                        </Text>
                      )}
                      <Group gap="xs" mt={4} hiddenFrom="sm" data-testid="history-amounts-phone">
                        <Text size="sm" c={amountColor(entry)}>
                          {formatSignedMoney(entry.amount)}
                        </Text>
                        <Text size="sm" c="gray.7">
                          Balance after {formatMoney(entry.balanceAfter)}
                        </Text>
                      </Group>
                    </Table.Td>
                    <Table.Td ta="right" c={amountColor(entry)} visibleFrom="sm">
                      {formatSignedMoney(entry.amount)}
                    </Table.Td>
                    <Table.Td ta="right" visibleFrom="sm">
                      {formatMoney(entry.balanceAfter)}
                    </Table.Td>
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

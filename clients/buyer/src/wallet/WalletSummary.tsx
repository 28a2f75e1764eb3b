'use client';

import { formatMoney } from '@codesale/client-shared';
import { Alert, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { BuyerWalletSummaryFragment } from '../gql/graphql';
import { formatDateTime } from './format';

/** The balance and, for a flagged wallet, why it is on hold and what to do next. */
export function WalletSummary({ wallet }: { wallet: BuyerWalletSummaryFragment }) {
  const atRisk = wallet.status === 'WALLET_AT_RISK';
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="balance-heading">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4" id="balance-heading">
            Balance
          </Title>
          <Badge color={atRisk ? 'red.9' : 'teal.9'} variant="filled">
            {atRisk ? 'On hold' : 'Active'}
          </Badge>
        </Group>
        <Text fz={36} fw={700} data-testid="wallet-balance">
          {formatMoney(wallet.balance)}
        </Text>
        {atRisk && (
          <Alert color="red" title="Purchases from this wallet are on hold" data-testid="wallet-flagged">
            <Stack gap={4}>
              <Text size="sm">
                {wallet.flaggedReason ?? 'A card payment into this wallet was disputed with your bank.'}
              </Text>
              {wallet.flaggedAt && <Text size="sm">Since {formatDateTime(wallet.flaggedAt)}.</Text>}
              <Text size="sm">
                What to do next: if you did not dispute a payment, contact your bank to withdraw the dispute;
                once it is resolved our team lifts the hold and you can buy again. Your codes and orders are
                not affected.
              </Text>
            </Stack>
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

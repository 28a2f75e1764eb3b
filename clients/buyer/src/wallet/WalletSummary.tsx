'use client';

import { formatMoney } from '@codesale/client-shared';
import { Alert, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { BuyerWalletSummaryFragment } from '../gql/graphql';
import { formatDateTime } from './format';
import { HoldExplanation } from './HoldExplanation';
import { walletHoldNotice } from './wallet-hold';

/** The balance and, for a flagged wallet, why it is on hold, what happens next and what the buyer can do. */
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
          <Alert color="red" title={walletHoldNotice.title} data-testid="wallet-flagged">
            <Stack gap={4}>
              {/* The app's words, not the API's flaggedReason: Buy's refusal says the same (wallet-hold.ts). */}
              <HoldExplanation paragraphs={walletHoldNotice.explanation} />
              {wallet.flaggedAt && <Text size="sm">On hold since {formatDateTime(wallet.flaggedAt)}.</Text>}
            </Stack>
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

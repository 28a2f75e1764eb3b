'use client';

import { useMutation, useQuery } from '@apollo/client/react';
import { formatMoney } from '@codesale/client-shared';
import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useFragment as unmask } from '../gql';
import type { BuyerTopUpFieldsFragment } from '../gql/graphql';
import { formatDateTime } from './format';
import { CancelTopUpMutation, TopUpFieldsFragment, UnpaidTopUpsQuery } from './wallet.documents';

/**
 * The buyer's top-ups of the last day that are not paid. Each can be paid now (`onPay` opens its
 * card step in the top-up panel: the same Stripe payment, not a new one), or canceled: its payment
 * is canceled at Stripe and it no longer counts against the limit of unpaid top-ups. Shown only
 * when there is one; `refreshKey` reads them again (after a refusal for too many, or a new top-up).
 */
export function UnpaidTopUps({
  refreshKey,
  onPay,
  payingNow = null,
  paused = false,
}: {
  refreshKey: number;
  onPay: (topUp: BuyerTopUpFieldsFragment) => void;
  /** The wallet is on hold: the API refuses to take a payment (WALLET_ON_HOLD), so none is offered. */
  paused?: boolean;
  /** The top-up the panel above is paying now: it is not listed as unpaid with a Pay of its own. */
  payingNow?: string | null;
}) {
  const query = useQuery(UnpaidTopUpsQuery, { fetchPolicy: 'network-only' });
  const { refetch } = query;
  useEffect(() => {
    if (refreshKey > 0) void refetch();
  }, [refreshKey, refetch]);
  const [cancelTopUp] = useMutation(CancelTopUpMutation);
  const [canceling, setCanceling] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const topUps = (query.data?.myUnpaidTopUps ?? [])
    .map((topUp) => unmask(TopUpFieldsFragment, topUp))
    .filter((topUp) => topUp.id !== payingNow);
  if (topUps.length === 0) return null;

  const cancel = async (topUpId: string) => {
    setCanceling(topUpId);
    setProblem(null);
    try {
      const { data } = await cancelTopUp({ variables: { input: { topUpId } } });
      const error = data?.cancelTopUp.errors[0];
      if (error) setProblem(error.message);
    } catch {
      setProblem('CodeSale did not answer; nothing was canceled. Try again in a moment.');
    } finally {
      setCanceling(null);
      void query.refetch();
    }
  };

  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-labelledby="unpaid-top-ups-heading"
      data-testid="unpaid-top-ups"
    >
      <Stack gap="xs">
        <Title order={2} size="h5" id="unpaid-top-ups-heading">
          Unpaid top-ups
        </Title>
        <Text size="sm" c="gray.7">
          {paused
            ? 'Top-ups you started but did not pay: nothing was charged for them. They cannot be paid while your wallet is on hold; cancel those you will not pay.'
            : 'Top-ups you started but did not pay: nothing was charged for them. Pay one now, or cancel those you will not pay so that they stop counting against the limit of unpaid top-ups.'}
        </Text>
        {problem && (
          <Alert color="red" title="Not canceled">
            {problem}
          </Alert>
        )}
        {topUps.map((topUp) => (
          // On a phone the buttons wrap under the text rather than being cut off at the screen's edge.
          <Group key={topUp.id} justify="space-between" gap="xs">
            <Text size="sm">
              {formatMoney(topUp.amount)} · started {formatDateTime(topUp.createdAt)}
              {topUp.status === 'FAILED' ? ' · card declined' : ''}
            </Text>
            <Group gap="xs" wrap="nowrap">
              {!paused && (
                <Button
                  size="compact-sm"
                  onClick={() => onPay(topUp)}
                  aria-label={`Pay the unpaid top-up of ${formatMoney(topUp.amount)} started ${formatDateTime(topUp.createdAt)}`}
                >
                  Pay
                </Button>
              )}
              <Button
                size="compact-sm"
                variant="default"
                loading={canceling === topUp.id}
                onClick={() => void cancel(topUp.id)}
                aria-label={`Cancel the unpaid top-up of ${formatMoney(topUp.amount)} started ${formatDateTime(topUp.createdAt)}`}
              >
                Cancel
              </Button>
            </Group>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

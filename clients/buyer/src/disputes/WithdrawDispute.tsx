'use client';

import { useMutation } from '@apollo/client/react';
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useFragment as unmask } from '../gql';
import type { BuyerDisputeFragment } from '../gql/graphql';
import {
  BuyerDisputeFragment as BuyerDisputeDocument,
  BuyerWithdrawDisputeMutation,
} from './disputes.documents';

const maxMessageLength = 5000;

/**
 * "It works after all": the buyer takes the dispute back, after a dialog that says what follows (no
 * money moves, the order waits for confirmation or its auto-release, no second dispute), with an
 * optional word for the seller and support.
 */
export function WithdrawDispute({
  disputeId,
  version,
  onWithdrawn,
}: {
  disputeId: string;
  /** The version the buyer sees: a dispute that changed since is refused, and they read it again. */
  version: number;
  onWithdrawn: (dispute: BuyerDisputeFragment) => void;
}) {
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [withdraw, withdrawing] = useMutation(BuyerWithdrawDisputeMutation);

  const onConfirm = async () => {
    setProblem(null);
    const body = message.trim();
    if (body.length > maxMessageLength) {
      setProblem(`Write at most ${maxMessageLength} characters, or nothing.`);
      return;
    }
    try {
      const result = await withdraw({
        variables: { input: { disputeId, expectedVersion: version, message: body || null } },
      });
      const payload = result.data?.withdrawDispute;
      const [error] = payload?.errors ?? [];
      if (error) {
        setProblem(error.message);
        return;
      }
      if (payload?.dispute) onWithdrawn(unmask(BuyerDisputeDocument, payload.dispute));
      setOpen(false);
    } catch {
      setProblem('We could not reach CodeSale: the dispute was not withdrawn. Try again.');
    }
  };

  return (
    <>
      <Button variant="default" color="red" onClick={() => setOpen(true)} style={{ alignSelf: 'start' }}>
        Withdraw the dispute
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title="Withdraw this dispute?" centered>
        <Stack gap="md">
          <Text size="sm">
            The dispute closes and support stops working on it. Your money stays in escrow: confirm the
            delivery when you are ready, or it goes to the seller when the buyer protection ends. You cannot
            open a dispute on this order again.
          </Text>
          <Textarea
            label="Why (optional)"
            description="Posted as your last message, for the seller and support."
            autosize
            minRows={2}
            maxRows={6}
            value={message}
            onChange={(event) => setMessage(event.currentTarget.value)}
          />
          {problem && (
            <Alert color="red" title="Not withdrawn" role="alert">
              {problem}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              Keep the dispute
            </Button>
            <Button color="red" onClick={() => void onConfirm()} loading={withdrawing.loading}>
              Withdraw
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

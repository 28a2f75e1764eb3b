'use client';

import { useMutation } from '@apollo/client/react';
import { formatMoney, type MoneyValue } from '@codesale/client-shared';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ConfirmDeliveryMutation } from './orders.documents';

/**
 * "The code works": releases the escrow to the seller, after a dialog that says so, and that says
 * too when the buyer has not revealed the code yet (they would confirm a code they never saw).
 */
export function ConfirmDelivery({
  orderId,
  price,
  codeRevealed,
}: {
  orderId: string;
  price: MoneyValue;
  codeRevealed: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirm, confirming] = useMutation(ConfirmDeliveryMutation);

  const onConfirm = async () => {
    setProblem(null);
    try {
      const result = await confirm({ variables: { input: { orderId } } });
      const [error] = result.data?.confirmDelivery.errors ?? [];
      if (error) setProblem(error.message);
      setOpen(false);
    } catch {
      setProblem('We could not reach CodeSale: nothing was confirmed. Try again.');
      setOpen(false);
    }
  };

  return (
    <Stack gap="sm">
      <Text size="sm">
        Redeemed the code and it works? Confirm, and the seller is paid. Until then your money waits in
        escrow.
      </Text>
      <Button onClick={() => setOpen(true)} style={{ alignSelf: 'start' }}>
        Confirm delivery
      </Button>
      {problem && (
        <Alert color="red" title="Not confirmed">
          {problem}
        </Alert>
      )}
      <Modal opened={open} onClose={() => setOpen(false)} title="Confirm that the code works?" centered>
        <Stack gap="md">
          {!codeRevealed && (
            <Alert color="orange" title="You have not revealed the code yet" data-testid="confirm-unrevealed">
              Reveal it and check that it works before you confirm: once confirmed, you cannot dispute it.
            </Alert>
          )}
          <Text size="sm">
            Confirming releases {formatMoney(price)} to the seller. You can no longer open a dispute for this
            order afterwards.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              Not yet
            </Button>
            <Button onClick={() => void onConfirm()} loading={confirming.loading}>
              Yes, release the payment
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

import { useMutation } from '@apollo/client/react';
import { Button, Code, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { ReasonDialog } from '../admin/shared/ReasonDialog';
import { graphql } from '../gql';

const RevealDeliveredCodeMutation = graphql(`
  mutation ConsoleRevealDeliveredCode($input: RevealDeliveredCodeInput!) {
    revealDeliveredCode(input: $input) {
      code
      errors {
        code
        message
        field
      }
    }
  }
`);

/**
 * The code an order delivered, behind an audited reveal: the seller of the sale, support on a
 * disputed order, or an admin gives a reason, then sees the code (to match a buyer's screenshot,
 * or find one code sold twice). Shown on this page only, never kept in the cache.
 */
export function DeliveredCode({ orderId }: { orderId: string }) {
  const [opened, setOpened] = useState(false);
  const [code, setCode] = useState<string | null>(null);
  const [reveal] = useMutation(RevealDeliveredCodeMutation, { fetchPolicy: 'no-cache' });

  if (code !== null) {
    return (
      <Group gap="xs" wrap="wrap">
        <Code data-testid="delivered-code" style={{ overflowWrap: 'anywhere' }}>
          {code}
        </Code>
        <Text component="span" size="xs" c="gray.7">
          Your reveal is in the audit log.
        </Text>
      </Group>
    );
  }
  return (
    <>
      <Button size="compact-sm" variant="default" onClick={() => setOpened(true)}>
        Show the delivered code…
      </Button>
      <ReasonDialog
        opened={opened}
        onClose={() => setOpened(false)}
        title="Show the delivered code?"
        confirmLabel="Show the code"
        confirmColor="blue.9"
        onConfirm={async (reason) => {
          const result = await reveal({ variables: { input: { orderId, reason } } });
          const answer = result.data?.revealDeliveredCode;
          if (answer?.code) setCode(answer.code);
          return answer?.errors ?? [];
        }}
      >
        <Text size="sm">
          The code this order delivered is shown to you, and your reveal, with its reason, is recorded in the
          audit log. It does not count as the buyer&apos;s reveal.
        </Text>
      </ReasonDialog>
    </>
  );
}

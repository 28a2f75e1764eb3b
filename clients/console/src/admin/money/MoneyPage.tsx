import { useSubscription } from '@apollo/client/react';
import { Alert, Badge, Button, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { PageLoader } from '../../ui/PageLoader';
import { DateTime } from '../../ui/DateTime';
import { invariantChecks } from './invariant-checks';
import { InvariantCheckCard } from './InvariantCheckCard';
import { MoneyInvariantsChangedSubscription } from './money-invariants.document';

/**
 * The live invariant panel: escrow against the orders it holds, debits against credits, and wallet
 * flags, per currency. The server sends a snapshot when the page subscribes and a fresh one after
 * every change that commits: nothing here polls.
 */
export function MoneyPage() {
  const { data, error, restart } = useSubscription(MoneyInvariantsChangedSubscription);
  const snapshot = data?.moneyInvariantsChanged;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Stack gap="xs">
          <Title order={1}>Money</Title>
          <Text c="dimmed" maw={720}>
            The money invariants from one consistent snapshot of the books, refreshed the moment money moves
            or a wallet flag changes.
          </Text>
        </Stack>
        {snapshot && (
          <Stack gap={4} align="flex-end">
            {snapshot.holds ? (
              <Badge color="green" size="xl" data-testid="money-verdict">
                Every check holds
              </Badge>
            ) : (
              <Badge color="red.9" size="xl" data-testid="money-verdict">
                BROKEN
              </Badge>
            )}
            <Text size="xs" c="dimmed" role="status" aria-live="polite" data-testid="money-checked-at">
              Snapshot of <DateTime value={snapshot.checkedAt} />
            </Text>
          </Stack>
        )}
      </Group>
      {error && (
        <Alert color="red" title="The live panel stopped" role="alert">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{error.message}</Text>
            <Button size="xs" variant="white" color="red.9" onClick={restart}>
              Reconnect
            </Button>
          </Stack>
        </Alert>
      )}
      {!snapshot && !error && <PageLoader />}
      {snapshot && snapshot.currencies.length === 0 && (
        <Text c="dimmed">No money has moved yet: nothing to check.</Text>
      )}
      {snapshot?.currencies.map((currency) => (
        <Stack key={currency.currency} component="section" aria-labelledby={`money-${currency.currency}`}>
          <Group gap="sm">
            <Title order={2} id={`money-${currency.currency}`}>
              {currency.currency}
            </Title>
            {!currency.holds && <Badge color="red.9">BROKEN</Badge>}
          </Group>
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            {invariantChecks(currency).map((check) => (
              <InvariantCheckCard key={check.key} check={check} currency={currency.currency} />
            ))}
          </SimpleGrid>
        </Stack>
      ))}
    </Stack>
  );
}

import { Alert, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { DateTime } from '../../ui/DateTime';
import { MoneyText } from '../shared/MoneyText';
import { payoutFeedLimit } from './payout-feed';
import { payoutChangeColor } from './payout-states';
import { usePayoutFeed } from './use-payout-feed';
import { ScrollTable } from '../shared/ScrollTable';

/** The live payout feed: transitions appear as they commit, with no reload and no polling. */
export function PayoutFeedPanel({ onShowSeller }: { onShowSeller: (sellerId: string) => void }) {
  const { events, notice, failure, retry } = usePayoutFeed();
  return (
    <Stack>
      {notice && (
        <Alert color="yellow" title="Some transitions were missed">
          {notice}
        </Alert>
      )}
      {failure && (
        <Alert color="red" title="The live feed stopped" role="alert">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{failure.message}</Text>
            <Button size="xs" variant="white" color="red.9" onClick={retry}>
              Reconnect
            </Button>
          </Stack>
        </Alert>
      )}
      {events.length === 0 ? (
        <Text c="dimmed" size="sm" role="status">
          Listening: payout and withdrawal transitions appear here as they happen.
        </Text>
      ) : (
        <ScrollTable label="Payout feed" minWidth={640}>
          <Table verticalSpacing="xs" striped data-testid="payout-feed">
            <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>
              {`The latest ${events.length} transitions, newest first (at most ${payoutFeedLimit} are kept)`}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">When</Table.Th>
                <Table.Th scope="col">Change</Table.Th>
                <Table.Th scope="col">Seller</Table.Th>
                <Table.Th scope="col">Amount</Table.Th>
                <Table.Th scope="col">State now</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody aria-live="polite">
              {events.map((event) => (
                <Table.Tr
                  key={event.cursor}
                  data-kind={event.kind}
                  data-payout-id={event.payoutId ?? undefined}
                >
                  <Table.Td>
                    <DateTime value={event.occurredAt} />
                  </Table.Td>
                  <Table.Td>
                    <Badge color={payoutChangeColor(event.kind)} variant="dot">
                      {event.kind}
                    </Badge>
                    {event.failureCode && (
                      <Text size="xs" c="red.8">
                        {event.failureCode}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Text size="sm">{event.seller.displayName}</Text>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        onClick={() => onShowSeller(event.seller.id)}
                        aria-label={`Holds of ${event.seller.displayName}`}
                      >
                        Holds
                      </Button>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <MoneyText money={event.amount} />
                  </Table.Td>
                  <Table.Td>{event.payout?.state ?? event.state}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Stack>
  );
}

import { Paper, Stack, Text, Timeline, Title } from '@mantine/core';
import type { SellerDisputeDetailFragment } from '../../gql/graphql';
import { DateTime } from '../../ui/DateTime';
import { historyEntry } from './dispute-labels';

/** Every change of the dispute, oldest first, in the seller's words (dispute-labels.ts). */
export function DisputeHistory({ timeline }: { timeline: SellerDisputeDetailFragment['timeline'] }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="history-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="history-heading">
          History
        </Title>
        <Timeline active={timeline.length - 1} bulletSize={14} lineWidth={2}>
          {timeline.map((event) => {
            const entry = historyEntry(event);
            return (
              <Timeline.Item
                key={event.version}
                title={
                  <Text fw={600} size="sm">
                    {entry.title}
                  </Text>
                }
              >
                <Text size="sm" c="dimmed">
                  <DateTime value={event.createdAt} />
                </Text>
                {entry.note && (
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="decision-reason">
                    <Text span size="sm" fw={600}>
                      The decision’s reason:
                    </Text>{' '}
                    {entry.note}
                  </Text>
                )}
              </Timeline.Item>
            );
          })}
        </Timeline>
      </Stack>
    </Paper>
  );
}

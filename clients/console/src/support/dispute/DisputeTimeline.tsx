import { Paper, Stack, Text, Timeline, Title } from '@mantine/core';
import type { DisputeDetailFragment } from '../../gql/graphql';
import { actionLabel, actorKindLabels, readableNote, stateLabels } from '../dispute-labels';
import { formatDateTime } from '../../ui/date-time';

/** Every change of the dispute, oldest first, each with its version: the append-only record. */
export function DisputeTimeline({ timeline }: { timeline: DisputeDetailFragment['timeline'] }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="timeline-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="timeline-heading">
          Timeline
        </Title>
        <Timeline active={timeline.length - 1} bulletSize={14} lineWidth={2} data-testid="dispute-timeline">
          {timeline.map((event) => (
            <Timeline.Item
              key={event.version}
              title={
                <Text fw={600} size="sm">
                  {actionLabel(event.action)}
                  {/* The opening says it all ("Opened", not "Opened: Open"). */}
                  {event.fromState && event.fromState !== event.toState
                    ? `: ${stateLabels[event.fromState]} → ${stateLabels[event.toState]}`
                    : event.fromState
                      ? `: ${stateLabels[event.toState]}`
                      : ''}
                </Text>
              }
            >
              <Text size="sm" c="gray.7">
                Version {event.version} · {event.actor?.displayName ?? actorKindLabels[event.actorKind]} (
                {actorKindLabels[event.actorKind]}) · {formatDateTime(event.createdAt)}
              </Text>
              {event.note && (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {readableNote(event.note)}
                </Text>
              )}
            </Timeline.Item>
          ))}
        </Timeline>
      </Stack>
    </Paper>
  );
}

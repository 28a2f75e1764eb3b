import { Paper, Stack, Text, Timeline, Title } from '@mantine/core';
import { Fragment } from 'react';
import type { DisputeDetailFragment } from '../../gql/graphql';
import { DateTime } from '../../ui/DateTime';
import { actionLabel, actorKindLabels, noteSegments, stateLabels } from '../dispute-labels';

/**
 * Every change of the dispute, oldest first: the append-only record. Each event's version (the
 * API's concurrency number) stays on its element for the app and its tests, out of what staff read.
 */
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
              data-version={event.version}
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
                {event.actor?.displayName ?? actorKindLabels[event.actorKind]} (
                {actorKindLabels[event.actorKind]}) · <DateTime value={event.createdAt} />
              </Text>
              {event.note && (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="timeline-note">
                  {noteSegments(event.note).map((segment, index) =>
                    'text' in segment ? (
                      <Fragment key={index}>{segment.text}</Fragment>
                    ) : (
                      <DateTime key={index} value={segment.dateTime} />
                    ),
                  )}
                </Text>
              )}
            </Timeline.Item>
          ))}
        </Timeline>
      </Stack>
    </Paper>
  );
}

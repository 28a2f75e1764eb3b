'use client';

import { Badge, Button, Group } from '@mantine/core';
import type { LiveStatus as Status, ResumableSubscriptionState } from '@codesale/client-shared';

const liveLabels: Record<Exclude<Status, 'failed'>, string> = {
  live: 'Live',
  // The socket is not open: the server is unreachable or the page is still connecting.
  connecting: 'Connecting…',
  resuming: 'Catching up',
};

/** Says whether what is on screen follows the server, and offers to reconnect when it stopped. */
export function LiveStatus({ live }: { live: ResumableSubscriptionState }) {
  if (live.status === 'failed') {
    return (
      <Group gap="xs">
        <Badge color="red.9" variant="filled">
          Live updates stopped
        </Badge>
        <Button size="compact-sm" variant="default" onClick={live.retry}>
          Reconnect
        </Button>
      </Group>
    );
  }
  return (
    <Badge
      color={live.status === 'live' ? 'teal.9' : 'gray.7'}
      variant="filled"
      data-live-status={live.status}
    >
      {liveLabels[live.status]}
    </Badge>
  );
}

'use client';

import { Text } from '@mantine/core';
import { formatDateTime } from '../wallet/format';
import { formatTimeLeft, useNow } from './time-left';

/**
 * Time left in the protection window. It ticks on its own (only this text re-renders each second)
 * and is not a live region: a screen reader reads it when it reaches it, not every second.
 */
export function ProtectionCountdown({
  endsAt,
  precision = 'seconds',
}: {
  endsAt: string;
  precision?: 'seconds' | 'minutes';
}) {
  const now = useNow(precision === 'seconds' ? 1000 : 30_000);
  const end = Date.parse(endsAt);
  return (
    <Text component="span" size="sm" data-testid="protection-time-left">
      <time dateTime={endsAt} title={`Until ${formatDateTime(endsAt)}`}>
        {now === null ? `until ${formatDateTime(endsAt)}` : formatTimeLeft(end - now, precision)}
      </time>
    </Text>
  );
}

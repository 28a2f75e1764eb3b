'use client';

import { Text } from '@mantine/core';
import { formatDateTime } from '../wallet/format';
import { formatAnswerTimeLeft, formatTimeLeft, useNow } from './time-left';

type Precision = 'seconds' | 'minutes';

/**
 * Time left until `endsAt`. It ticks on its own (only this text re-renders) and is not a live
 * region: a screen reader reads it when it reaches it, not every second.
 */
function Countdown({
  endsAt,
  precision,
  format,
  beforeMount,
  testId,
}: {
  endsAt: string;
  precision: Precision;
  format: (milliseconds: number, precision: Precision) => string;
  /** The server's render and the browser's first: the time is not known yet. */
  beforeMount: string;
  testId: string;
}) {
  const now = useNow(precision === 'seconds' ? 1000 : 30_000);
  const end = Date.parse(endsAt);
  return (
    <Text component="span" size="sm" data-testid={testId}>
      <time dateTime={endsAt} title={`Until ${formatDateTime(endsAt)}`}>
        {now === null ? beforeMount : format(end - now, precision)}
      </time>
    </Text>
  );
}

/** Time left in the protection window: "2 d 23 h 57 min left". */
export function ProtectionCountdown({
  endsAt,
  precision = 'seconds',
}: {
  endsAt: string;
  precision?: Precision;
}) {
  return (
    <Countdown
      endsAt={endsAt}
      precision={precision}
      format={formatTimeLeft}
      beforeMount={`until ${formatDateTime(endsAt)}`}
      testId="protection-time-left"
    />
  );
}

/** Time left to answer support in a dispute: "Answer within 23 h 59 min". */
export function ResponseCountdown({
  dueAt,
  precision = 'minutes',
}: {
  dueAt: string;
  precision?: Precision;
}) {
  return (
    <Countdown
      endsAt={dueAt}
      precision={precision}
      format={formatAnswerTimeLeft}
      beforeMount={`Answer by ${formatDateTime(dueAt)}`}
      testId="response-time-left"
    />
  );
}

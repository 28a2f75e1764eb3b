import { Text } from '@mantine/core';
import { formatDateTime } from '../../ui/date-time';

/** A point in time as the console writes it (ui/date-time.ts), machine-readable in `dateTime`. Empty input shows a dash. */
export function DateTimeText({ value }: { value: string | null | undefined }) {
  if (!value) return <Text span>—</Text>;
  return (
    <time dateTime={value} title={value}>
      {formatDateTime(value)}
    </time>
  );
}

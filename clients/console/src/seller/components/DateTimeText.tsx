import { Text } from '@mantine/core';

const formatter = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A point in time in the viewer's locale, machine-readable in `dateTime`. Empty input shows a dash. */
export function DateTimeText({ value }: { value: string | null | undefined }) {
  if (!value) return <Text span>—</Text>;
  return (
    <time dateTime={value} title={value}>
      {formatter.format(new Date(value))}
    </time>
  );
}

import { formatDateTime } from './date-time';

/**
 * A point in time as every console screen writes it (ui/date-time.ts), the machine-readable value
 * kept on the element (and in its title). No value shows a dash.
 */
export function DateTime({ value }: { value: string | null | undefined }) {
  if (!value) return <>—</>;
  return (
    <time dateTime={value} title={value}>
      {formatDateTime(value)}
    </time>
  );
}

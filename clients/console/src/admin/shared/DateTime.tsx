import { formatDateTime } from '../../ui/date-time';

/** A timestamp for people, with the machine-readable value kept on the element. */
export function DateTime({ value }: { value: string | null | undefined }) {
  if (!value) return <>—</>;
  return (
    <time dateTime={value} title={value}>
      {formatDateTime(value)}
    </time>
  );
}

/**
 * How every console screen writes a point in time: "1 Dec 2026, 14:05" in the reader's time zone
 * (the full ISO value stays on the element, see ui/DateTime.tsx). One format for the seller, support
 * and admin screens.
 */
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** A server timestamp (ISO 8601) for people; a dash for none or an unreadable one. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : dateTimeFormat.format(date);
}

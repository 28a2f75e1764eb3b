/**
 * When a risk override may end: in the future and at most a year away (the server's
 * RISK_OVERRIDE_MAX_DAYS, 365 by default). The form works in the reader's local time, as the
 * browser's date-time field does, and sends an ISO instant.
 */
export const overrideMaxDays = 365;
const dayMs = 24 * 60 * 60 * 1000;
const minuteMs = 60 * 1000;

/** `YYYY-MM-DDTHH:mm` in local time: the value format of `<input type="datetime-local">`. */
export function toDateTimeLocalValue(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/** Reads a `datetime-local` value as local time; null when it is not one. */
export function parseDateTimeLocalValue(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!match) return null;
  const [year = 0, month = 0, day = 0, hours = 0, minutes = 0, seconds = 0] = match
    .slice(1)
    .map((part) => Number(part ?? 0));
  const date = new Date(year, month - 1, day, hours, minutes, seconds);
  // new Date rolls 31 February over into March: refuse what the calendar does not have.
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  if (date.getHours() !== hours || date.getMinutes() !== minutes) return null;
  return date;
}

/** The latest end the server accepts now, rounded down to the minute the field can show. */
export function latestOverrideExpiry(now: Date): Date {
  const latest = now.getTime() + overrideMaxDays * dayMs;
  return new Date(Math.floor(latest / minuteMs) * minuteMs);
}

/** The earliest end worth asking for: the next whole minute. */
export function earliestOverrideExpiry(now: Date): Date {
  return new Date(Math.floor(now.getTime() / minuteMs) * minuteMs + minuteMs);
}

export function validateOverrideExpiry(value: string, now: Date): string | null {
  const expiresAt = parseDateTimeLocalValue(value);
  if (!expiresAt) return 'Choose the date and time the override ends.';
  if (expiresAt.getTime() <= now.getTime()) return 'The override must end in the future.';
  if (expiresAt.getTime() > now.getTime() + overrideMaxDays * dayMs)
    return `An override lasts at most ${overrideMaxDays} days: choose an end within a year.`;
  return null;
}

/** A preset length, capped at the longest override allowed. */
export function expiryAfterDays(now: Date, days: number): Date {
  const wanted = new Date(Math.floor((now.getTime() + days * dayMs) / minuteMs) * minuteMs);
  const latest = latestOverrideExpiry(now);
  return wanted.getTime() > latest.getTime() ? latest : wanted;
}

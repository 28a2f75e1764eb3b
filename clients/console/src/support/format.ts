/**
 * Deadlines and sizes as the support screens show them. Dates go through ui/date-time.ts, money
 * through formatMoney only.
 */

/** "in 5 h", "overdue by 2 d": how far a deadline is from now, to the largest whole unit. */
export function formatDeadline(iso: string, now: Date): string {
  const differenceMs = Date.parse(iso) - now.getTime();
  const span = describeSpan(Math.abs(differenceMs));
  return differenceMs >= 0 ? `in ${span}` : `overdue by ${span}`;
}

function describeSpan(milliseconds: number): string {
  const minutes = Math.floor(milliseconds / 60_000);
  if (minutes < 60) return `${Math.max(minutes, 1)} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * The deadline of a request for a response, as the API accepts it: a whole number of hours from 1
 * to DISPUTE_MAX_RESPONSE_DEADLINE_HOURS (server/src/disputes/disputes.service.ts; 14 days by
 * default). A server configured with a lower cap refuses more, and the form shows its refusal on
 * the field.
 */
export const minDeadlineHours = 1;
export const maxDeadlineHours = 24 * 14;

/** The allowed range in words, shown under the field before anything is typed. */
export const deadlineRangeText = `${minDeadlineHours} to ${maxDeadlineHours} hours (14 days)`;

/**
 * Why a typed deadline cannot be sent, or null when it can. An empty field is '' (Mantine's
 * NumberInput); a value out of range is refused, never corrected to the nearest bound.
 */
export function deadlineHoursError(value: number | string): string | null {
  return typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= minDeadlineHours &&
    value <= maxDeadlineHours
    ? null
    : `A whole number from ${deadlineRangeText}`;
}

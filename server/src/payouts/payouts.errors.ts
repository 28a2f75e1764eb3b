/**
 * The error codes of the payouts area's admin mutations that no service refusal covers (the
 * withdrawal and hold mutations use their services' enums; GraphQL enums in payouts.types.ts).
 */

export enum RedrivePayoutErrorCode {
  PAYOUT_NOT_FOUND = 'PAYOUT_NOT_FOUND',
  /** Only a PENDING payout is re-driven: a PAID or FAILED one has ended, once. */
  PAYOUT_NOT_PENDING = 'PAYOUT_NOT_PENDING',
}

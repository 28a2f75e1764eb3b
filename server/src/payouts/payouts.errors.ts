/**
 * The error codes of the payouts area's admin mutations, as GraphQL shows them (payouts.types.ts):
 * each mutation its own enum. The withdrawal mutations use WithdrawalDomainService's enums as they
 * are; the two hold mutations split PayoutEligibilityService's PayoutHoldErrorCode by the codes
 * each can answer (same values, so a service refusal is passed through unchanged).
 */

export enum SetPayoutHoldErrorCode {
  SELLER_NOT_FOUND = 'SELLER_NOT_FOUND',
  INVALID_REASON = 'INVALID_REASON',
  HOLD_ALREADY_ACTIVE = 'HOLD_ALREADY_ACTIVE',
  /** The admin is the seller: another admin holds their payouts. */
  OWN_ACCOUNT = 'OWN_ACCOUNT',
}

export enum LiftPayoutHoldErrorCode {
  SELLER_NOT_FOUND = 'SELLER_NOT_FOUND',
  INVALID_REASON = 'INVALID_REASON',
  NO_ACTIVE_HOLD = 'NO_ACTIVE_HOLD',
  /** The admin is the seller: another admin lifts their hold. */
  OWN_ACCOUNT = 'OWN_ACCOUNT',
}

export enum RedrivePayoutErrorCode {
  PAYOUT_NOT_FOUND = 'PAYOUT_NOT_FOUND',
  /** Only a PENDING payout is re-driven: a PAID or FAILED one has ended, once. */
  PAYOUT_NOT_PENDING = 'PAYOUT_NOT_PENDING',
}

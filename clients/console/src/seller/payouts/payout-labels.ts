import type {
  BankPayoutStatus,
  PayoutAccountStatus,
  PayoutBlockReason,
  PayoutOrderState,
  PayoutSource,
  PayoutState,
  WithdrawalState,
} from '../../gql/graphql';

/** Words and colours for the payout states (and payout sources) a seller sees. */

export const payoutStateLabels: Record<PayoutState, string> = {
  PENDING: 'Pending',
  PAID: 'Paid',
  FAILED: 'Failed',
};

export const payoutStateColors: Record<PayoutState, string> = {
  PENDING: 'blue',
  PAID: 'green',
  FAILED: 'red',
};

export const payoutSourceLabels: Record<PayoutSource, string> = {
  WITHDRAWAL: 'Your withdrawal',
  SWEEP: 'Automatic sweep',
};

/** Stripe's payouts from the seller's connected account to their bank. */
export const bankPayoutStatusLabels: Record<BankPayoutStatus, string> = {
  PENDING: 'Scheduled',
  IN_TRANSIT: 'On its way',
  PAID: 'At your bank',
  FAILED: 'Refused by your bank',
  CANCELED: 'Canceled',
};

export const bankPayoutStatusColors: Record<BankPayoutStatus, string> = {
  PENDING: 'yellow',
  IN_TRANSIT: 'blue',
  PAID: 'green',
  FAILED: 'red',
  CANCELED: 'gray',
};

export const withdrawalStateLabels: Record<WithdrawalState, string> = {
  REQUESTED: 'Requested',
  EXECUTING: 'Executing',
  COMPLETED: 'Completed',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
};

export const withdrawalStateColors: Record<WithdrawalState, string> = {
  REQUESTED: 'yellow',
  EXECUTING: 'blue',
  COMPLETED: 'green',
  FAILED: 'red',
  CANCELLED: 'gray',
};

export const orderPayoutStateLabels: Record<PayoutOrderState, string> = {
  HELD: 'In hold window',
  ELIGIBLE: 'Available',
  BLOCKED: 'Blocked',
  ALLOCATED: 'In a payout',
  PAID: 'Paid out',
};

export const blockReasonLabels: Record<PayoutBlockReason, string> = {
  ACCOUNT_NOT_ENABLED: 'Payout account not ready for payouts',
  ADMIN_HOLD: 'Payouts held by CodeSale',
  BUYER_CHARGEBACK: 'The buyer’s payment was disputed with their bank',
  OPEN_DISPUTE: 'Open dispute on the order',
  SELLER_AT_RISK: 'Account under risk review',
  SELLER_BANNED: 'Account banned: funds frozen',
};

export const accountStatusLabels: Record<PayoutAccountStatus, string> = {
  NOT_STARTED: 'Onboarding not finished',
  PENDING_VERIFICATION: 'Stripe is checking your details',
  RESTRICTED: 'Stripe needs more information',
  ENABLED: 'Payouts enabled',
  DISCONNECTED: 'Disconnected from Stripe',
};

export const accountStatusColors: Record<PayoutAccountStatus, string> = {
  NOT_STARTED: 'gray',
  PENDING_VERIFICATION: 'blue',
  RESTRICTED: 'orange',
  ENABLED: 'green',
  DISCONNECTED: 'red',
};

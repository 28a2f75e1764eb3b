import type { PayoutChangeKind } from '../../gql/graphql';

export const payoutChangeLabels: Record<PayoutChangeKind, string> = {
  WITHDRAWAL_REQUESTED: 'Withdrawal requested',
  WITHDRAWAL_CANCELLED: 'Withdrawal cancelled',
  WITHDRAWAL_FAILED: 'Withdrawal failed',
  PAYOUT_INITIATED: 'Payout started',
  PAYOUT_PAID: 'Payout paid',
  PAYOUT_FAILED: 'Payout failed',
  PAYOUT_REVERSED: 'Payout partly reversed',
};

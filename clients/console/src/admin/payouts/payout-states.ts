import type { PayoutChangeKind } from '../../gql/graphql';

const changeColors: Record<PayoutChangeKind, string> = {
  PAYOUT_INITIATED: 'blue',
  PAYOUT_PAID: 'green',
  PAYOUT_FAILED: 'red',
  PAYOUT_REVERSED: 'orange',
  WITHDRAWAL_REQUESTED: 'gray',
  WITHDRAWAL_CANCELLED: 'gray',
  WITHDRAWAL_FAILED: 'red',
};

export function payoutChangeColor(kind: PayoutChangeKind): string {
  return changeColors[kind];
}

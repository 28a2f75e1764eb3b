import type { Tx } from '../db/transaction';
import type { PostgresPubSub } from '../events/pubsub';

/**
 * Subscription events of the payouts area, published with PostgresPubSub.publish(tx, ...) inside
 * the transaction that made the change, so an aborted phase publishes nothing.
 * - PAYOUT_FEED: every payout and withdrawal transition, for admins (`payoutFeed`);
 * - PAYOUT_UPDATED, scoped to the seller id: the same, for that seller only (`payoutUpdated`).
 * Payloads carry ids and small facts; subscribers load the rest.
 */
export const payoutFeedTopic = 'PAYOUT_FEED';
export const payoutUpdatedTopic = 'PAYOUT_UPDATED';

export type PayoutChangeKind =
  | 'PAYOUT_INITIATED'
  | 'PAYOUT_PAID'
  | 'PAYOUT_FAILED'
  | 'PAYOUT_REVERSED'
  | 'WITHDRAWAL_REQUESTED'
  | 'WITHDRAWAL_CANCELLED'
  | 'WITHDRAWAL_FAILED';

export interface PayoutChangePayload {
  kind: PayoutChangeKind;
  sellerId: string;
  payoutId: string | null;
  withdrawalId: string | null;
  /** The payout's (or, without one, the withdrawal's) state after the change. */
  state: string;
  amount: number;
  currency: string;
  failureCode: string | null;
  /** ISO timestamp. */
  occurredAt: string;
}

export async function publishPayoutChange(
  pubsub: PostgresPubSub,
  tx: Tx,
  change: Omit<PayoutChangePayload, 'occurredAt'>,
): Promise<void> {
  const payload: PayoutChangePayload = { ...change, occurredAt: new Date().toISOString() };
  await pubsub.publish(tx, payoutFeedTopic, payload);
  await pubsub.publish(tx, payoutUpdatedTopic, payload, change.sellerId);
}

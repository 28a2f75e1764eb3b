import type { DisputeAction, DisputeActorKind, DisputeState } from '../domain/dispute-matrix';

/**
 * Subscription events of the disputes area, published with PostgresPubSub.publish(tx, ...) inside
 * the transaction that made the change, so they exist only if it committed.
 * - DISPUTE_FEED: every opening and every transition, for staff (`disputeFeed`);
 * - DISPUTE_UPDATED, scoped to the dispute id: the same plus new messages, for the dispute's two
 *   parties and staff (`disputeUpdated`).
 * Payloads carry ids and small facts; subscribers are authorised per event against them.
 */
export const disputeFeedTopic = 'DISPUTE_FEED';
export const disputeUpdatedTopic = 'DISPUTE_UPDATED';

export type DisputeChangeKind = 'OPENED' | 'TRANSITIONED' | 'MESSAGE_POSTED';

export interface DisputeChangePayload {
  kind: DisputeChangeKind;
  disputeId: string;
  orderId: string;
  buyerId: string;
  sellerId: string;
  assigneeId: string | null;
  /** The dispute's state and version after the change. */
  state: DisputeState;
  version: number;
  fromState: DisputeState | null;
  action: DisputeAction | 'OPEN' | 'POST_MESSAGE';
  actorKind: DisputeActorKind;
  /** ISO timestamp. */
  occurredAt: string;
}

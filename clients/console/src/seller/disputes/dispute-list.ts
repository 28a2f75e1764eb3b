import type { DisputeActorKind } from '../../gql/graphql';
import { isAwaitingSeller, isOpenDispute, type DisputeStatus } from './dispute-labels';

/**
 * The seller's disputes out of `myDisputes`, which lists the viewer's disputes as buyer or seller,
 * oldest first: only those on the viewer's own sales, in the order a seller works through them.
 */

export interface DisputeListItem extends DisputeStatus {
  id: string;
  createdAt: string;
  updatedAt: string;
  closedAt?: string | null;
  seller: { id: string };
}

/** The console's page of a seller's dispute. */
export function disputePath(disputeId: string): string {
  return `/seller/disputes/${encodeURIComponent(disputeId)}`;
}

/** 0: support asked you; 1: open; 2: decided. */
function group(dispute: DisputeListItem): number {
  if (isAwaitingSeller(dispute)) return 0;
  return isOpenDispute(dispute) ? 1 : 2;
}

function time(iso: string | null | undefined): number {
  const parsed = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(parsed) ? 0 : parsed;
}

/**
 * The disputes on `sellerId`'s sales: those awaiting the seller's response first, the nearest
 * deadline on top; then the other open ones, newest first; then the decided ones, latest first.
 */
export function sellerDisputesInOrder<Dispute extends DisputeListItem>(
  disputes: readonly Dispute[],
  sellerId: string,
): Dispute[] {
  return disputes
    .filter((dispute) => dispute.seller.id === sellerId)
    .sort((first, second) => {
      const byGroup = group(first) - group(second);
      if (byGroup !== 0) return byGroup;
      switch (group(first)) {
        case 0:
          return time(first.responseDueAt) - time(second.responseDueAt);
        case 1:
          return time(second.createdAt) - time(first.createdAt);
        default:
          return time(second.closedAt ?? second.updatedAt) - time(first.closedAt ?? first.updatedAt);
      }
    });
}

export function awaitingSellerCount(disputes: readonly DisputeListItem[], sellerId: string): number {
  return disputes.filter((dispute) => dispute.seller.id === sellerId && isAwaitingSeller(dispute)).length;
}

interface ThreadEvent {
  action: string;
  createdAt: string;
}

interface ThreadMessage {
  id: string;
  authorKind: DisputeActorKind;
  body: string;
  createdAt: string;
}

/**
 * Support's question behind the standing request: `requestDisputeResponse` records the transition,
 * then posts its message in the same transaction (server/src/disputes/disputes.service.ts), so it is
 * the first staff message from the latest REQUEST_RESPONSE event on. Null when nobody asks the
 * seller now, or when the thread does not hold it (a conversation longer than the API's 500).
 */
export function responseRequestMessage<Message extends ThreadMessage>(dispute: {
  state: DisputeStatus['state'];
  requestedParty?: DisputeStatus['requestedParty'];
  timeline: readonly ThreadEvent[];
  messages: readonly Message[];
}): Message | null {
  if (!isAwaitingSeller(dispute)) return null;
  const request = dispute.timeline.findLast((event) => event.action === 'REQUEST_RESPONSE');
  if (!request) return null;
  const askedAt = time(request.createdAt);
  return (
    dispute.messages.find(
      (message) =>
        (message.authorKind === 'SUPPORT' || message.authorKind === 'ADMIN') &&
        time(message.createdAt) >= askedAt,
    ) ?? null
  );
}

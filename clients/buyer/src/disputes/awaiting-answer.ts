import type { DisputeParty, DisputeState } from '../gql/graphql';

/**
 * Disputes where support waits for the buyer's answer: the header's count and the orders' time
 * left. Pure: the pages and the tests agree on every phrase.
 */

export interface DisputeRequest {
  state: DisputeState;
  requestedParty?: DisputeParty | null;
  responseDueAt?: string | null;
}

/** Support asked the buyer to respond, and the request still stands. */
export function awaitsBuyerAnswer(dispute: DisputeRequest | null | undefined): boolean {
  return dispute?.state === 'NEEDS_RESPONSE' && dispute.requestedParty === 'BUYER';
}

/** When the buyer's answer is due; null when nobody asks the buyer now. */
export function buyerAnswerDueAt(dispute: DisputeRequest | null | undefined): string | null {
  return awaitsBuyerAnswer(dispute) ? (dispute?.responseDueAt ?? null) : null;
}

/**
 * How many of `buyerId`'s disputes await their answer. `myDisputes` lists the viewer's disputes as
 * buyer or seller: a seller who also buys is asked as a seller in the console, not here.
 */
export function awaitingBuyerAnswerCount(
  disputes: readonly (DisputeRequest & { buyer: { id: string } })[],
  buyerId: string,
): number {
  return disputes.filter((dispute) => dispute.buyer.id === buyerId && awaitsBuyerAnswer(dispute)).length;
}

/** What the Orders link adds for a screen reader: "Orders, 1 dispute awaits your answer". */
export function awaitingAnswerLabel(count: number): string {
  return count === 1 ? '1 dispute awaits your answer' : `${count} disputes await your answer`;
}

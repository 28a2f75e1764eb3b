import type { DisputeActorKind, DisputeParty, DisputeReason, DisputeState } from '../gql/graphql';

/** Words for the API's enums, in one place so the queue, the page and the tests agree. */

export const stateLabels: Record<DisputeState, string> = {
  OPEN: 'Open',
  UNDER_REVIEW: 'Under review',
  NEEDS_RESPONSE: 'Needs response',
  WON: 'Won (refunded)',
  LOST: 'Lost (released)',
  CLOSED: 'Closed',
};

/** Filled badge colours whose white text keeps at least 4.5:1 contrast (WCAG AA for small text). */
export const stateColors: Record<DisputeState, string> = {
  OPEN: 'blue.8',
  UNDER_REVIEW: 'indigo.7',
  NEEDS_RESPONSE: 'grape.8',
  WON: 'teal.9',
  LOST: 'violet.8',
  CLOSED: 'gray.7',
};

export const reasonLabels: Record<DisputeReason, string> = {
  ALREADY_REDEEMED: 'Already redeemed',
  INVALID_CODE: 'Invalid code',
  NOT_AS_DESCRIBED: 'Not as described',
  WRONG_REGION: 'Wrong region',
  OTHER: 'Other',
};

/**
 * A timeline note as people read it: the opening's note is stored as "REASON: the buyer's message"
 * (the reason's code); the code is shown as its label.
 */
export function readableNote(note: string): string {
  const match = /^([A-Z_]+): /.exec(note);
  const label = match && (reasonLabels as Record<string, string | undefined>)[match[1]!];
  return label ? `${label}: ${note.slice(match[0].length)}` : note;
}

export const partyLabels: Record<DisputeParty, string> = {
  BUYER: 'Buyer',
  SELLER: 'Seller',
};

export const actorKindLabels: Record<DisputeActorKind, string> = {
  BUYER: 'Buyer',
  SELLER: 'Seller',
  SUPPORT: 'Support',
  ADMIN: 'Admin',
  SYSTEM: 'System',
  DECISION: 'Admin decision',
};

/** Timeline actions (server/src/domain/dispute-matrix.ts, plus the opening). Unknown ones show as sent. */
const actionLabels: Record<string, string> = {
  OPEN: 'Opened',
  ASSIGN: 'Assigned',
  START_REVIEW: 'Review started',
  REQUEST_RESPONSE: 'Response requested',
  ANSWER: 'Answered',
  EXPIRE_RESPONSE: 'Response deadline passed',
  DECIDE_REFUND: 'Refunded to the buyer',
  DECIDE_RELEASE: 'Released to the seller',
  CLOSE: 'Closed',
  POST_MESSAGE: 'Message',
};

export function actionLabel(action: string): string {
  return actionLabels[action] ?? action;
}

import type {
  DisputeActorKind,
  DisputeParty,
  DisputeReason,
  DisputeState,
  EscrowStatus,
} from '../gql/graphql';
import { formatDateTime } from '../ui/date-time';

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

/** Where an order's money is: the dispute page and the support lookup say it in the same words. */
export const escrowLabels: Record<EscrowStatus, string> = {
  HELD: 'Held in escrow',
  REFUNDED: 'Refunded to the buyer',
  RELEASED: 'Released to the seller',
};

export const reasonLabels: Record<DisputeReason, string> = {
  ALREADY_REDEEMED: 'Already redeemed',
  INVALID_CODE: 'Invalid code',
  NOT_AS_DESCRIBED: 'Not as described',
  WRONG_REGION: 'Wrong region',
  OTHER: 'Other',
};

/** A piece of a timeline note: words, or a point in time the server wrote as ISO 8601. */
export type NoteSegment = { text: string } | { dateTime: string };

/** An ISO 8601 UTC timestamp as the server writes it in notes (Date.toISOString()). */
const isoTimestamp = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z/g;

/**
 * A timeline note as people read it, in pieces: the opening's note is stored as "REASON: the
 * buyer's message" (the reason's code), shown with the reason's label; the timestamps the server
 * writes into notes ("Response requested from the buyer by 2026-12-01T06:54:56.685Z: ...") are
 * kept apart, for the page to write as every console date (ui/DateTime.tsx).
 */
export function noteSegments(note: string): NoteSegment[] {
  const match = /^([A-Z_]+): /.exec(note);
  const label = match && (reasonLabels as Record<string, string | undefined>)[match[1]!];
  const text = label ? `${label}: ${note.slice(match[0].length)}` : note;
  const segments: NoteSegment[] = [];
  let from = 0;
  for (const found of text.matchAll(isoTimestamp)) {
    if (found.index > from) segments.push({ text: text.slice(from, found.index) });
    segments.push({ dateTime: found[0] });
    from = found.index + found[0].length;
  }
  if (from < text.length) segments.push({ text: text.slice(from) });
  return segments;
}

/** A timeline note as plain text: reason codes as labels, timestamps as the console writes dates. */
export function readableNote(note: string): string {
  return noteSegments(note)
    .map((segment) => ('text' in segment ? segment.text : formatDateTime(segment.dateTime)))
    .join('');
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
  UNASSIGN: 'Returned to the queue',
  START_REVIEW: 'Review started',
  REQUEST_RESPONSE: 'Response requested',
  ANSWER: 'Answered',
  EXPIRE_RESPONSE: 'Response deadline passed',
  DECIDE_REFUND: 'Refunded to the buyer',
  DECIDE_RELEASE: 'Released to the seller',
  CLOSE: 'Closed',
  WITHDRAW: 'Withdrawn by the buyer',
  POST_MESSAGE: 'Message',
};

export function actionLabel(action: string): string {
  return actionLabels[action] ?? action;
}

import type { DisputeActorKind, DisputeReason, DisputeState } from '../gql/graphql';

export const reasonLabels: Record<DisputeReason, string> = {
  INVALID_CODE: 'The code does not work',
  ALREADY_REDEEMED: 'The code was already redeemed',
  WRONG_REGION: 'Wrong region',
  NOT_AS_DESCRIBED: 'Not as described',
  OTHER: 'Something else',
};

export const stateLabels: Record<DisputeState, string> = {
  OPEN: 'Opened: waiting for support',
  UNDER_REVIEW: 'Under review by support',
  NEEDS_RESPONSE: 'Waiting for a response',
  WON: 'Decided in your favour: refunded',
  LOST: 'Decided for the seller',
  CLOSED: 'Closed',
};

export const authorLabels: Record<DisputeActorKind, string> = {
  BUYER: 'You',
  SELLER: 'Seller',
  SUPPORT: 'Support',
  ADMIN: 'Support',
  DECISION: 'Decision',
  SYSTEM: 'CodeSale',
};

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

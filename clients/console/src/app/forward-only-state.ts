import type { StoreObject, TypePolicy } from '@apollo/client';

/**
 * Cache rules for an object whose `state` only moves forward (a withdrawal REQUESTED, EXECUTING,
 * then COMPLETED, FAILED or CANCELLED; a payout PENDING, then PAID or FAILED). Answers race with
 * live events: a mutation's answer written after the event that finished the same withdrawal would
 * put it back to REQUESTED, with its Cancel button. An incoming object in an earlier state than the
 * cache's is older: it only adds fields the cache lacks. `state` has a merge function of its own so
 * that Apollo runs the type's merge at all (see support/dispute-type-policies.ts).
 */
export function forwardOnlyStatePolicy(rank: Readonly<Record<string, number>>): TypePolicy {
  return {
    merge(existing: StoreObject | undefined, incoming: StoreObject, { readField, mergeObjects }) {
      if (!existing) return incoming;
      const before = rank[readField<string>('state', existing) ?? ''];
      const after = rank[readField<string>('state', incoming) ?? ''];
      if (before !== undefined && after !== undefined && after < before)
        return mergeObjects(incoming, existing);
      return mergeObjects(existing, incoming);
    },
    fields: { state: { merge: (_existing: string | undefined, incoming: string) => incoming } },
  };
}

export const withdrawalStateRank = { REQUESTED: 0, EXECUTING: 1, COMPLETED: 2, FAILED: 2, CANCELLED: 2 };
export const payoutStateRank = { PENDING: 0, PAID: 1, FAILED: 1 };

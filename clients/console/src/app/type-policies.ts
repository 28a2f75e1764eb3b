import type { TypePolicies } from '@apollo/client';
import { disputeQueueFieldPolicy, disputeTypePolicy } from '../support/dispute-type-policies';
import { forwardOnlyStatePolicy, payoutStateRank, withdrawalStateRank } from './forward-only-state';

/**
 * Cache rules. Objects with a global `id` are normalised by default; these say how lists merge.
 * A live event may arrive after a fresher answer (out of order): a Dispute keeps the highest
 * version it has seen (see support/dispute-type-policies.ts and support/dispute-cache.ts); a
 * Withdrawal and a Payout keep the furthest state they have reached (app/forward-only-state.ts).
 */
export const typePolicies: TypePolicies = {
  Dispute: disputeTypePolicy,
  Withdrawal: forwardOnlyStatePolicy(withdrawalStateRank),
  Payout: forwardOnlyStatePolicy(payoutStateRank),
  Query: {
    fields: {
      disputeQueue: disputeQueueFieldPolicy,
      // A party's disputes (seller/disputes): one list, its pages appended by the same rules.
      myDisputes: { ...disputeQueueFieldPolicy, keyArgs: false },
    },
  },
};

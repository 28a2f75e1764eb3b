import { useApolloClient, useSubscription } from '@apollo/client/react';
import { useState } from 'react';
import type { PayoutChangeKind } from '../../gql/graphql';
import { useCoalescedRefetch } from '../../app/coalesced-refetch';
import { errorMessage } from '../../ui/error-message';
import { sellerPageSize } from '../components/page-size';
import {
  readPayout,
  readWithdrawal,
  SellerEarningsQuery,
  SellerPayoutAccountQuery,
  SellerPayoutsQuery,
  SellerPayoutUpdatedSubscription,
  SellerWithdrawalsQuery,
} from './payout.documents';

/** What the page reads again after a change (readsAfter), by name. */
export type PayoutPageRead = 'earnings' | 'withdrawals' | 'payouts' | 'account';

const documents = {
  earnings: SellerEarningsQuery,
  withdrawals: SellerWithdrawalsQuery,
  payouts: SellerPayoutsQuery,
  account: SellerPayoutAccountQuery,
} as const;

/**
 * What to read again after a change: the earnings always (money moved between the figures); a
 * list whose row is not on screen yet; and the payout account after a failure, which may be the
 * account's own (Stripe no longer knows it): its card must not keep saying "Payouts enabled".
 */
export function readsAfter(
  kind: PayoutChangeKind,
  onScreen: { withdrawalListed: boolean; payoutListed: boolean },
): PayoutPageRead[] {
  const reads: PayoutPageRead[] = ['earnings'];
  if (!onScreen.withdrawalListed) reads.push('withdrawals');
  if (!onScreen.payoutListed) reads.push('payouts');
  if (kind === 'PAYOUT_FAILED' || kind === 'WITHDRAWAL_FAILED') reads.push('account');
  return reads;
}

export interface LastPayoutChange {
  kind: PayoutChangeKind;
  state: string;
  occurredAt: string;
}

export interface PayoutUpdates {
  lastChange: LastPayoutChange | null;
  /** Changes received since the page opened: a dependency for what must follow each one. */
  changeCount: number;
  failure: string | null;
  restart: () => void;
}

/**
 * Keeps the payouts page live from `payoutUpdated`, without polling. Each change carries the
 * payout and the withdrawal as they are now, so the cache updates rows already on screen in place;
 * a row not on screen yet (a new payout) makes its list load again, and every change moves money
 * between the earnings figures, so they load again too: one refetch at a time per list, the last
 * one started after the last change (app/coalesced-refetch.ts).
 */
export function usePayoutUpdates(): PayoutUpdates {
  const apollo = useApolloClient();
  const refetch = useCoalescedRefetch();
  const [lastChange, setLastChange] = useState<LastPayoutChange | null>(null);
  const [changeCount, setChangeCount] = useState(0);
  const [failure, setFailure] = useState<string | null>(null);

  // Whether a row is in the first page on screen (ids compared as the API gives them: global ids).
  const withdrawalListed = (id: string): boolean => {
    const data = apollo.readQuery({ query: SellerWithdrawalsQuery, variables: { first: sellerPageSize } });
    return !data || data.myWithdrawals.edges.some((edge) => readWithdrawal(edge.node).id === id);
  };
  const payoutListed = (id: string): boolean => {
    const data = apollo.readQuery({ query: SellerPayoutsQuery, variables: { first: sellerPageSize } });
    return !data || data.myPayouts.edges.some((edge) => readPayout(edge.node).id === id);
  };

  const subscription = useSubscription(SellerPayoutUpdatedSubscription, {
    onData: ({ data }) => {
      const change = data.data?.payoutUpdated;
      if (!change) return;
      setFailure(null);
      setLastChange({ kind: change.kind, state: change.state, occurredAt: change.occurredAt });
      setChangeCount((count) => count + 1);
      const reads = readsAfter(change.kind, {
        withdrawalListed: !change.withdrawalId || withdrawalListed(change.withdrawalId),
        payoutListed: !change.payoutId || payoutListed(change.payoutId),
      });
      for (const read of reads) refetch(documents[read]);
    },
    onError: (error) => setFailure(errorMessage(error)),
  });

  return {
    lastChange,
    changeCount,
    failure,
    restart: () => {
      setFailure(null);
      subscription.restart();
      // Whatever happened while the subscription was down is read again.
      for (const document of [SellerEarningsQuery, SellerWithdrawalsQuery, SellerPayoutsQuery])
        refetch(document);
    },
  };
}

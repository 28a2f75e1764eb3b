import { useSubscription } from '@apollo/client/react';
import { useRef, useState } from 'react';
import { graphql } from '../../gql';
import type { AdminPayoutFeedSubscription } from '../../gql/graphql';
import { graphQLErrorCodes } from '../shared/graphql-error-codes';
import { addFeedEvent, feedRecovery } from './payout-feed';

const PayoutFeedSubscription = graphql(`
  subscription AdminPayoutFeed($after: String) {
    payoutFeed(after: $after) {
      cursor
      kind
      state
      occurredAt
      failureCode
      payoutId
      withdrawalId
      amount {
        amount
        currency
      }
      seller {
        id
        displayName
      }
      payout {
        id
        state
        transferAttempts
        lastError
        paidAt
        failedAt
        failureCode
      }
    }
  }
`);

export type PayoutFeedEvent = AdminPayoutFeedSubscription['payoutFeed'];

/**
 * Every payout and withdrawal transition as it commits, newest first. The payout in each event is
 * normalised into the cache, so the stuck payouts list updates its rows from the same events. A
 * subscriber that lagged resumes after its last cursor (the server replays what it missed).
 */
export function usePayoutFeed() {
  const [events, setEvents] = useState<PayoutFeedEvent[]>([]);
  const [after, setAfter] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<Error | null>(null);
  const lastCursor = useRef<string | null>(null);

  const { restart } = useSubscription(PayoutFeedSubscription, {
    variables: { after },
    onData: ({ data }) => {
      const event = data.data?.payoutFeed;
      if (!event) return;
      lastCursor.current = event.cursor;
      setFailure(null);
      setEvents((previous) => addFeedEvent(previous, event));
    },
    onError: (error) => {
      const recovery = feedRecovery(graphQLErrorCodes(error), lastCursor.current);
      if (recovery.kind === 'FAIL') {
        setFailure(error);
        return;
      }
      const resumeAfter = recovery.kind === 'RESUME' ? recovery.after : null;
      if (recovery.kind === 'RESTART') setNotice(recovery.notice);
      // New variables resubscribe by themselves; the same ones need an explicit restart.
      if (resumeAfter === after) restart();
      else setAfter(resumeAfter);
    },
  });

  return { events, notice, failure, retry: restart };
}

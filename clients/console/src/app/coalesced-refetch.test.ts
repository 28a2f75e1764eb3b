import type { ApolloClient, DocumentNode } from '@apollo/client';
import { gql } from '@apollo/client';
import { coalescedRefetch } from './coalesced-refetch';

/** An Apollo client whose refetches wait until the test answers them, in order. */
function fakeClient() {
  const pending: (() => void)[] = [];
  const started: DocumentNode[] = [];
  const client = {
    refetchQueries: ({ include }: { include: DocumentNode[] }) => {
      started.push(...include);
      return new Promise<void>((resolve) => pending.push(resolve));
    },
  } as unknown as ApolloClient;
  const answerNext = async () => {
    pending.shift()!();
    // Let the refetch's then/finally run.
    for (let turn = 0; turn < 5; turn++) await Promise.resolve();
  };
  return { client, started, answerNext };
}

const earnings = gql`
  query Earnings {
    payoutEarnings {
      currency
    }
  }
`;
const withdrawals = gql`
  query Withdrawals {
    myWithdrawals {
      id
    }
  }
`;

describe('coalescedRefetch', () => {
  it('runs one refetch of a document at a time, and exactly one more after it for every call while it ran', async () => {
    const { client, started, answerNext } = fakeClient();

    // three changes while the first refetch is in flight
    coalescedRefetch(client, earnings);
    coalescedRefetch(client, earnings);
    coalescedRefetch(client, earnings);
    expect(started).toEqual([earnings]);

    // one more starts once it answers, after the last change, and then nothing
    await answerNext();
    expect(started).toEqual([earnings, earnings]);
    await answerNext();
    expect(started).toEqual([earnings, earnings]);
  });

  it('keeps documents apart', () => {
    const { client, started } = fakeClient();
    coalescedRefetch(client, earnings);
    coalescedRefetch(client, withdrawals);
    expect(started).toEqual([earnings, withdrawals]);
  });
});

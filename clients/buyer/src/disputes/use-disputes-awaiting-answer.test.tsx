import { ApolloLink, InMemoryCache } from '@apollo/client';
import { MockedProvider } from '@apollo/client/testing/react';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { Observable } from 'rxjs';
import { useDisputesAwaitingAnswer } from './use-disputes-awaiting-answer';

/**
 * The header's count against a scripted API whose answers wait until the test releases them: a
 * burst of DISPUTE_UPDATED events makes one more read, not one each, and none is lost (Apollo
 * alone would fold a refetch asked during another into that one, whose answer may predate it).
 */

const buyerId = 'VXNlcjpidXllcg';

function answer(awaiting: number) {
  return {
    data: {
      myDisputes: {
        __typename: 'DisputeConnection',
        edges: Array.from({ length: awaiting }, (_, index) => ({
          __typename: 'DisputeEdge',
          node: {
            __typename: 'Dispute',
            id: `d${index}`,
            state: 'NEEDS_RESPONSE',
            requestedParty: 'BUYER',
            buyer: { __typename: 'User', id: buyerId },
          },
        })),
      },
    },
  };
}

/** Each request waits in `pending` until the test answers it. */
function heldLink(pending: ((awaiting: number) => void)[]) {
  return new ApolloLink(
    () =>
      new Observable((observer) => {
        pending.push((awaiting) => {
          observer.next(answer(awaiting));
          observer.complete();
        });
      }),
  );
}

describe('useDisputesAwaitingAnswer', () => {
  it('counts the requests to the buyer and coalesces refetches that arrive while one runs', async () => {
    // given the count read once: one dispute awaits the buyer
    const pending: ((awaiting: number) => void)[] = [];
    const wrapper = ({ children }: { children: ReactNode }) => (
      <MockedProvider link={heldLink(pending)} cache={new InMemoryCache()}>
        {children}
      </MockedProvider>
    );
    const { result } = renderHook(() => useDisputesAwaitingAnswer(buyerId, false), { wrapper });
    await waitFor(() => expect(pending).toHaveLength(1));
    act(() => pending[0]!(1));
    await waitFor(() => expect(result.current.count).toBe(1));

    // when three events arrive while the first refetch is still running
    act(() => {
      result.current.refetch();
      result.current.refetch();
      result.current.refetch();
    });
    await waitFor(() => expect(pending).toHaveLength(2));
    act(() => pending[1]!(1));

    // then exactly one more request follows, and its answer is the count
    await waitFor(() => expect(pending).toHaveLength(3));
    act(() => pending[2]!(0));
    await waitFor(() => expect(result.current.count).toBe(0));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pending).toHaveLength(3);
  });
});

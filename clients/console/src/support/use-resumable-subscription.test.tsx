import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { MockedProvider } from '@apollo/client/testing/react';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { Observable, type Subscriber } from 'rxjs';
import { DisputeFeedSubscription } from './queue/queue.documents';
import { registerSocketState, SocketStateStore, useResumableSubscription } from '@codesale/client-shared';

/**
 * The resumption rules against a scripted transport: what matters is what the hook subscribes with
 * after the server ends a subscription (a lag, an expired cursor, another error).
 */

interface Opened {
  after: unknown;
  observer: Subscriber<ApolloLink.Result>;
}

function scriptedLink(opened: Opened[]) {
  return new ApolloLink(
    (operation) =>
      new Observable<ApolloLink.Result>((observer) => {
        opened.push({ after: operation.variables['after'], observer });
      }),
  );
}

function event(cursor: string) {
  return {
    data: {
      disputeFeed: {
        __typename: 'DisputeChange',
        cursor,
        kind: 'OPENED',
        disputeId: 'RGlzcHV0ZTox',
        fromState: null,
        state: 'OPEN',
        version: 1,
        occurredAt: '2026-03-01T10:00:00.000Z',
        dispute: null,
      },
    },
  };
}

const failure = (code: string) => ({ data: null, errors: [{ message: code, extensions: { code } }] });

function renderFeed() {
  const opened: Opened[] = [];
  const received: string[] = [];
  const onResumeImpossible = jest.fn();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <MockedProvider link={scriptedLink(opened)}>{children}</MockedProvider>
  );
  const hook = renderHook(
    () =>
      useResumableSubscription({
        document: DisputeFeedSubscription,
        variables: {},
        cursorOf: (data) => data.disputeFeed.cursor,
        onEvent: (data) => received.push(data.disputeFeed.cursor),
        onResumeImpossible,
      }),
    { wrapper },
  );
  return { opened, received, onResumeImpossible, hook };
}

describe('useResumableSubscription', () => {
  it('given a lag, subscribes again after the last cursor received', async () => {
    const { opened, received, hook } = renderFeed();
    await waitFor(() => expect(opened).toHaveLength(1));
    expect(opened[0]!.after).toBeNull();

    act(() => {
      opened[0]!.observer.next(event('41'));
      opened[0]!.observer.next(event('42'));
      opened[0]!.observer.next(failure('EVENT_SUBSCRIBER_LAGGED'));
      opened[0]!.observer.complete();
    });

    await waitFor(() => expect(opened).toHaveLength(2));
    expect(opened[1]!.after).toBe('42');
    expect(received).toEqual(['41', '42']);
    expect(hook.result.current.status).toBe('live');
  });

  it.each(['EVENT_CURSOR_EXPIRED', 'RATE_LIMITED'])(
    'given %s on resuming, reloads the page’s data and subscribes afresh',
    async (code) => {
      const { opened, onResumeImpossible } = renderFeed();
      await waitFor(() => expect(opened).toHaveLength(1));
      act(() => opened[0]!.observer.next(event('7')));
      act(() => opened[0]!.observer.next(failure('EVENT_SUBSCRIBER_LAGGED')));
      await waitFor(() => expect(opened).toHaveLength(2));

      act(() => opened[1]!.observer.next(failure(code)));

      await waitFor(() => expect(opened).toHaveLength(3));
      expect(opened[2]!.after).toBeNull();
      expect(onResumeImpossible).toHaveBeenCalledTimes(1);
    },
  );

  it('given another error, stops and says so; retry subscribes again from the last cursor', async () => {
    const { opened, hook } = renderFeed();
    await waitFor(() => expect(opened).toHaveLength(1));
    act(() => opened[0]!.observer.next(event('9')));
    act(() => opened[0]!.observer.next(failure('FORBIDDEN')));

    await waitFor(() => expect(hook.result.current.status).toBe('failed'));
    expect(opened).toHaveLength(1);

    act(() => hook.result.current.retry());
    await waitFor(() => expect(opened).toHaveLength(2));
    expect(opened[1]!.after).toBe('9');
  });

  it('given lags in a row with no event between them, gives up after a bounded number of tries', async () => {
    const { opened, hook } = renderFeed();
    for (let attempt = 0; attempt < 6; attempt++) {
      await waitFor(() => expect(opened).toHaveLength(attempt + 1));
      act(() => opened[attempt]!.observer.next(failure('EVENT_SUBSCRIBER_LAGGED')));
    }
    await waitFor(() => expect(hook.result.current.status).toBe('failed'));
    expect(opened).toHaveLength(6);
  });

  it('says connecting, not live, while the socket is not open, and live again once it is', async () => {
    // given a client whose socket is still connecting
    const opened: Opened[] = [];
    const apollo = new ApolloClient({ link: scriptedLink(opened), cache: new InMemoryCache() });
    const socket = new SocketStateStore();
    registerSocketState(apollo, socket);
    const wrapper = ({ children }: { children: ReactNode }) => (
      <ApolloProvider client={apollo}>{children}</ApolloProvider>
    );
    const hook = renderHook(
      () =>
        useResumableSubscription({
          document: DisputeFeedSubscription,
          variables: {},
          cursorOf: (data) => data.disputeFeed.cursor,
          onEvent: () => undefined,
          onResumeImpossible: () => undefined,
        }),
      { wrapper },
    );
    await waitFor(() => expect(opened).toHaveLength(1));
    expect(hook.result.current.status).toBe('connecting');

    // when it opens, then live
    act(() => socket.set('connected'));
    expect(hook.result.current.status).toBe('live');

    // when the server goes away (graphql-ws keeps the subscription and reconnects), then connecting
    act(() => socket.set('closed'));
    expect(hook.result.current.status).toBe('connecting');
    act(() => socket.set('connecting'));
    expect(hook.result.current.status).toBe('connecting');
    // and no new subscription was opened for it: graphql-ws resubscribes by itself
    expect(opened).toHaveLength(1);

    act(() => socket.set('connected'));
    expect(hook.result.current.status).toBe('live');
  });
});

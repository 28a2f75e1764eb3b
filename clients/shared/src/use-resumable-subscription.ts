'use client';

import type { OperationVariables, TypedDocumentNode } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { useApolloClient } from '@apollo/client/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSocketState } from './socket-state';

/**
 * A subscription that resumes where it stopped (server/src/graphql/event-subscription.ts): each
 * event carries a cursor; when the server ends the subscription because this client fell behind
 * (EVENT_SUBSCRIBER_LAGGED) it is opened again with `after` = the last cursor, so nothing is missed
 * or seen twice; when the cursor is too old to resume (EVENT_CURSOR_EXPIRED) the page reloads its
 * data and subscribes afresh. Results are written to the Apollo cache as they arrive (the console's
 * Dispute type policy keeps the newest version), then handed to `onEvent`; with
 * `fetchPolicy: 'no-cache'` they are not written, and the caller applies them itself (the buyer's
 * dispute thread keeps the newest version: clients/buyer/src/disputes/newest-dispute.ts).
 *
 * Socket drops are graphql-ws's to handle: it reconnects and re-subscribes, and the shared client
 * refetches the active queries after a reconnection (clients/shared/src/apollo-client.ts). While
 * the socket is not open the status says 'connecting' (socket-state.ts), never 'live'.
 */

/**
 * - live: subscribed, and the socket is open;
 * - connecting: subscribed, but the socket is not open (first connection, or the server went away
 *   and graphql-ws is reconnecting): what is on screen may be stale;
 * - resuming: subscribing again after the server ended the subscription;
 * - failed: given up; `retry` starts again.
 */
export type LiveStatus = 'live' | 'connecting' | 'resuming' | 'failed';

/** Resumptions in a row without an event in between before giving up and asking the user. */
const maxResumptionsInARow = 5;

export interface ResumableSubscriptionOptions<Data, Variables extends OperationVariables> {
  document: TypedDocumentNode<Data, Variables>;
  /** Without `after`; compared by value, so a new object with equal content does not resubscribe. */
  variables: Omit<Variables, 'after'>;
  skip?: boolean;
  /** 'no-cache': the caller applies events itself. */
  fetchPolicy?: 'cache-first' | 'no-cache';
  cursorOf: (data: Data) => string | null | undefined;
  onEvent: (data: Data) => void;
  /** The server can no longer replay what was missed: reload what the page shows. */
  onResumeImpossible: () => void;
}

export interface ResumableSubscriptionState {
  status: LiveStatus;
  error: string | null;
  /** After a failure: subscribe again from the last cursor received. */
  retry: () => void;
}

function errorCode(error: unknown): string | null {
  if (CombinedGraphQLErrors.is(error)) {
    const code = error.errors[0]?.extensions?.['code'];
    return typeof code === 'string' ? code : null;
  }
  return null;
}

export function useResumableSubscription<Data, Variables extends OperationVariables>(
  options: ResumableSubscriptionOptions<Data, Variables>,
): ResumableSubscriptionState {
  const apollo = useApolloClient();
  const [status, setStatus] = useState<LiveStatus>('resuming');
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const lastCursor = useRef<string | null>(null);
  // The latest callbacks, without resubscribing when a render creates new functions.
  const handlers = useRef(options);
  handlers.current = options;

  const variablesKey = JSON.stringify(options.variables);
  const { document, skip, fetchPolicy = 'cache-first' } = options;

  useEffect(() => {
    lastCursor.current = null;
  }, [variablesKey]);

  useEffect(() => {
    if (skip) return;
    const variables = JSON.parse(variablesKey) as Omit<Variables, 'after'>;
    let disposed = false;
    let resumptions = 0;
    let current: { unsubscribe: () => void } | null = null;

    const start = () => {
      if (disposed) return;
      let ended = false;
      // Only the first of error/complete ends this subscription: resume once, not twice.
      const end = (resume: 'from-cursor' | 'afresh' | 'fail', message?: string) => {
        if (ended || disposed) return;
        ended = true;
        current?.unsubscribe();
        if (resume === 'afresh') {
          lastCursor.current = null;
          handlers.current.onResumeImpossible();
        }
        if (resume === 'fail' || ++resumptions > maxResumptionsInARow) {
          setStatus('failed');
          setError(message ?? 'Live updates stopped.');
          return;
        }
        setStatus('resuming');
        // Outside the observer's callback: never subscribe again from inside the one ending.
        queueMicrotask(start);
      };

      current = apollo
        .subscribe({
          query: document,
          fetchPolicy,
          variables: { ...variables, after: lastCursor.current } as unknown as Variables,
        })
        .subscribe({
          next: (result) => {
            if (result.error) {
              const code = errorCode(result.error);
              if (code === 'EVENT_SUBSCRIBER_LAGGED') end('from-cursor');
              // Too far back, or past the server's replay budget: reload the page's data instead.
              else if (code === 'EVENT_CURSOR_EXPIRED' || code === 'RATE_LIMITED') end('afresh');
              else end('fail', result.error.message);
              return;
            }
            if (!result.data) return;
            resumptions = 0;
            const cursor = handlers.current.cursorOf(result.data as Data);
            if (cursor) lastCursor.current = cursor;
            handlers.current.onEvent(result.data as Data);
          },
          error: (failure: unknown) =>
            end('fail', failure instanceof Error ? failure.message : 'Live updates stopped.'),
          // The server ended it (after a lag): continue from the last cursor.
          complete: () => end('from-cursor'),
        });
      setStatus('live');
      setError(null);
    };

    start();
    return () => {
      disposed = true;
      current?.unsubscribe();
    };
  }, [apollo, document, variablesKey, skip, fetchPolicy, generation]);

  const retry = useCallback(() => setGeneration((value) => value + 1), []);
  const socket = useSocketState();
  return { status: status === 'live' && socket !== 'connected' ? 'connecting' : status, error, retry };
}

import type { ApolloClient, DocumentNode } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import { useCallback } from 'react';

type RefetchState = 'running' | 'again';

/** One map per Apollo client: every caller of one client shares who is refetching what. */
const statesByClient = new WeakMap<ApolloClient, Map<DocumentNode, RefetchState>>();

/**
 * Loads the active queries of `document` again, at most one refetch at a time per document: a call
 * while one runs makes exactly one more, started once it has answered. Apollo joins a query sent
 * while the same query is in flight to that earlier request, whose answer may predate the change
 * that prompted the call (a withdrawal paid while the list was loading showed it REQUESTED, with
 * Cancel, until a reload); the refetch that follows always starts after the last call.
 */
export function coalescedRefetch(apollo: ApolloClient, document: DocumentNode): void {
  let states = statesByClient.get(apollo);
  if (!states) {
    states = new Map();
    statesByClient.set(apollo, states);
  }
  const refetches = states;
  if (refetches.get(document)) {
    refetches.set(document, 'again');
    return;
  }
  refetches.set(document, 'running');
  void apollo
    .refetchQueries({ include: [document] })
    .catch(() => undefined)
    .finally(() => {
      const again = refetches.get(document) === 'again';
      refetches.delete(document);
      if (again) coalescedRefetch(apollo, document);
    });
}

/** `coalescedRefetch` on the component's Apollo client. */
export function useCoalescedRefetch(): (document: DocumentNode) => void {
  const apollo = useApolloClient();
  return useCallback((document: DocumentNode) => coalescedRefetch(apollo, document), [apollo]);
}

'use client';

import type { ApolloClient } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import { useSyncExternalStore } from 'react';

/**
 * Whether the subscriptions' socket is open now. graphql-ws reconnects by itself and keeps each
 * subscription open meanwhile, so a subscription alone cannot tell "live" from "the server is
 * gone and we are retrying": this store, fed by the socket's own events, can.
 */
export type SocketState = 'connecting' | 'connected' | 'closed';

export class SocketStateStore {
  private state: SocketState = 'connecting';
  private readonly listeners = new Set<() => void>();

  readonly get = (): SocketState => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(state: SocketState): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of [...this.listeners]) listener();
  }
}

const stores = new WeakMap<ApolloClient, SocketStateStore>();

/** Ties a client's socket state to its Apollo client (createCodesaleClient does). */
export function registerSocketState(apollo: ApolloClient, store: SocketStateStore): void {
  stores.set(apollo, store);
}

const alwaysConnected = new SocketStateStore();
alwaysConnected.set('connected');

/**
 * The socket state of the Apollo client in context; 'connected' for a client without a socket
 * (a test's MockedProvider), whose subscriptions are as live as their transport.
 */
export function useSocketState(): SocketState {
  const store = stores.get(useApolloClient()) ?? alwaysConnected;
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}

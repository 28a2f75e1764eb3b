import type { WebSocket } from 'ws';

/**
 * Closes a graphql-ws socket opened beyond its holder's quota: 1008, the WebSocket code for a
 * policy the server enforces. graphql-ws clients retry it with their backoff, which is what a
 * client should do: a slot comes free when one of the holder's other sockets closes.
 */
export const tooManySocketsCloseCode = 1008;

/**
 * Open graphql-ws sockets per holder (a signed-in user, whatever the credential; an address for
 * sockets opened without one), at most `maxPerHolder` each. Each socket holds a connection, its
 * buffers and its operations' queues in this process: without a bound, one account or one address
 * could hold as many as it cares to open. Per instance, as the sockets are.
 */
export class SocketQuota {
  private readonly open = new Map<string, number>();

  constructor(private readonly maxPerHolder: number) {}

  /** Counts `socket` against `holder` until it closes; false, counting nothing, when the holder is at its maximum. */
  take(socket: WebSocket, holder: string): boolean {
    return this.hold(socket, holder) !== null;
  }

  /**
   * Counts `socket` against `holder` until it closes or the returned release is called (once
   * counts; later calls do nothing); null, counting nothing, when the holder is at its maximum.
   */
  hold(socket: WebSocket, holder: string): (() => void) | null {
    if (socket.readyState !== socket.OPEN) return null;
    const count = this.open.get(holder) ?? 0;
    if (count >= this.maxPerHolder) return null;
    this.open.set(holder, count + 1);
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      const left = (this.open.get(holder) ?? 1) - 1;
      if (left === 0) this.open.delete(holder);
      else this.open.set(holder, left);
    };
    socket.once('close', release);
    return release;
  }

  /** True when `holder` holds its maximum. */
  full(holder: string): boolean {
    return this.openOf(holder) >= this.maxPerHolder;
  }

  /** Open sockets counted against `holder`. */
  openOf(holder: string): number {
    return this.open.get(holder) ?? 0;
  }
}

/**
 * Operations one holder runs over all its sockets on this instance, at most `maxPerHolder`. A
 * socket's own limit (GRAPHQL_WS_MAX_OPERATIONS) times the sockets a holder may open would let one
 * account subscribe thousands of times to its own feed, and every event of its own making (an API
 * key created, say) would then be written thousands of times, the whole server waiting meanwhile.
 * Counted from graphql-ws's own table of each socket's operations, so nothing is left to release.
 */
export class HolderOperations {
  private readonly sockets = new Map<string, Set<{ subscriptions: Record<string, unknown> }>>();

  constructor(readonly maxPerHolder: number) {}

  /** Counts the operations of `context` (one socket's) against `holder` until the socket closes. */
  add(socket: WebSocket, holder: string, context: { subscriptions: Record<string, unknown> }): void {
    let contexts = this.sockets.get(holder);
    if (!contexts) this.sockets.set(holder, (contexts = new Set()));
    contexts.add(context);
    socket.once('close', () => {
      contexts.delete(context);
      if (contexts.size === 0 && this.sockets.get(holder) === contexts) this.sockets.delete(holder);
    });
  }

  /** True when `holder` runs more than its maximum (graphql-ws counts an operation being set up). */
  over(holder: string): boolean {
    let running = 0;
    for (const context of this.sockets.get(holder) ?? [])
      running += Object.keys(context.subscriptions).length;
    return running > this.maxPerHolder;
  }
}

/** Whom a socket counts against: its user when it has credentials, else the address it comes from. */
export function socketHolder(viewer: { userId: string } | null, address: string): string {
  return viewer ? `user:${viewer.userId}` : `address:${address}`;
}

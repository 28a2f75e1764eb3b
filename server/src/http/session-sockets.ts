import type { WebSocket } from 'ws';
import type { SessionsRevoked } from '../auth/auth.service';

/** graphql-ws's Unauthorized close code: its clients do not reconnect on it. */
export const sessionRevokedCloseCode = 4401;

/**
 * This instance's open graphql-ws sockets of session-authenticated viewers, by session and by
 * user, so that a revocation (a SESSIONS_REVOKED event) closes exactly the sockets it ends.
 */
export class SessionSockets {
  private readonly bySession = new Map<string, Set<WebSocket>>();
  private readonly byUser = new Map<string, Set<WebSocket>>();

  /** Tracks `socket` until it closes. */
  add(socket: WebSocket, userId: string, sessionId: string): void {
    if (socket.readyState !== socket.OPEN) return;
    addTo(this.bySession, sessionId, socket);
    addTo(this.byUser, userId, socket);
    socket.once('close', () => {
      removeFrom(this.bySession, sessionId, socket);
      removeFrom(this.byUser, userId, socket);
    });
  }

  /** Closes the sockets of the revoked session, or of every session of the user. */
  closeRevoked(event: SessionsRevoked): void {
    const sockets =
      event.sessionId === null ? this.byUser.get(event.userId) : this.bySession.get(event.sessionId);
    for (const socket of sockets ?? []) socket.close(sessionRevokedCloseCode, 'Session revoked');
  }
}

function addTo(index: Map<string, Set<WebSocket>>, key: string, socket: WebSocket): void {
  const sockets = index.get(key) ?? new Set<WebSocket>();
  sockets.add(socket);
  index.set(key, sockets);
}

function removeFrom(index: Map<string, Set<WebSocket>>, key: string, socket: WebSocket): void {
  const sockets = index.get(key);
  sockets?.delete(socket);
  if (sockets?.size === 0) index.delete(key);
}

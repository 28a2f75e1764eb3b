import type { WebSocket } from 'ws';
import type { SessionsRevoked } from '../auth/session-events';

/** graphql-ws's Unauthorized close code: its clients do not reconnect on it. */
export const sessionRevokedCloseCode = 4401;

/**
 * This instance's open graphql-ws sockets, by credential (a session, or a partner API key) and by
 * user, so that a revocation (a SESSIONS_REVOKED event) closes exactly the sockets it ends.
 */
export class SessionSockets {
  private readonly bySession = new Map<string, Set<WebSocket>>();
  private readonly byUser = new Map<string, Set<WebSocket>>();

  /** Tracks `socket`, opened with a session or an API key, until it closes. */
  add(socket: WebSocket, userId: string, credential: { sessionId: string } | { apiKeyId: string }): void {
    if (socket.readyState !== socket.OPEN) return;
    const key = credentialKey(credential);
    addTo(this.bySession, key, socket);
    addTo(this.byUser, userId, socket);
    socket.once('close', () => {
      removeFrom(this.bySession, key, socket);
      removeFrom(this.byUser, userId, socket);
    });
  }

  /** Closes the sockets of the revoked API key or session, or of every credential of the user. */
  closeRevoked(event: SessionsRevoked): void {
    const sockets = event.apiKeyId
      ? this.bySession.get(credentialKey({ apiKeyId: event.apiKeyId }))
      : event.sessionId === null
        ? this.byUser.get(event.userId)
        : this.bySession.get(credentialKey({ sessionId: event.sessionId }));
    for (const socket of sockets ?? []) socket.close(sessionRevokedCloseCode, 'Session revoked');
  }
}

function credentialKey(credential: { sessionId: string } | { apiKeyId: string }): string {
  return 'sessionId' in credential ? `session:${credential.sessionId}` : `api-key:${credential.apiKeyId}`;
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

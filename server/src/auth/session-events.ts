/**
 * The events that end or change what a session may do. Every API instance hears them: app.ts
 * closes the sockets of revoked sessions, and the session cache (session-cache.ts) forgets them.
 */

/**
 * Published (on commit) whenever sessions are revoked; every API instance closes the WebSockets
 * opened with them (app.ts) and drops them from its session cache.
 */
export const sessionsRevokedTopic = 'SESSIONS_REVOKED';

export interface SessionsRevoked {
  userId: string;
  /** The revoked session, or null when every session of the user was revoked. */
  sessionId: string | null;
  /** Set when one partner API key was revoked: only the sockets opened with that key end. */
  apiKeyId?: string;
}

/**
 * Published by a trigger on `users` (migrations/0016_user_changed_events.sql) in every transaction
 * that changes a user's status, roles, email or display name, whoever writes it: the session check
 * reads them all (the session cache keeps what `me` shows).
 */
export const userChangedTopic = 'USER_CHANGED';

export interface UserChanged {
  userId: string;
}

/**
 * The session or API key a request came in on was revoked (logout, password change, ban, the
 * key's revocation) while the request was on its way: thrown by a service that checks the session again in its own transaction
 * (auth.queries openSessionCondition), after rolling everything back. GraphQL answers it as
 * UNAUTHENTICATED, exactly as the next request on that session is answered.
 */
export class SessionEndedError extends Error {
  constructor(credential: 'session' | 'apiKey' = 'session') {
    super(
      credential === 'apiKey'
        ? 'This API key was revoked (by its owner, a password change or a ban): nothing was changed. Use an active key.'
        : 'Your session has ended (signed out, password changed or account closed): sign in again.',
    );
    this.name = 'SessionEndedError';
  }
}

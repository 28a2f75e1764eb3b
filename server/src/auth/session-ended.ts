/**
 * The session a request came in on was revoked (logout, password change, ban) while the request
 * was on its way: thrown by a service that checks the session again in its own transaction
 * (auth.queries openSessionCondition), after rolling everything back. GraphQL answers it as
 * UNAUTHENTICATED, exactly as the next request on that session is answered.
 */
export class SessionEndedError extends Error {
  constructor() {
    super('Your session has ended (signed out, password changed or account closed): sign in again.');
    this.name = 'SessionEndedError';
  }
}

import { GraphQLError } from 'graphql';
import type { Viewer } from '../auth/roles';
import type { Services } from '../services';
import { sessionCookieNames } from './session-cookies';

export interface Credentials {
  apiKey: string | undefined;
  cookies: Record<string, string | undefined>;
  /** The CSRF token the client echoed: a header over HTTP, a connection parameter over WebSocket. */
  csrfToken: string | undefined;
  /** How many operations the request carries (a batch's length), for an API key's rate limit. */
  operations?: number;
}

/**
 * Who is asking. An API key header wins; otherwise the access cookie, which must come with its
 * session's CSRF token (an HMAC of the session id, see auth/csrf-tokens.ts). An expired or unknown
 * access cookie is anonymous (the client refreshes); a bad API key, a signed access token with
 * malformed claims or a missing CSRF token is refused outright.
 */
export async function authenticate(services: Services, credentials: Credentials): Promise<Viewer | null> {
  if (credentials.apiKey !== undefined) {
    const result = await services.apiKeys.authenticate(credentials.apiKey, credentials.operations ?? 1);
    if ('viewer' in result) return result.viewer;
    if (result.failure === 'RATE_LIMITED') {
      throw new GraphQLError(`Rate limit reached for this API key; retry in ${result.retryAfterSeconds}s.`, {
        extensions: {
          code: 'RATE_LIMITED',
          retryAfterSeconds: result.retryAfterSeconds,
          http: { status: 429 },
        },
      });
    }
    if (result.failure === 'OWNER_NOT_SELLER') {
      throw new GraphQLError(
        "This API key's owner is no longer a seller; keys act only in the seller role.",
        {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
        },
      );
    }
    throw new GraphQLError('The API key is invalid or revoked.', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
  const names = sessionCookieNames(services.config);
  const accessToken = credentials.cookies[names.access];
  if (!accessToken) return null;
  const viewer = await services.auth.viewerFromAccessToken(accessToken);
  if (viewer === 'malformed') {
    throw new GraphQLError('The session token is invalid; sign in again.', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
  if (!viewer) return null;
  if (!viewer.sessionId || !services.auth.csrfTokenMatches(viewer.sessionId, credentials.csrfToken)) {
    throw new GraphQLError(
      `Missing or wrong CSRF token: send the ${names.csrf} cookie value in the x-csrf-token header.`,
      {
        extensions: { code: 'CSRF_TOKEN_INVALID', http: { status: 403 } },
      },
    );
  }
  return viewer;
}

export function singleHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

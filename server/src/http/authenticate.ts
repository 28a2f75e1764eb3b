import { GraphQLError } from 'graphql';
import type { Viewer } from '../auth/roles';
import { constantTimeEqual } from '../auth/tokens';
import type { Services } from '../services';
import { accessCookie, csrfCookie } from './session-cookies';

export interface Credentials {
  apiKey: string | undefined;
  cookies: Record<string, string | undefined>;
  /** The double-submit token the client echoed: a header over HTTP, a connection parameter over WebSocket. */
  csrfToken: string | undefined;
}

/**
 * Who is asking. An API key header wins; otherwise the access cookie, which must come with the
 * double-submit CSRF token. An expired or unknown access cookie is anonymous (the client
 * refreshes); a bad API key, a signed access token with malformed claims or a missing CSRF token
 * is refused outright.
 */
export async function authenticate(services: Services, credentials: Credentials): Promise<Viewer | null> {
  if (credentials.apiKey !== undefined) {
    const result = await services.apiKeys.authenticate(credentials.apiKey);
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
    throw new GraphQLError('The API key is invalid or revoked.', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
  const accessToken = credentials.cookies[accessCookie];
  if (!accessToken) return null;
  const viewer = await services.auth.viewerFromAccessToken(accessToken);
  if (viewer === 'malformed') {
    throw new GraphQLError('The session token is invalid; sign in again.', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
  if (!viewer) return null;
  const expected = credentials.cookies[csrfCookie];
  if (!expected || !credentials.csrfToken || !constantTimeEqual(expected, credentials.csrfToken)) {
    throw new GraphQLError(
      'Missing or wrong CSRF token: send the cs_csrf cookie value in the x-csrf-token header.',
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

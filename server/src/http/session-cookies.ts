import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IssuedSession } from '../auth/auth.service';
import type { Config } from '../config';

/**
 * Three cookies carry a browser session:
 * - access: the short-lived JWT, httpOnly, sent to every route;
 * - refresh: the opaque refresh token, httpOnly, sent only to the refresh route;
 * - csrf: readable by the page, echoed in the `x-csrf-token` header; an HMAC of the session id
 *   (auth/csrf-tokens.ts), so only the session's own token passes.
 * When cookies are Secure (https), their names carry the prefixes browsers enforce: `__Host-`
 * (Secure, Path=/, no Domain: set by this very host, so a sibling subdomain or a network attacker
 * cannot plant one) and `__Secure-` for the refresh cookie, which is scoped to its path.
 */
export interface SessionCookieNames {
  access: string;
  refresh: string;
  csrf: string;
}

export const csrfHeader = 'x-csrf-token';
export const refreshPath = '/auth/refresh';

const plainNames: SessionCookieNames = { access: 'cs_access', refresh: 'cs_refresh', csrf: 'cs_csrf' };
const prefixedNames: SessionCookieNames = {
  access: '__Host-cs_access',
  refresh: '__Secure-cs_refresh',
  csrf: '__Host-cs_csrf',
};

export function sessionCookieNames(config: Config): SessionCookieNames {
  return config.auth.secureCookies ? prefixedNames : plainNames;
}

export function setSessionCookies(reply: FastifyReply, config: Config, session: IssuedSession): void {
  const secure = config.auth.secureCookies;
  const names = sessionCookieNames(config);
  reply.setCookie(names.access, session.accessToken, {
    httpOnly: true,
    secure,
    sameSite: 'lax',
    path: '/',
    maxAge: config.auth.accessTokenTtlSeconds,
  });
  reply.setCookie(names.refresh, session.refreshToken, {
    httpOnly: true,
    secure,
    sameSite: 'strict',
    path: refreshPath,
    expires: session.refreshExpiresAt,
  });
  reply.setCookie(names.csrf, session.csrfToken, {
    httpOnly: false,
    secure,
    sameSite: 'strict',
    path: '/',
    expires: session.refreshExpiresAt,
  });
}

export function clearSessionCookies(reply: FastifyReply, config: Config): void {
  const secure = config.auth.secureCookies;
  const names = sessionCookieNames(config);
  reply.clearCookie(names.access, { path: '/', secure, httpOnly: true, sameSite: 'lax' });
  reply.clearCookie(names.refresh, { path: refreshPath, secure, httpOnly: true, sameSite: 'strict' });
  reply.clearCookie(names.csrf, { path: '/', secure, sameSite: 'strict' });
}

export function requestAddress(request: FastifyRequest): string {
  return request.ip;
}

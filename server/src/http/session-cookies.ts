import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IssuedSession } from '../auth/auth.service';
import type { Config } from '../config';

/**
 * Three cookies carry a browser session:
 * - `cs_access`: the short-lived JWT, httpOnly, sent to every route;
 * - `cs_refresh`: the opaque refresh token, httpOnly, sent only to the refresh route;
 * - `cs_csrf`: readable by the page, echoed in the `x-csrf-token` header (double submit).
 */
export const accessCookie = 'cs_access';
export const refreshCookie = 'cs_refresh';
export const csrfCookie = 'cs_csrf';
export const csrfHeader = 'x-csrf-token';
export const refreshPath = '/auth/refresh';

export function setSessionCookies(reply: FastifyReply, config: Config, session: IssuedSession): void {
  const secure = config.auth.secureCookies;
  reply.setCookie(accessCookie, session.accessToken, {
    httpOnly: true,
    secure,
    sameSite: 'lax',
    path: '/',
    maxAge: config.auth.accessTokenTtlSeconds,
  });
  reply.setCookie(refreshCookie, session.refreshToken, {
    httpOnly: true,
    secure,
    sameSite: 'strict',
    path: refreshPath,
    expires: session.refreshExpiresAt,
  });
  reply.setCookie(csrfCookie, session.csrfToken, {
    httpOnly: false,
    secure,
    sameSite: 'strict',
    path: '/',
    expires: session.refreshExpiresAt,
  });
}

export function clearSessionCookies(reply: FastifyReply, config: Config): void {
  const secure = config.auth.secureCookies;
  reply.clearCookie(accessCookie, { path: '/', secure, httpOnly: true, sameSite: 'lax' });
  reply.clearCookie(refreshCookie, { path: refreshPath, secure, httpOnly: true, sameSite: 'strict' });
  reply.clearCookie(csrfCookie, { path: '/', secure, sameSite: 'strict' });
}

export function requestAddress(request: FastifyRequest): string {
  return request.ip;
}

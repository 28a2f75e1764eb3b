/**
 * The session's cookies as the page sees them. Only the CSRF cookie is readable (the access and
 * refresh cookies are httpOnly); under https its name carries the `__Host-` prefix
 * (server/src/http/session-cookies.ts).
 */
export const csrfCookieNames = ['__Host-cs_csrf', 'cs_csrf'] as const;
export const csrfHeader = 'x-csrf-token';
export const refreshPath = '/auth/refresh';

export function readCookie(cookieHeader: string, name: string): string | undefined {
  for (const part of cookieHeader.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() === name) return decodeURIComponent(part.slice(separator + 1).trim());
  }
  return undefined;
}

/** The double-submit CSRF token, read at each request: a refresh replaces it. */
export function readCsrfToken(cookieHeader: string = globalThis.document?.cookie ?? ''): string | undefined {
  for (const name of csrfCookieNames) {
    const value = readCookie(cookieHeader, name);
    if (value) return value;
  }
  return undefined;
}

/** The CSRF cookie lives as long as the refresh token: without it there is no session to refresh. */
export function hasSessionCookie(): boolean {
  return readCsrfToken() !== undefined;
}

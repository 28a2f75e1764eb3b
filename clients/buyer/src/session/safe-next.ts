/**
 * The `next` parameter of /login and /signup: where to go once signed in. Only a path of this site
 * is honoured (an open redirect would let a link to CodeSale's login page send the buyer, signed in
 * and trusting, to any site): absolute URLs, protocol-relative `//host`, backslash tricks and
 * anything that resolves to another origin fall back to the catalog.
 */
export function safeNextPath(next: string | null | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return fallback;
  // Control characters (tabs, newlines) are stripped by URL parsers and could turn `/\t/evil` into `//evil`.
  if ([...next].some((character) => character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f)) {
    return fallback;
  }
  const base = 'http://codesale.invalid';
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  // Never come back to the sign-in pages themselves.
  if (url.pathname === '/login' || url.pathname === '/signup') return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** /login with the page to come back to. */
export function loginHref(next: string, options: { sessionEnded?: boolean } = {}): string {
  const path = safeNextPath(next, '');
  const query = new URLSearchParams();
  if (path && path !== '/') query.set('next', path);
  // The login page then says the session ended (signed out elsewhere, a new password, expiry).
  if (options.sessionEnded) query.set('ended', '1');
  const search = query.toString();
  return search ? `/login?${search}` : '/login';
}

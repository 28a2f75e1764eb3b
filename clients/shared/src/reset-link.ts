/** A password reset link's token, as the mail carries it: `…/reset-password#token=<43 base64url characters>`. */
const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

/**
 * The token in a reset link's fragment, or null when there is none that could be one. The fragment
 * never reaches a server (no access log or Referer holds it); the page drops it from the address
 * bar and history as soon as it is read (`scrubResetToken`).
 */
export function resetTokenFromHash(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token !== null && tokenPattern.test(token) ? token : null;
}

/** Reads the token from this page's address, then removes it from the address and history. */
export function takeResetToken(location: Location, history: History): string | null {
  const token = resetTokenFromHash(location.hash);
  if (location.hash) history.replaceState(history.state, '', location.pathname + location.search);
  return token;
}

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

/** An error of the reset mutations' payloads, as both apps select it. */
interface ResetError {
  message: string;
  field?: string | null;
}

/** What a reset request's answer means for the form that sent it. */
export type ResetRequestOutcome =
  { kind: 'sent' } | { kind: 'email'; message: string } | { kind: 'failure'; message: string };

/**
 * Reads `requestPasswordReset`'s payload: sent, a message for the email field, or a failure for the
 * whole form (`noAnswer` when the API said nothing usable).
 */
export function resetRequestOutcome(
  payload: { accepted: boolean; errors: readonly ResetError[] } | null | undefined,
  noAnswer: string,
): ResetRequestOutcome {
  const [error] = payload?.errors ?? [];
  if (error?.field === 'email') return { kind: 'email', message: error.message };
  if (error || !payload?.accepted) return { kind: 'failure', message: error?.message ?? noAnswer };
  return { kind: 'sent' };
}

/** What `resetPassword`'s answer means for the page that sent it. */
export type ResetOutcome =
  | { kind: 'reset'; email: string }
  | { kind: 'newPassword'; message: string }
  | { kind: 'dead-link'; message: string }
  | { kind: 'failure'; message: string };

/**
 * Reads `resetPassword`'s payload: done (sign in with `email`), a message for the new password, a
 * link that no longer works (used, replaced, expired), or a failure for the whole form.
 */
export function resetOutcome(
  payload: { reset: boolean; email?: string | null; errors: readonly ResetError[] } | null | undefined,
  noAnswer: string,
): ResetOutcome {
  const [error] = payload?.errors ?? [];
  if (payload?.reset && payload.email) return { kind: 'reset', email: payload.email };
  if (error?.field === 'newPassword') return { kind: 'newPassword', message: error.message };
  if (error?.field === 'token') return { kind: 'dead-link', message: error.message };
  return { kind: 'failure', message: error?.message ?? noAnswer };
}

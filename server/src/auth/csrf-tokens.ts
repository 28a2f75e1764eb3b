import crypto from 'node:crypto';
import { constantTimeEqual } from './tokens';

/**
 * CSRF tokens bound to their session: the token is an HMAC of the session id. A page of another
 * site cannot read it (it is in a cookie of ours), and a token from any other session, the
 * attacker's own included, does not match: planting a cookie is not enough to forge a request.
 * Stable for the session's life, so a refresh does not invalidate a page's copy.
 */
/** Sessions whose expected token is kept (computed once, not an HMAC per request); the oldest leave first. */
const expectedTokensKept = 10_000;

export class CsrfTokens {
  private readonly key: Buffer;
  private readonly expected = new Map<string, string>();

  /** `serverSecret`: the JWT secret; the key is derived from it under its own label, never the same bytes. */
  constructor(serverSecret: string) {
    this.key = Buffer.from(crypto.hkdfSync('sha256', serverSecret, '', 'codesale csrf token v1', 32));
  }

  forSession(sessionId: string): string {
    return crypto.createHmac('sha256', this.key).update(sessionId, 'utf8').digest('base64url');
  }

  /**
   * Whether `token` is the session's; a missing token never is. `sessionId` comes from a verified
   * access token or a refresh token's row, so only real sessions are kept.
   */
  matches(sessionId: string, token: string | undefined): boolean {
    if (token === undefined || token.length > 128) return false;
    let expected = this.expected.get(sessionId);
    if (expected === undefined) {
      expected = this.forSession(sessionId);
      if (this.expected.size >= expectedTokensKept) {
        const oldest = this.expected.keys().next();
        if (!oldest.done) this.expected.delete(oldest.value);
      }
      this.expected.set(sessionId, expected);
    }
    return constantTimeEqual(expected, token);
  }
}

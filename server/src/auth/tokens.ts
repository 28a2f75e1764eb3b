import crypto from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { isUuid } from '../shared/input-validation';

const issuer = 'codesale';
const audience = 'codesale-api';

export interface AccessClaims {
  userId: string;
  sessionId: string;
}

export interface VerifiedAccessClaims extends AccessClaims {
  /** When the token expires, in ms since the epoch. */
  expiresAt: number;
}

/**
 * Verified tokens kept, by their exact text, until they expire: the same bytes verify the same way
 * until `exp`, so a repeat skips the HMAC and the claim checks. Only tokens that verified are kept
 * (only a holder of the secret can make one), at most this many, the oldest leaving first.
 */
const verifiedTokensKept = 10_000;

export class AccessTokens {
  private readonly key: Uint8Array;
  private readonly verified = new Map<string, VerifiedAccessClaims>();

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async sign(claims: AccessClaims): Promise<string> {
    return new SignJWT({ sid: claims.sessionId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.userId)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
  }

  /**
   * The claims of a valid, unexpired token; null when it does not verify or has expired (the
   * client refreshes); 'malformed' when it verifies but its subject or session is not a uuid. Only
   * a holder of the secret can sign such a token, and its ids must not reach SQL.
   */
  async verify(token: string): Promise<VerifiedAccessClaims | null | 'malformed'> {
    if (token.length > 4096) return null;
    const known = this.verified.get(token);
    if (known) {
      // jose's rule: expired once the current second reaches `exp`.
      if (Date.now() < known.expiresAt) return known;
      this.verified.delete(token);
      return null;
    }
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.key, { issuer, audience, algorithms: ['HS256'] }));
    } catch {
      return null;
    }
    if (!isUuid(payload.sub) || !isUuid(payload['sid'])) return 'malformed';
    // jwtVerify refuses a token without `exp` only when asked to; ours always have one.
    if (typeof payload.exp !== 'number') return null;
    const claims = { userId: payload.sub, sessionId: payload['sid'], expiresAt: payload.exp * 1000 };
    if (this.verified.size >= verifiedTokensKept) {
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    this.verified.set(token, claims);
    return claims;
  }
}

/** A random opaque token (refresh tokens, CSRF tokens, API key secrets): 32 bytes, base64url. */
export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

/** Opaque tokens are high-entropy, so a plain SHA-256 is the right hash: fast lookups, nothing to brute-force. */
export function hashToken(token: string): Buffer {
  return crypto.createHash('sha256').update(token, 'utf8').digest();
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

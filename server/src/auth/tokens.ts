import crypto from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { isUuid } from '../shared/input-validation';

const issuer = 'codesale';
const audience = 'codesale-api';

export interface AccessClaims {
  userId: string;
  sessionId: string;
}

export class AccessTokens {
  private readonly key: Uint8Array;

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
  async verify(token: string): Promise<AccessClaims | null | 'malformed'> {
    if (token.length > 4096) return null;
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.key, { issuer, audience, algorithms: ['HS256'] }));
    } catch {
      return null;
    }
    if (!isUuid(payload.sub) || !isUuid(payload['sid'])) return 'malformed';
    return { userId: payload.sub, sessionId: payload['sid'] };
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

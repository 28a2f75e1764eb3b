import crypto from 'node:crypto';

/**
 * Short-lived download URLs for attachments: an HMAC-SHA256, under the configured key, over the
 * attachment id, the user the URL was issued to and the expiry. The GraphQL API issues one only
 * to a viewer who may read the attachment; the download route checks the signature and the
 * expiry, then checks that this user still may.
 */
export interface AttachmentGrant {
  attachmentId: string;
  /** The user the URL was issued to. */
  viewerId: string;
  /** Unix seconds. */
  expiresAt: number;
}

export const attachmentRoutePrefix = '/attachments';

export function signGrant(key: string, grant: AttachmentGrant): string {
  return crypto
    .createHmac('sha256', key)
    .update(`attachment.v1\n${grant.attachmentId}\n${grant.viewerId}\n${grant.expiresAt}`)
    .digest('base64url');
}

export function signedAttachmentUrl(baseUrl: URL, key: string, grant: AttachmentGrant): string {
  const url = new URL(`${attachmentRoutePrefix}/${grant.attachmentId}`, baseUrl);
  url.searchParams.set('viewer', grant.viewerId);
  url.searchParams.set('expires', String(grant.expiresAt));
  url.searchParams.set('signature', signGrant(key, grant));
  return url.toString();
}

export type GrantCheck =
  | { valid: true; grant: AttachmentGrant }
  | { valid: false; reason: 'MALFORMED' | 'BAD_SIGNATURE' | 'EXPIRED' };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Checks a download request's parameters; `now` in Unix seconds. */
export function verifyGrant(
  key: string,
  parameters: { attachmentId?: string; viewer?: string; expires?: string; signature?: string },
  now: number,
): GrantCheck {
  const { attachmentId, viewer, expires, signature } = parameters;
  if (
    !attachmentId ||
    !uuidPattern.test(attachmentId) ||
    !viewer ||
    !uuidPattern.test(viewer) ||
    !expires ||
    !/^\d{1,12}$/.test(expires) ||
    !signature ||
    signature.length > 100
  ) {
    return { valid: false, reason: 'MALFORMED' };
  }
  const grant = { attachmentId, viewerId: viewer, expiresAt: Number(expires) };
  const expected = Buffer.from(signGrant(key, grant));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) {
    return { valid: false, reason: 'BAD_SIGNATURE' };
  }
  if (grant.expiresAt <= now) return { valid: false, reason: 'EXPIRED' };
  return { valid: true, grant };
}

import crypto from 'node:crypto';

/**
 * The `Stripe-Signature` header exactly as Stripe computes it: `t=<unix seconds>,v1=<hex>` where
 * v1 is HMAC-SHA256, keyed with the whole `whsec_...` secret, of `<t>.<raw body>`.
 */
export function signatureHeader(payload: string, secret: string, timestampSeconds: number): string {
  const signature = crypto
    .createHmac('sha256', secret)
    .update(`${timestampSeconds}.${payload}`, 'utf8')
    .digest('hex');
  return `t=${timestampSeconds},v1=${signature}`;
}

export function generateWebhookSecret(): string {
  return `whsec_${crypto.randomBytes(24).toString('base64url')}`;
}

import crypto from 'node:crypto';

/**
 * The environment of a production server for startTestApp: NODE_ENV=production with fresh secrets
 * (production refuses the development ones) and the in-repo Stripe emulator, as the local stack runs.
 */
export function productionEnvironment(overrides: Record<string, string> = {}): Record<string, string> {
  const base64Key = () => crypto.randomBytes(32).toString('base64');
  return {
    NODE_ENV: 'production',
    JWT_SECRET: crypto.randomBytes(32).toString('hex'),
    ATTACHMENT_SIGNING_KEY: crypto.randomBytes(32).toString('hex'),
    CODE_ENCRYPTION_KEYS: `production-1:${base64Key()}`,
    FINGERPRINT_KEY: base64Key(),
    STRIPE_EMULATOR: 'true',
    ...overrides,
  };
}

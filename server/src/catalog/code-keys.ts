import crypto from 'node:crypto';

/**
 * The secrets behind the code vault, parsed from configuration:
 * - CODE_ENCRYPTION_KEYS: `keyId:base64key,keyId:base64key`, each key 32 bytes (AES-256). Every
 *   key that ever encrypted a stored code must stay listed until those codes are re-encrypted.
 * - CODE_ENCRYPTION_ACTIVE_KEY_ID: the key new codes are encrypted with.
 * - FINGERPRINT_KEY: base64, at least 32 bytes, for HMAC-SHA256 fingerprints. It cannot rotate
 *   the way encryption keys do: every stored fingerprint would have to be recomputed first.
 * Outside production, deterministic development keys stand in; production refuses them.
 */
export interface CodeKeys {
  encryptionKeys: ReadonlyMap<string, Buffer>;
  activeKeyId: string;
  fingerprintKey: Buffer;
}

export const keyIdPattern = /^[A-Za-z0-9_-]{1,32}$/;

const developmentKeyId = 'dev-1';
const developmentEncryptionKey = derive('codesale-development-code-encryption-key-not-for-production');
const developmentFingerprintKey = derive('codesale-development-fingerprint-key-not-for-production');

function derive(constant: string): Buffer {
  return crypto.createHash('sha256').update(constant).digest();
}

/**
 * The code keys from the environment's values, or what is wrong with them: one line per problem,
 * each starting with its variable, the encryption keys and the fingerprint key checked apart so
 * that configuration reports both at once.
 */
export function parseCodeKeys(
  values: {
    encryptionKeys: string | undefined;
    activeKeyId: string | undefined;
    fingerprintKey: string | undefined;
  },
  production: boolean,
): CodeKeys | { error: string } {
  const encryption = parseEncryptionSettings(values, production);
  const fingerprintKey = parseFingerprintKey(values.fingerprintKey, production);
  const errors = [encryption, fingerprintKey].flatMap((part) => ('error' in part ? [part.error] : []));
  if ('error' in encryption || 'error' in fingerprintKey) return { error: errors.join('\n') };
  return { ...encryption, fingerprintKey };
}

function parseEncryptionSettings(
  values: { encryptionKeys: string | undefined; activeKeyId: string | undefined },
  production: boolean,
): Omit<CodeKeys, 'fingerprintKey'> | { error: string } {
  const encryptionKeys = values.encryptionKeys
    ? parseEncryptionKeys(values.encryptionKeys)
    : production
      ? { error: 'CODE_ENCRYPTION_KEYS must be set in production' }
      : new Map([[developmentKeyId, developmentEncryptionKey]]);
  if ('error' in encryptionKeys) return encryptionKeys;

  const activeKeyId =
    values.activeKeyId ?? (encryptionKeys.size === 1 ? [...encryptionKeys.keys()][0] : undefined);
  if (!activeKeyId)
    return { error: 'CODE_ENCRYPTION_ACTIVE_KEY_ID must name one of several CODE_ENCRYPTION_KEYS' };
  if (!encryptionKeys.has(activeKeyId)) {
    return { error: `CODE_ENCRYPTION_ACTIVE_KEY_ID "${activeKeyId}" is not among CODE_ENCRYPTION_KEYS` };
  }
  if (production && [...encryptionKeys.values()].some((key) => key.equals(developmentEncryptionKey))) {
    return { error: 'CODE_ENCRYPTION_KEYS holds the development key, which production refuses' };
  }
  return { encryptionKeys, activeKeyId };
}

function parseFingerprintKey(value: string | undefined, production: boolean): Buffer | { error: string } {
  const fingerprintKey = value
    ? Buffer.from(value, 'base64')
    : production
      ? undefined
      : developmentFingerprintKey;
  if (!fingerprintKey) return { error: 'FINGERPRINT_KEY must be set in production' };
  if (fingerprintKey.length < 32)
    return { error: 'FINGERPRINT_KEY must be at least 32 bytes, base64-encoded' };
  if (production && fingerprintKey.equals(developmentFingerprintKey)) {
    return { error: 'FINGERPRINT_KEY is the development key, which production refuses' };
  }
  return fingerprintKey;
}

function parseEncryptionKeys(spec: string): Map<string, Buffer> | { error: string } {
  const keys = new Map<string, Buffer>();
  for (const entry of spec.split(',').map((part) => part.trim())) {
    const separator = entry.indexOf(':');
    const keyId = entry.slice(0, separator);
    const encoded = entry.slice(separator + 1);
    if (separator < 0 || !keyIdPattern.test(keyId)) {
      return {
        error: 'CODE_ENCRYPTION_KEYS entries are keyId:base64key, key ids 1 to 32 of A-Z a-z 0-9 _ -',
      };
    }
    if (keys.has(keyId)) return { error: `CODE_ENCRYPTION_KEYS names key id "${keyId}" twice` };
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== 32 || key.toString('base64') !== normalizeBase64(encoded)) {
      return { error: `CODE_ENCRYPTION_KEYS key "${keyId}" must be 32 bytes, base64-encoded` };
    }
    keys.set(keyId, key);
  }
  return keys;
}

/** Node's base64 decoder skips junk silently; comparing the round trip catches a mistyped key. */
function normalizeBase64(encoded: string): string {
  const standard = encoded.replace(/-/g, '+').replace(/_/g, '/');
  return standard.padEnd(Math.ceil(standard.length / 4) * 4, '=');
}

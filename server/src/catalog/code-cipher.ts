import crypto from 'node:crypto';
import { assert } from '../shared/assert';
import type { CodeKeys } from './code-keys';

/** A code at rest: AES-256-GCM under the named key, with the row id as additional data. */
export interface SealedCode {
  keyId: string;
  iv: Buffer;
  ciphertext: Buffer;
  authTag: Buffer;
}

const ivLength = 12;
const authTagLength = 16;

/**
 * Encrypts, decrypts and fingerprints codes. Holds the keys; nothing else in the process sees
 * them. Plaintext codes leave it only through `open`, which the catalog hands to the delivery
 * service for the buyer of a sold code, and never to the catalog's own API.
 */
export class CodeCipher {
  /** Key objects, imported once: importing a raw key on every call costs more than the encryption. */
  private readonly encryptionKeys: ReadonlyMap<string, crypto.KeyObject>;
  private readonly fingerprintKey: crypto.KeyObject;
  readonly activeKeyId: string;

  constructor(keys: CodeKeys) {
    assert(keys.encryptionKeys.has(keys.activeKeyId), 'the active code key is not among the keys');
    for (const key of keys.encryptionKeys.values()) assert(key.length === 32, 'code keys are 32 bytes');
    this.encryptionKeys = new Map(
      [...keys.encryptionKeys].map(([keyId, key]) => [keyId, crypto.createSecretKey(key)]),
    );
    this.fingerprintKey = crypto.createSecretKey(keys.fingerprintKey);
    this.activeKeyId = keys.activeKeyId;
  }

  /** HMAC-SHA256 of the normalised code (see code-format.ts): the code's platform-wide identity. */
  fingerprint(normalizedCode: string): Buffer {
    return crypto.createHmac('sha256', this.fingerprintKey).update(normalizedCode, 'utf8').digest();
  }

  /** Seals `code` for the row `codeId` under the active key, with a fresh random IV. */
  seal(codeId: string, code: string): SealedCode {
    const keyId = this.activeKeyId;
    const iv = crypto.randomBytes(ivLength);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key(keyId), iv, { authTagLength });
    cipher.setAAD(additionalData(codeId));
    const ciphertext = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
    return { keyId, iv, ciphertext, authTag: cipher.getAuthTag() };
  }

  /** The plaintext of a sealed row. Throws when the key is unknown or the row was tampered with. */
  open(row: SealedCode & { id: string }): string {
    assert(row.iv.length === ivLength && row.authTag.length === authTagLength, `code ${row.id} is malformed`);
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.key(row.keyId), row.iv, { authTagLength });
    decipher.setAAD(additionalData(row.id));
    decipher.setAuthTag(row.authTag);
    return Buffer.concat([decipher.update(row.ciphertext), decipher.final()]).toString('utf8');
  }

  private key(keyId: string): crypto.KeyObject {
    const key = this.encryptionKeys.get(keyId);
    // A stored code under a key that is no longer configured is an operations error, not user input.
    assert(key, `code encryption key "${keyId}" is not configured (CODE_ENCRYPTION_KEYS)`);
    return key;
  }
}

function additionalData(codeId: string): Buffer {
  return Buffer.from(`codesale:code:${codeId}`, 'utf8');
}

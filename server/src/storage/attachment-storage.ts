/**
 * Where attachment bytes live. Objects are addressed by the SHA-256 of their content (hex), so a
 * put is idempotent and the same file uploaded twice is stored once.
 */
export interface AttachmentStorage {
  readonly driver: 'local' | 's3';
  put(object: { sha256: string; body: Buffer; contentType: string }): Promise<void>;
  /** The object's bytes, or null when there is none under that hash. */
  get(sha256: string): Promise<Buffer | null>;
  /** Removes the object; none under that hash is not an error. The caller knows no row names it. */
  delete(sha256: string): Promise<void>;
  close(): Promise<void>;
}

export const sha256Pattern = /^[0-9a-f]{64}$/;

import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { assert } from '../shared/assert';
import { sha256Pattern, type AttachmentStorage } from './attachment-storage';

export interface S3StorageOptions {
  /** Unset: AWS S3 itself. R2: https://<account>.r2.cloudflarestorage.com; MinIO: its URL. */
  endpoint: string | undefined;
  region: string;
  bucket: string | undefined;
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
  forcePathStyle: boolean;
  keyPrefix: string;
}

/**
 * Attachments in an S3-compatible bucket (AWS S3, Cloudflare R2, MinIO), under
 * `<keyPrefix><sha256>`. Each put sends the SHA-256 so the server rejects a corrupted upload;
 * re-putting the same content is harmless. The bucket stays private: downloads go through the
 * API's signed route, which reads the object here.
 */
export class S3Storage implements AttachmentStorage {
  readonly driver = 's3' as const;
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(private readonly options: S3StorageOptions) {
    assert(
      options.bucket && options.accessKeyId && options.secretAccessKey,
      'S3Storage needs a bucket and keys (config)',
    );
    this.bucket = options.bucket;
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      maxAttempts: 3,
    });
  }

  async put(object: { sha256: string; body: Buffer; contentType: string }): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.keyOf(object.sha256),
        Body: object.body,
        ContentType: object.contentType,
        ContentLength: object.body.length,
        ChecksumSHA256: Buffer.from(object.sha256, 'hex').toString('base64'),
      }),
      { abortSignal: AbortSignal.timeout(30_000) },
    );
  }

  async get(sha256: string): Promise<Buffer | null> {
    try {
      const response = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) }),
        { abortSignal: AbortSignal.timeout(30_000) },
      );
      if (!response.Body) return null;
      return Buffer.from(await response.Body.transformToByteArray());
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null;
      throw error;
    }
  }

  /** S3 answers a delete of a missing key with success too. */
  async delete(sha256: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) }), {
      abortSignal: AbortSignal.timeout(30_000),
    });
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  private keyOf(sha256: string): string {
    assert(sha256Pattern.test(sha256), 'storage keys are SHA-256 hex digests');
    return `${this.options.keyPrefix}${sha256}`;
  }
}

import crypto from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { queryDatabase, rawId, startTestApp, type TestApp } from '../../test/harness';
import { picture, uploadListingImage } from '../../test/listing-image-helpers';
import { newSeller } from '../../test/marketplace';
import { s3rverCredentials, startLocalS3, type LocalS3 } from '../../test/s3-server';
import { S3Storage } from './s3.storage';

function sha256(body: Buffer): string {
  return crypto.createHash('sha256').update(body).digest('hex');
}

describe('S3Storage against a local S3-compatible server (s3rver)', () => {
  let s3: LocalS3;
  let storage: S3Storage;
  let client: S3Client;

  beforeAll(async () => {
    s3 = await startLocalS3();
    storage = new S3Storage({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      bucket: s3.bucket,
      ...s3rverCredentials,
      forcePathStyle: true,
      keyPrefix: 'dispute-attachments/',
    });
    client = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: s3rverCredentials,
    });
  });
  afterAll(async () => {
    await storage.close();
    client.destroy();
    await s3.close();
  });

  it('puts an object under its prefix and SHA-256, and gets the same bytes back', async () => {
    const body = crypto.randomBytes(10_000);
    await storage.put({ sha256: sha256(body), body, contentType: 'application/pdf' });
    const read = await storage.get(sha256(body));
    expect(read?.equals(body)).toBe(true);
    // stored where the driver says, with its content type
    const object = await client.send(
      new GetObjectCommand({ Bucket: s3.bucket, Key: `dispute-attachments/${sha256(body)}` }),
    );
    expect(object.ContentType).toBe('application/pdf');
  });

  it('is idempotent: the same content put twice is one object', async () => {
    const body = Buffer.from('the same evidence, twice');
    await storage.put({ sha256: sha256(body), body, contentType: 'text/plain' });
    await storage.put({ sha256: sha256(body), body, contentType: 'text/plain' });
    const listed = await client.send(
      new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: `dispute-attachments/${sha256(body)}` }),
    );
    expect(listed.KeyCount).toBe(1);
  });

  it('deletes an object, and a missing one without complaint', async () => {
    const body = Buffer.from('an upload nobody attached');
    await storage.put({ sha256: sha256(body), body, contentType: 'text/plain' });
    await storage.delete(sha256(body));
    expect(await storage.get(sha256(body))).toBeNull();
    await storage.delete(sha256(body));
  });

  it('answers null for a missing object', async () => {
    expect(await storage.get(sha256(Buffer.from('never stored')))).toBeNull();
  });

  it('refuses keys that are not SHA-256 digests (no path tricks in the bucket)', async () => {
    await expect(storage.get('../etc/passwd')).rejects.toThrow('SHA-256');
  });

  it('fails when the bucket does not exist, rather than answering missing', async () => {
    const wrong = new S3Storage({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      bucket: 'no-such-bucket',
      ...s3rverCredentials,
      forcePathStyle: true,
      keyPrefix: '',
    });
    try {
      await expect(wrong.get(sha256(Buffer.from('x')))).rejects.toThrow();
    } finally {
      await wrong.close();
    }
  });

  describe('listing images with ATTACHMENT_STORAGE=s3 (local driver, no ImageKit)', () => {
    let testApp: TestApp;
    beforeAll(async () => {
      testApp = await startTestApp(s3.env);
    });
    afterAll(async () => {
      await testApp.close();
    });

    it('stores the normalised upload in the bucket under listing-images/ and serves variants from it', async () => {
      // given a seller's upload
      const seller = await newSeller(testApp);
      const answer = await uploadListingImage(
        testApp,
        seller.client,
        await picture(600, 300, { r: 1, g: 2, b: 3 }, 'jpeg'),
      );
      expect(answer.status).toBe(201);
      const [row] = await queryDatabase(
        testApp,
        'select storage_key, storage_driver from listing_images where id = $1',
        [rawId(answer.body.id!)],
      );
      // then the bucket holds the normalised WebP under the listing image prefix
      const object = await client.send(
        new GetObjectCommand({ Bucket: s3.bucket, Key: `listing-images/${row!['storage_key']}` }),
      );
      expect(row!['storage_driver']).toBe('local');
      expect(object.ContentType).toBe('image/webp');
      const stored = Buffer.from(await object.Body!.transformToByteArray());
      expect(sha256(stored)).toBe(row!['storage_key']);
      // and a variant is rendered from it
      const variant = await fetch(`${testApp.baseUrl}/listing-images/${rawId(answer.body.id!)}/160`);
      expect(variant.status).toBe(200);
      const metadata = await sharp(Buffer.from(await variant.arrayBuffer())).metadata();
      expect([metadata.format, metadata.width, metadata.height]).toEqual(['webp', 160, 80]);
    });
  });
});

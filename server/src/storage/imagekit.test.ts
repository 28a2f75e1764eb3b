import crypto from 'node:crypto';
import http from 'node:http';
import { queryDatabase, rawId, startTestApp, type TestApp } from '../../test/harness';
import { picture, setListingImages, uploadListingImage } from '../../test/listing-image-helpers';
import { createListing, newSeller } from '../../test/marketplace';

/**
 * The ImageKit driver against a local stand-in for ImageKit's upload API that checks what
 * ImageKit checks on a server-side upload: HTTP Basic authentication with the private key as the
 * user name and an empty password, a multipart body with `file` and `fileName`. Not verified
 * against the real service (unreachable from the test machines).
 */
const privateKey = 'private_test_' + crypto.randomBytes(8).toString('hex');
const publicKey = 'public_test_key';
const urlEndpoint = 'https://ik.imagekit.io/codesale-test';

interface Received {
  authorization: string | undefined;
  fields: Record<string, string>;
  file: Buffer | null;
  fileType: string | null;
}

function startFakeImageKit(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const answer = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (request.method !== 'POST' || request.url !== '/api/v1/files/upload')
        return answer(404, { message: 'Not found' });
      const expected = `Basic ${Buffer.from(`${privateKey}:`).toString('base64')}`;
      if (request.headers.authorization !== expected) {
        return answer(403, { message: 'Your account cannot be authenticated.' });
      }
      const form = await new Request('http://local/', {
        method: 'POST',
        headers: { 'content-type': request.headers['content-type'] ?? '' },
        body: Buffer.concat(chunks),
      }).formData();
      const file = form.get('file');
      const fields: Record<string, string> = {};
      for (const [name, value] of form.entries()) if (typeof value === 'string') fields[name] = value;
      received.push({
        authorization: request.headers.authorization,
        fields,
        file: file instanceof Blob ? Buffer.from(await file.arrayBuffer()) : null,
        fileType: file instanceof Blob ? file.type : null,
      });
      if (!(file instanceof Blob) || !fields['fileName'])
        return answer(400, { message: 'Missing file parameter for upload' });
      const filePath = `${(fields['folder'] ?? '/').replace(/\/$/, '')}/${fields['fileName']}`;
      return answer(200, {
        fileId: crypto.randomBytes(12).toString('hex'),
        name: fields['fileName'],
        filePath,
        url: `${urlEndpoint}${filePath}`,
        fileType: 'image',
      });
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${address.port}/api/v1/files/upload`,
        received,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

describe('listing images through ImageKit (local stand-in)', () => {
  let imagekit: Awaited<ReturnType<typeof startFakeImageKit>>;
  let testApp: TestApp;

  beforeAll(async () => {
    imagekit = await startFakeImageKit();
    testApp = await startTestApp({
      IMAGEKIT_PUBLIC_KEY: publicKey,
      IMAGEKIT_PRIVATE_KEY: privateKey,
      IMAGEKIT_URL_ENDPOINT: `${urlEndpoint}/`,
      IMAGEKIT_UPLOAD_URL: imagekit.url,
    });
  });
  afterAll(async () => {
    await testApp.close();
    await imagekit.close();
  });

  it('derives the imagekit driver from the three IMAGEKIT_* variables', () => {
    expect(testApp.config.listingImages.driver).toBe('imagekit');
    expect(testApp.services.listingImages.driver).toBe('imagekit');
  });

  it('uploads the normalised image with the private key, and answers ImageKit transformation URLs', async () => {
    // given a seller's upload
    const seller = await newSeller(testApp);
    const answer = await uploadListingImage(
      testApp,
      seller.client,
      await picture(900, 450, { r: 5, g: 6, b: 7 }, 'jpeg'),
    );
    expect(answer.status).toBe(201);
    // then ImageKit received the normalised WebP, named by its hash, with our authentication
    const upload = imagekit.received.at(-1)!;
    const [row] = await queryDatabase(testApp, 'select * from listing_images where id = $1', [
      rawId(answer.body.id!),
    ]);
    expect(upload.fields).toMatchObject({
      fileName: `${row!['content_sha256']}.webp`,
      folder: '/listing-images',
      useUniqueFileName: 'false',
    });
    expect(upload.fileType).toBe('image/webp');
    expect(crypto.createHash('sha256').update(upload.file!).digest('hex')).toBe(row!['content_sha256']);
    expect(row).toMatchObject({
      storage_driver: 'imagekit',
      storage_key: `/listing-images/${row!['content_sha256']}.webp`,
    });
    // and the listing's image URLs are ImageKit's, resized by its w- transformation
    const { listingId } = await createListing(seller);
    const set = await setListingImages(seller.client, { listingId, imageIds: [answer.body.id!] });
    expect(set.errors).toEqual([]);
    const [image] = set.listing!.images;
    const base = `${urlEndpoint}/listing-images/${row!['content_sha256']}.webp`;
    expect(image!.url).toBe(`${base}?tr=w-640`);
    expect(image!.small).toBe(`${base}?tr=w-320`);
    expect(image!.srcSet).toBe(`${base}?tr=w-160 160w, ${base}?tr=w-320 320w, ${base}?tr=w-640 640w`);
    // the API's own route sends browsers there
    const redirected = await fetch(`${testApp.baseUrl}/listing-images/${rawId(answer.body.id!)}/320`, {
      redirect: 'manual',
    });
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get('location')).toBe(`${base}?tr=w-320`);
  });

  it('fails the upload (500, nothing recorded) when ImageKit refuses the key', async () => {
    const other = await startTestApp({
      IMAGEKIT_PUBLIC_KEY: publicKey,
      IMAGEKIT_PRIVATE_KEY: 'private_wrong_key',
      IMAGEKIT_URL_ENDPOINT: urlEndpoint,
      IMAGEKIT_UPLOAD_URL: imagekit.url,
    });
    try {
      const seller = await newSeller(other);
      const answer = await uploadListingImage(other, seller.client, await picture());
      expect(answer).toMatchObject({ status: 500, body: { error: 'INTERNAL_SERVER_ERROR' } });
      const rows = await queryDatabase(other, 'select 1 from listing_images where seller_id = $1', [
        seller.rawId,
      ]);
      expect(rows).toEqual([]);
    } finally {
      await other.close();
    }
  });
});

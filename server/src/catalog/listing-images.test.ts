import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import sharp from 'sharp';
import {
  createApiKey,
  queryDatabase,
  rawId,
  startTestApp,
  TestClient,
  type TestApp,
} from '../../test/harness';
import { createListing, newBuyer, newSeller, type Party } from '../../test/marketplace';
import { picture, setListingImages, uploadListingImage } from '../../test/listing-image-helpers';
import { answerWithoutTheBody } from '../../test/unsent-body';

const maxBytes = 256 * 1024;

describe('listing images (local driver)', () => {
  let testApp: TestApp;
  let directory: string;

  beforeAll(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codesale-listing-images-'));
    testApp = await startTestApp({
      ATTACHMENT_DIR: directory,
      LISTING_IMAGE_MAX_BYTES: String(maxBytes),
      LISTING_IMAGE_MAX_PIXELS: '4000000',
      LISTING_IMAGE_MAX_PER_LISTING: '3',
      LISTING_IMAGE_MAX_UNATTACHED: '5',
      LISTING_IMAGE_PROCESSING_CONCURRENCY: '1',
      LISTING_IMAGE_PROCESSING_QUEUE_LENGTH: '1',
      LISTING_IMAGE_RENDER_QUEUE_LENGTH: '1',
    });
  });
  afterAll(async () => {
    await testApp.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  describe('POST /listing-images', () => {
    it('stores a seller upload normalised, under the SHA-256 of the normalised bytes, and answers its id', async () => {
      // given a seller with a JPEG carrying a GPS position
      const seller = await newSeller(testApp);
      const jpeg = await sharp({ create: { width: 90, height: 60, channels: 3, background: '#a33' } })
        .jpeg()
        .withExif({ IFD0: { Make: 'SpyCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' } })
        .toBuffer();
      // when they upload it
      const answer = await uploadListingImage(testApp, seller.client, jpeg, {
        'content-type': 'image/svg+xml',
      });
      // then it is recorded, unattached, as a WebP without metadata in the listing image storage
      expect(answer).toMatchObject({ status: 201, body: { width: 90, height: 60 } });
      const [row] = await queryDatabase(testApp, 'select * from listing_images where id = $1', [
        rawId(answer.body.id!),
      ]);
      expect(row).toMatchObject({
        listing_id: null,
        position: null,
        seller_id: seller.rawId,
        content_type: 'image/webp',
        storage_driver: 'local',
      });
      const stored = fs.readFileSync(
        path.join(directory, 'listing-images', row!['storage_key'].slice(0, 2), row!['storage_key']),
      );
      const metadata = await sharp(stored).metadata();
      expect(metadata.format).toBe('webp');
      expect(metadata.exif).toBeUndefined();
      expect(stored.toString('latin1')).not.toContain('SpyCam');
    });

    it('refuses by content, by size and by pixel count, with typed errors', async () => {
      const seller = await newSeller(testApp);
      const svg = Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><rect width="9" height="9"/></svg>',
      );
      expect(
        await uploadListingImage(testApp, seller.client, svg, { 'content-type': 'image/png' }),
      ).toMatchObject({
        status: 415,
        body: { error: 'UNSUPPORTED_IMAGE_TYPE' },
      });
      expect(await uploadListingImage(testApp, seller.client, Buffer.alloc(0))).toMatchObject({
        status: 422,
        body: { error: 'EMPTY_FILE' },
      });
      const noise = await sharp(
        Buffer.from(Array.from({ length: 400 * 400 * 3 }, (_, index) => (index * 7919) % 251)),
        {
          raw: { width: 400, height: 400, channels: 3 },
        },
      )
        .png({ compressionLevel: 0 })
        .toBuffer();
      expect(noise.length).toBeGreaterThan(maxBytes);
      expect(await uploadListingImage(testApp, seller.client, noise)).toMatchObject({
        status: 413,
        body: { error: 'FILE_TOO_LARGE' },
      });
      const bomb = await sharp({ create: { width: 2500, height: 2500, channels: 3, background: '#fff' } })
        .png({ compressionLevel: 9 })
        .toBuffer();
      expect(await uploadListingImage(testApp, seller.client, bomb)).toMatchObject({
        status: 422,
        body: { error: 'TOO_MANY_PIXELS' },
      });
      const [count] = await queryDatabase(
        testApp,
        'select count(*)::int as n from listing_images where seller_id = $1',
        [seller.rawId],
      );
      expect(count!['n']).toBe(0);
    });

    it('is for sellers: anonymous 401, a buyer 403, no CSRF token 403, an API key needs CATALOG_WRITE', async () => {
      const png = await picture();
      expect(await uploadListingImage(testApp, null, png)).toMatchObject({
        status: 401,
        body: { error: 'UNAUTHENTICATED' },
      });
      const buyer = await newBuyer(testApp);
      expect(await uploadListingImage(testApp, buyer.client, png)).toMatchObject({
        status: 403,
        body: { error: 'FORBIDDEN' },
      });
      const seller = await newSeller(testApp);
      const noCsrf = await uploadListingImage(testApp, seller.client, png, { 'x-csrf-token': '' });
      expect(noCsrf).toMatchObject({ status: 403, body: { error: 'CSRF_TOKEN_INVALID' } });
      const reader = new TestClient(testApp.baseUrl);
      reader.apiKey = (await createApiKey(seller.client, ['CATALOG_READ'])).secret;
      expect(await uploadListingImage(testApp, reader, png)).toMatchObject({
        status: 403,
        body: { error: 'FORBIDDEN' },
      });
      const writer = new TestClient(testApp.baseUrl);
      writer.apiKey = (await createApiKey(seller.client, ['CATALOG_WRITE'])).secret;
      expect(await uploadListingImage(testApp, writer, png)).toMatchObject({ status: 201 });
    });

    it("refuses a stranger's or a buyer's upload from its headers, before reading the body", async () => {
      // an upload announcing its whole allowance and sending 1 KiB is answered all the same
      expect(await answerWithoutTheBody(testApp.baseUrl, '/listing-images', maxBytes)).toEqual({
        status: 401,
        body: expect.objectContaining({ error: 'UNAUTHENTICATED' }),
      });
      const buyer = await newBuyer(testApp);
      const asBuyer = { cookie: buyer.client.cookieHeader(), 'x-csrf-token': buyer.client.csrfToken()! };
      expect(await answerWithoutTheBody(testApp.baseUrl, '/listing-images', maxBytes, asBuyer)).toEqual({
        status: 403,
        body: expect.objectContaining({ error: 'FORBIDDEN' }),
      });
    });

    it('caps the unattached uploads of a seller; attaching frees room', async () => {
      // given a seller at the cap of 5 unattached uploads
      const seller = await newSeller(testApp);
      const ids: string[] = [];
      for (let index = 0; index < 5; index++) {
        const answer = await uploadListingImage(testApp, seller.client, await picture(50 + index, 50));
        expect(answer.status).toBe(201);
        ids.push(answer.body.id!);
      }
      // when they upload one more, it is refused
      expect(await uploadListingImage(testApp, seller.client, await picture())).toMatchObject({
        status: 429,
        body: { error: 'TOO_MANY_UNATTACHED_IMAGES' },
      });
      // then attaching two makes room for two
      const { listingId } = await createListing(seller);
      expect(
        (await setListingImages(seller.client, { listingId, imageIds: ids.slice(0, 2) })).errors,
      ).toEqual([]);
      expect((await uploadListingImage(testApp, seller.client, await picture())).status).toBe(201);
    });

    it("checks the seller's limits before decoding anything: over the cap, even a file that is no image is refused by the cap", async () => {
      // given a seller at the cap of 5 unattached uploads
      const seller = await newSeller(testApp);
      for (let index = 0; index < 5; index++) {
        expect((await uploadListingImage(testApp, seller.client, await picture(60 + index, 40))).status).toBe(
          201,
        );
      }
      // when they upload a file sharp would have to read to refuse
      const notAnImage = Buffer.from('%PDF-1.7 not an image at all');
      // then the cap answers, so nothing was decoded (decoding first would answer UNSUPPORTED_IMAGE_TYPE)
      expect(await uploadListingImage(testApp, seller.client, notAnImage)).toMatchObject({
        status: 429,
        body: { error: 'TOO_MANY_UNATTACHED_IMAGES' },
      });
    });

    it('decodes at most LISTING_IMAGE_PROCESSING_CONCURRENCY uploads at once, queues the next ones and refuses the rest with 503 SERVER_BUSY', async () => {
      // given the one processing slot held (as by a long decode) and two sellers uploading at once
      const sellers = [await newSeller(testApp), await newSeller(testApp)];
      const pictures = [await picture(41, 41), await picture(42, 42)];
      const processing = testApp.services.listingImages.processing;
      await processing.acquire();
      let held = true;
      try {
        const uploads = sellers.map((seller, index) =>
          uploadListingImage(testApp, seller.client, pictures[index]!),
        );
        // when they arrive: one takes the queue's one place, the other is refused at once
        const refused = await Promise.race(uploads);
        expect(refused).toMatchObject({ status: 503, body: { error: 'SERVER_BUSY' }, retryAfter: '1' });
        // then the queued upload completes once the slot is free, and the refused one recorded nothing
        processing.release();
        held = false;
        const answers = await Promise.all(uploads);
        expect(answers.map((answer) => answer.status).sort()).toEqual([201, 503]);
        const [row] = await queryDatabase(
          testApp,
          'select count(*)::int as images from listing_images where seller_id = any($1::uuid[])',
          [sellers.map((seller) => seller.rawId)],
        );
        expect(row).toEqual({ images: 1 });
      } finally {
        if (held) processing.release();
      }
      // and the slot is whole again: the next upload is decoded
      expect((await uploadListingImage(testApp, sellers[0]!.client, await picture(33, 33))).status).toBe(201);
    });
  });

  describe('setListingImages', () => {
    let seller: Party;
    let listingId: string;
    let uploads: string[];

    beforeAll(async () => {
      seller = await newSeller(testApp);
      ({ listingId } = await createListing(seller, { title: 'Stellar Frontier' }));
      uploads = [];
      for (const colour of [
        { r: 255, g: 0, b: 0 },
        { r: 0, g: 255, b: 0 },
        { r: 0, g: 0, b: 255 },
        { r: 9, g: 9, b: 9 },
      ]) {
        uploads.push(
          (await uploadListingImage(testApp, seller.client, await picture(800, 400, colour))).body.id!,
        );
      }
    });

    it('attaches images in order, bumps the version, and Listing.images serves them', async () => {
      // given the listing at its current version
      const before = await seller.client.data<{ listing: { version: number } }>(
        'query ($id: ID!) { listing(id: $id) { version } }',
        { id: listingId },
      );
      // when the seller sets two images
      const result = await setListingImages(seller.client, {
        listingId,
        imageIds: [uploads[1]!, uploads[0]!],
        expectedVersion: before.listing.version,
      });
      // then they are the listing's images in that order, and the version moved on
      expect(result.errors).toEqual([]);
      expect(result.listing!.version).toBe(before.listing.version + 1);
      expect(result.listing!.images.map((image) => image.id)).toEqual([uploads[1], uploads[0]]);
      const [first] = result.listing!.images;
      expect(first).toMatchObject({
        alt: 'Stellar Frontier (image 1 of 2)',
        width: 800,
        height: 400,
        url: `/listing-images/${rawId(uploads[1]!)}/640`,
        small: `/listing-images/${rawId(uploads[1]!)}/320`,
      });
      expect(first!.srcSet).toBe(
        [160, 320, 640].map((width) => `/listing-images/${rawId(uploads[1]!)}/${width} ${width}w`).join(', '),
      );
      // and the variant is a WebP of that width, cacheable for good
      const response = await fetch(`${testApp.baseUrl}${first!.small}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/webp');
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const variant = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
      expect([variant.format, variant.width, variant.height]).toEqual(['webp', 320, 160]);
    });

    it('reorders and removes: positions follow the list, dropped images are gone', async () => {
      const result = await setListingImages(seller.client, {
        listingId,
        imageIds: [uploads[0]!, uploads[2]!, uploads[1]!],
      });
      expect(result.errors).toEqual([]);
      expect(result.listing!.images.map((image) => image.id)).toEqual([uploads[0], uploads[2], uploads[1]]);
      const removed = await setListingImages(seller.client, { listingId, imageIds: [uploads[2]!] });
      expect(removed.listing!.images.map((image) => image.id)).toEqual([uploads[2]]);
      const rows = await queryDatabase(testApp, 'select id from listing_images where id = any($1::uuid[])', [
        [uploads[0], uploads[1]].map((id) => rawId(id!)),
      ]);
      expect(rows).toEqual([]);
    });

    it('answers typed errors and changes nothing: stale version, too many, duplicates, unknown ids', async () => {
      const current = await seller.client.data<{ listing: { version: number; images: { id: string }[] } }>(
        'query ($id: ID!) { listing(id: $id) { version images { id } } }',
        { id: listingId },
      );
      const cases: [Record<string, unknown>, string][] = [
        [{ imageIds: [uploads[3]], expectedVersion: current.listing.version - 1 }, 'LISTING_CHANGED'],
        [{ imageIds: [uploads[2], uploads[3], uploads[3]] }, 'DUPLICATE_IMAGE'],
        [{ imageIds: [uploads[2], uploads[3], 'bm9wZQ', uploads[2]] }, 'TOO_MANY_IMAGES'],
        [{ imageIds: ['bm9wZQ'] }, 'IMAGE_NOT_FOUND'],
        [{ imageIds: [listingId] }, 'IMAGE_NOT_FOUND'],
      ];
      for (const [input, code] of cases) {
        const answer = await setListingImages(seller.client, {
          listingId,
          ...(input as { imageIds: string[] }),
        });
        expect(answer.errors.map((error) => error.code)).toEqual([code]);
      }
      const after = await seller.client.data<{ listing: { version: number; images: { id: string }[] } }>(
        'query ($id: ID!) { listing(id: $id) { version images { id } } }',
        { id: listingId },
      );
      expect(after.listing).toEqual(current.listing);
    });

    it("refuses another seller's images and another seller's listing", async () => {
      const other = await newSeller(testApp);
      const theirs = (await uploadListingImage(testApp, other.client, await picture())).body.id!;
      const answer = await setListingImages(seller.client, { listingId, imageIds: [theirs] });
      expect(answer.errors.map((error) => error.code)).toEqual(['IMAGE_NOT_FOUND']);
      const onTheirListing = await setListingImages(other.client, { listingId, imageIds: [theirs] });
      expect(onTheirListing.errors.map((error) => error.code)).toEqual(['LISTING_NOT_FOUND']);
      // an image on one listing is not taken by another of the same seller
      const { listingId: second } = await createListing(seller);
      const taken = await setListingImages(seller.client, { listingId: second, imageIds: [uploads[2]!] });
      expect(taken.errors.map((error) => error.code)).toEqual(['IMAGE_NOT_FOUND']);
    });
  });

  describe('GET /listing-images/:id/:width', () => {
    it('serves only the allowed widths, and 404s for unknown ids', async () => {
      const seller = await newSeller(testApp);
      const id = rawId((await uploadListingImage(testApp, seller.client, await picture(300, 300))).body.id!);
      expect((await fetch(`${testApp.baseUrl}/listing-images/${id}/333`)).status).toBe(400);
      expect((await fetch(`${testApp.baseUrl}/listing-images/${id}/99999999`)).status).toBe(400);
      // only as written: another spelling of an allowed width would be another address for caches
      for (const spelling of ['0640', '640%20', '+640', '640.0']) {
        expect({
          spelling,
          status: (await fetch(`${testApp.baseUrl}/listing-images/${id}/${spelling}`)).status,
        }).toEqual({
          spelling,
          status: 400,
        });
      }
      expect(
        (await fetch(`${testApp.baseUrl}/listing-images/00000000-0000-4000-8000-000000000000/160`)).status,
      ).toBe(404);
      expect((await fetch(`${testApp.baseUrl}/listing-images/not-a-uuid/160`)).status).toBe(404);
      const served = await fetch(`${testApp.baseUrl}/listing-images/${id}/1280`);
      expect(served.status).toBe(200);
      // never wider than the image itself
      expect((await sharp(Buffer.from(await served.arrayBuffer())).metadata()).width).toBe(300);
    });

    it('renders at most LISTING_IMAGE_PROCESSING_CONCURRENCY variants at once, queues the next and answers 503 beyond; a cached variant needs no slot', async () => {
      // given an image with one variant already rendered, and the one rendering slot held
      const seller = await newSeller(testApp);
      const id = rawId((await uploadListingImage(testApp, seller.client, await picture(700, 500))).body.id!);
      const variant = (width: number) => fetch(`${testApp.baseUrl}/listing-images/${id}/${width}`);
      expect((await variant(160)).status).toBe(200);
      const rendering = testApp.services.listingImages.rendering;
      await rendering.acquire();
      let held = true;
      try {
        // then the cached variant is served at once
        expect((await variant(160)).status).toBe(200);
        // and of two variants not rendered yet, one waits in the queue and the other is refused at once
        const requests = [variant(320), variant(640)];
        const refused = await Promise.race(requests);
        expect(refused.status).toBe(503);
        expect(refused.headers.get('retry-after')).toBe('1');
        expect(await refused.json()).toMatchObject({ error: 'SERVER_BUSY' });
        // and the queued one is rendered once the slot is free
        rendering.release();
        held = false;
        expect((await Promise.all(requests)).map((response) => response.status).sort()).toEqual([200, 503]);
      } finally {
        if (held) rendering.release();
      }
    });
  });

  describe('Listing.images', () => {
    it('loads the images of a page of 100 listings in one query (no N+1)', async () => {
      // given 100 listings on sale, each with an image sharing one stored object
      const seller = await newSeller(testApp);
      const ids: string[] = [];
      for (let index = 0; index < 100; index++) ids.push(rawId((await createListing(seller)).listingId));
      const attached = await testApp.services.listingImages.attachToListingsWithoutImages(
        ids,
        await picture(64, 64),
      );
      expect(attached).toBe(100);
      const keys = await queryDatabase(
        testApp,
        'select count(distinct storage_key)::int as n from listing_images where listing_id = any($1::uuid[])',
        [ids],
      );
      expect(keys[0]!['n']).toBe(1);
      // when a visitor reads the page with its images, counting the statements that read listing_images
      const statements: string[] = [];
      const original = pg.Client.prototype.query;
      pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
        const config = args[0] as string | { text?: string };
        const text = typeof config === 'string' ? config : (config?.text ?? '');
        if (text.includes('listing_images')) statements.push(text);
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      } as typeof original;
      let page;
      try {
        page = await new TestClient(testApp.baseUrl).data<{
          listings: { edges: { node: { images: { url: string }[] } }[] };
        }>('{ listings(first: 100) { edges { node { images { url srcSet } } } } }');
      } finally {
        pg.Client.prototype.query = original;
      }
      // then every listing has its image, read by one statement
      expect(page.listings.edges).toHaveLength(100);
      expect(page.listings.edges.every((edge) => edge.node.images.length === 1)).toBe(true);
      expect(statements).toHaveLength(1);
    });
  });
});

describe("each seller's share of the image queue", () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp({
      ATTACHMENT_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'codesale-listing-image-share-')),
      LISTING_IMAGE_PROCESSING_CONCURRENCY: '1',
      LISTING_IMAGE_PROCESSING_QUEUE_LENGTH: '4',
      LISTING_IMAGE_PROCESSING_PER_SELLER: '1',
    });
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('refuses a seller more than LISTING_IMAGE_PROCESSING_PER_SELLER uploads in the queue at once, while another seller still queues', async () => {
    // given the one processing slot held, and a seller with one upload waiting for it
    const [busy, other] = [await newSeller(testApp), await newSeller(testApp)];
    const processing = testApp.services.listingImages.processing;
    await processing.acquire();
    let held = true;
    try {
      const waiting = uploadListingImage(testApp, busy.client, await picture(51, 51));
      while (processing.queued < 1) await new Promise((resolve) => setImmediate(resolve));

      // when that seller sends another, and another seller sends one
      const refused = await uploadListingImage(testApp, busy.client, await picture(52, 52));
      const queued = uploadListingImage(testApp, other.client, await picture(53, 53));
      while (processing.queued < 2) await new Promise((resolve) => setImmediate(resolve));

      // then the seller's second is refused at once (the queue has room), and the other seller's waits its turn
      expect(refused).toMatchObject({ status: 503, body: { error: 'SERVER_BUSY' } });
      processing.release();
      held = false;
      expect((await waiting).status).toBe(201);
      expect((await queued).status).toBe(201);
    } finally {
      if (held) processing.release();
    }
  });
});

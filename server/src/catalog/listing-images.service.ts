import crypto from 'node:crypto';
import { and, count, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Viewer } from '../auth/roles';
import type { Config } from '../config';
import type { Database } from '../db/pool';
import { withTransaction, type Tx } from '../db/transaction';
import { assert } from '../shared/assert';
import { KeyedSlots, Slots } from '../shared/slots';
import { userError, type UserErrorValue } from '../shared/user-error';
import type { AttachmentStorage } from '../storage/attachment-storage';
import type { ImageKitClient } from '../storage/imagekit.client';
import { UploadListingImageErrorCode } from './catalog.errors';
import type { ListingImageRow } from './catalog.queries';
import { listingImages, listings } from './catalog.tables';
import {
  normaliseImage,
  renderVariant,
  variantWidthFor,
  variantWidths,
  type NormalisedImage,
  type VariantWidth,
} from './listing-image-processing';
import { VariantCache } from './variant-cache';

export const listingImageRoutePrefix = '/listing-images';

export type ServedVariant =
  | { kind: 'bytes'; body: Buffer; contentType: 'image/webp' }
  | { kind: 'redirect'; url: string }
  | { kind: 'missing' }
  | { kind: 'busy' };

/** Every rendering slot is busy and the queue is full: the variant was not rendered (try again). */
class RenderingBusy extends Error {
  override name = 'RenderingBusy';
}

/**
 * Listing images: uploads (checked by content, normalised, stored, recorded unattached), their
 * URLs, and the local driver's variants. Attaching images to a listing is CatalogService's
 * setListingImages, which owns the listing's version.
 *
 * Drivers: without ImageKit the normalised original goes to the attachment storage (local disk or
 * S3) under its SHA-256 and `GET /listing-images/:id/:width` renders WebP variants at the allowed
 * widths, cached in memory; with ImageKit the server uploads the normalised image there and URLs
 * are ImageKit transformation URLs. A row remembers its driver, so images stored before a switch
 * keep working.
 */
export class ListingImageService {
  private readonly cache: VariantCache;
  /** Uploads being decoded and re-encoded, and those waiting to be (`upload`). */
  readonly processing: Slots;
  /** Variants being rendered on a cache miss, and those waiting to be (`variant`). */
  readonly rendering: Slots;
  /** `processing` shared out by seller: at most `processingPerSeller` uploads each, held or waiting. */
  private readonly processingBySeller: KeyedSlots;

  constructor(
    private readonly database: Database,
    private readonly settings: Config['listingImages'],
    private readonly storage: AttachmentStorage,
    private readonly imagekit: ImageKitClient | null,
    private readonly log: Logger,
    private readonly accountRefusal: (
      tx: Tx,
      userId: string,
    ) => Promise<'ACCOUNT_BANNED' | null> = async () => null,
  ) {
    assert(
      (settings.driver === 'imagekit') === (imagekit !== null),
      'ImageKit client iff the imagekit driver',
    );
    this.cache = new VariantCache(settings.variantCacheBytes);
    this.processing = new Slots(settings.processingConcurrency, settings.processingQueueLength);
    this.processingBySeller = new KeyedSlots(this.processing, settings.processingPerSeller);
    this.rendering = new Slots(settings.processingConcurrency, settings.renderQueueLength);
  }

  get driver(): 'local' | 'imagekit' {
    return this.settings.driver;
  }

  /**
   * Checks, normalises and stores an upload, then records it as the seller's, unattached. Limits:
   * uploads in 24 hours and unattached uploads at any time, per seller, checked before the image
   * is decoded (a seller over a limit costs one query) and again under the seller's lock. Decoding
   * and re-encoding hold one of `processing`'s slots: a burst of uploads waits for them up to the
   * queue's length and is refused beyond it (SERVER_BUSY), so it cannot take every core or fill
   * the memory with decoded images.
   */
  async upload(
    viewer: Viewer,
    body: Buffer,
  ): Promise<{ image: ListingImageRow } | { error: UserErrorValue<UploadListingImageErrorCode> }> {
    const early = await withTransaction(this.database, (tx) => this.accountOrLimitRefusal(tx, viewer.userId));
    if (early) return early;
    const processed = await this.processOne(viewer.userId, body);
    if (!processed) {
      return refusal(
        UploadListingImageErrorCode.SERVER_BUSY,
        'The server is processing other images; try again in a few seconds.',
      );
    }
    const normalised = processed.value;
    if ('refusal' in normalised) return refusal(normalised.refusal.code, normalised.refusal.message);
    const stored = await this.store(normalised.image);
    return withTransaction(this.database, async (tx) => {
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtextextended(${`catalog:listing-images:${viewer.userId}`}, 0))`,
      );
      const refused = await this.accountOrLimitRefusal(tx, viewer.userId);
      if (refused) return refused;
      const [image] = await tx
        .insert(listingImages)
        .values({ id: crypto.randomUUID(), sellerId: viewer.userId, ...stored })
        .returning();
      assert(image, 'listing image insert returned no row');
      return { image };
    });
  }

  /**
   * Decodes and re-encodes one upload in a `processing` slot, unless the seller already has
   * `processingPerSeller` uploads there (held or waiting) or the queue is full: null then. Without
   * the share, three fresh seller accounts sending big images filled the queue and an ordinary
   * seller's upload was refused.
   */
  private async processOne(sellerId: string, body: Buffer) {
    return this.processingBySeller.run(sellerId, () => normaliseImage(body, this.settings));
  }

  /**
   * The seed's path: one generated image stored once and attached, first, to every listing of
   * `listingIds` that has no image yet (one row each, all naming the same stored object).
   * Returns how many listings got it.
   */
  async attachToListingsWithoutImages(listingIds: readonly string[], body: Buffer): Promise<number> {
    if (listingIds.length === 0) return 0;
    const normalised = await normaliseImage(body, this.settings);
    if ('refusal' in normalised) throw new Error(`seed image refused: ${normalised.refusal.code}`);
    const stored = await this.store(normalised.image);
    return withTransaction(this.database, async (tx) => {
      const attached = await tx.execute<{ listing_id: string }>(sql`
        insert into listing_images (id, listing_id, seller_id, position, width, height, content_type,
          size_bytes, storage_driver, storage_key, content_sha256, attached_at)
        select gen_random_uuid(), l.id, l.seller_id, 0, ${stored.width}, ${stored.height}, ${stored.contentType},
          ${stored.sizeBytes}, ${stored.storageDriver}, ${stored.storageKey}, ${stored.contentSha256}, now()
        from listings l
        where l.id = any(${sql.param([...listingIds])}::uuid[])
          and not exists (select 1 from listing_images i where i.listing_id = l.id)
        returning listing_id`);
      const ids = attached.rows.map((row) => row.listing_id);
      if (ids.length > 0) {
        await tx
          .update(listings)
          .set({ version: sql`${listings.version} + 1`, updatedAt: new Date() })
          .where(inArray(listings.id, ids));
      }
      return ids.length;
    });
  }

  /** The URL of the image `width` pixels wide (rounded up to an allowed width). */
  url(image: Pick<ListingImageRow, 'id' | 'storageDriver' | 'storageKey'>, width?: number | null): string {
    const allowed = variantWidthFor(width);
    if (image.storageDriver === 'imagekit' && this.imagekit)
      return this.imagekit.url(image.storageKey, allowed);
    return `${listingImageRoutePrefix}/${image.id}/${allowed}`;
  }

  /** `url 160w, url 320w, …`: every allowed width up to the image's own (at least the smallest). */
  srcSet(image: Pick<ListingImageRow, 'id' | 'storageDriver' | 'storageKey' | 'width'>): string {
    const widths = variantWidths.filter((width, index) => index === 0 || width <= image.width);
    return widths.map((width) => `${this.url(image, width)} ${width}w`).join(', ');
  }

  /**
   * What `GET /listing-images/:id/:width` answers. Any image id is served: ids are random UUIDs. A
   * variant not in the cache is rendered holding one of `rendering`'s slots (its original read
   * then too, so waiting renders hold no image in memory); with every slot busy and the queue full
   * the answer is `busy`. Requests for one variant share one render, and its answer.
   */
  async variant(imageId: string, width: VariantWidth): Promise<ServedVariant> {
    const [image] = await this.database
      .select({
        id: listingImages.id,
        storageDriver: listingImages.storageDriver,
        storageKey: listingImages.storageKey,
      })
      .from(listingImages)
      .where(eq(listingImages.id, imageId));
    if (!image) return { kind: 'missing' };
    if (image.storageDriver === 'imagekit') {
      return this.imagekit
        ? { kind: 'redirect', url: this.imagekit.url(image.storageKey, width) }
        : { kind: 'missing' };
    }
    let body: Buffer | null;
    try {
      body = await this.cache.getOrRender(`${image.storageKey}:${width}`, async () => {
        const rendered = await this.rendering.run(async () => {
          const original = await this.storage.get(image.storageKey);
          if (!original) {
            this.log.error(
              { imageId, storageKey: image.storageKey },
              'listing image bytes missing from storage',
            );
            return null;
          }
          return renderVariant(original, width);
        });
        if (!rendered) throw new RenderingBusy();
        return rendered.value;
      });
    } catch (error) {
      if (error instanceof RenderingBusy) return { kind: 'busy' };
      throw error;
    }
    return body ? { kind: 'bytes', body, contentType: 'image/webp' } : { kind: 'missing' };
  }

  private async store(image: NormalisedImage) {
    const common = {
      width: image.width,
      height: image.height,
      contentType: image.contentType,
      sizeBytes: image.body.length,
      contentSha256: image.sha256,
    };
    if (this.imagekit) {
      const uploaded = await this.imagekit.upload({
        body: image.body,
        sha256: image.sha256,
        contentType: image.contentType,
      });
      return { ...common, storageDriver: 'imagekit' as const, storageKey: uploaded.filePath };
    }
    await this.storage.put({ sha256: image.sha256, body: image.body, contentType: image.contentType });
    return { ...common, storageDriver: 'local' as const, storageKey: image.sha256 };
  }

  private async accountOrLimitRefusal(tx: Tx, sellerId: string) {
    if (await this.accountRefusal(tx, sellerId)) {
      return refusal(
        UploadListingImageErrorCode.ACCOUNT_BANNED,
        'This account is banned: it may not upload images.',
      );
    }
    const [row] = await tx
      .select({
        recent: count(sql`case when ${listingImages.createdAt} > now() - interval '1 day' then 1 end`),
        unattached: count(sql`case when ${listingImages.listingId} is null then 1 end`),
      })
      .from(listingImages)
      .where(
        and(
          eq(listingImages.sellerId, sellerId),
          sql`(${gt(listingImages.createdAt, sql`now() - interval '1 day'`)} or ${isNull(listingImages.listingId)})`,
        ),
      );
    if ((row?.recent ?? 0) >= this.settings.maxUploadsPerDay) {
      return refusal(
        UploadListingImageErrorCode.TOO_MANY_UPLOADS,
        `At most ${this.settings.maxUploadsPerDay} image uploads in 24 hours; try again later.`,
      );
    }
    if ((row?.unattached ?? 0) >= this.settings.maxUnattached) {
      return refusal(
        UploadListingImageErrorCode.TOO_MANY_UNATTACHED_IMAGES,
        `You have ${this.settings.maxUnattached} uploaded images not attached to a listing; attach them with setListingImages first.`,
      );
    }
    return null;
  }
}

function refusal(code: UploadListingImageErrorCode, message: string) {
  return { error: userError(code, message) };
}

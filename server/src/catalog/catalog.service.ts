import { and, count, eq, inArray, ne, notInArray, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { recordAudit } from '../audit/audit.service';
import { holdCredentialOpen } from '../auth/auth.queries';
import { hitRateLimit, rateLimitHits } from '../auth/rate-limit';
import { hasRole, isStaff, Role, type Viewer } from '../auth/roles';
import type { Config } from '../config';
import type { Database } from '../db/pool';
import { withTransaction, type Tx } from '../db/transaction';
import type { RequestMeta } from '../shared/request-meta';
import { catchRefusal, refuse, userError, type Refusable, type UserErrorValue } from '../shared/user-error';
import { CodeStatus, ListingKind, ListingSort, ListingStatus, Platform, Region } from './catalog.enums';
import {
  ActivateListingErrorCode,
  AddCodesErrorCode,
  ArchiveListingErrorCode,
  CreateListingErrorCode,
  PauseListingErrorCode,
  SetListingImagesErrorCode,
  UpdateListingErrorCode,
} from './catalog.errors';
import {
  browseListings,
  findListing,
  sellerListings,
  visibleSellerCondition,
  type BrowseFilter,
  type ListingPageRow,
  type ListingRow,
} from './catalog.queries';
import { statusChange, validateCurrency, validateListingFields } from './catalog.rules';
import { codes, listingImages, listings } from './catalog.tables';
import { CodeCipher, type SealedCode } from './code-cipher';
import {
  insertCandidates,
  openSoldCode,
  prepareUpload,
  reencryptBatch,
  takeAvailableCode,
  type RejectedLine,
} from './code-inventory';
import type { ListingCursor } from './listing-cursor';

export type { ListingRow } from './catalog.queries';

function collisionsLimitError(limit: number) {
  return userError(
    AddCodesErrorCode.CODE_COLLISIONS_LIMIT,
    `Your uploads met more than ${limit} codes that other sellers already hold in the last day, so they are ` +
      'paused until the day is over: a code another seller holds cannot be sold twice.',
    'codes',
  );
}

export interface NewListing {
  title: string;
  description?: string | null;
  platform: Platform;
  region: Region;
  kind: ListingKind;
  price: number;
  currency: string;
}

export interface ListingChanges {
  title?: string | null;
  description?: string | null;
  price?: number | null;
  platform?: Platform | null;
  region?: Region | null;
}

export interface AddCodesOutcome {
  listing: ListingRow;
  addedCount: number;
  /** Every line that was not stored, by line number. */
  rejected: RejectedLine[];
}

type StatusFailure =
  | { failure: 'LISTING_NOT_FOUND' | 'LISTING_ARCHIVED' | 'ALREADY_IN_STATUS' | 'ACCOUNT_BANNED' }
  | { failure: 'LISTING_CHANGED'; listing: ListingRow };

/**
 * The catalog authority: the only writer of listings and codes. Sellers (and admins) manage
 * listings and upload codes; anyone browses; the checkout locks a listing, takes a code and has
 * a sold code decrypted for its buyer through the functions at the end of this class.
 */
export class CatalogService {
  private readonly cipher: CodeCipher;

  constructor(
    private readonly database: Database,
    private readonly settings: Config['catalog'],
    private readonly log: Logger,
    /** The risk authority's check: a banned account changes no listing and uploads no code. */
    private readonly accountRefusal: (
      tx: Tx,
      userId: string,
    ) => Promise<'ACCOUNT_BANNED' | null> = async () => null,
  ) {
    this.cipher = new CodeCipher(settings.codeKeys);
  }

  /**
   * The first step of every write for a seller or an admin: holds the request's session or API key
   * open until the transaction ends (a write that a revocation has overtaken throws
   * SessionEndedError and changes nothing: a leaked key's requests in flight land before the
   * revocation answers, or not at all), then asks the risk authority whether the account is banned.
   */
  private async holdAccount(tx: Tx, viewer: Viewer): Promise<'ACCOUNT_BANNED' | null> {
    await holdCredentialOpen(tx, viewer);
    return this.accountRefusal(tx, viewer.userId);
  }

  async createListing(
    viewer: Viewer,
    input: NewListing,
    meta: RequestMeta,
  ): Promise<Refusable<{ listing: ListingRow }, CreateListingErrorCode>> {
    const { values, errors } = validateListingFields({
      title: input.title,
      description: input.description ?? '',
      price: input.price,
    });
    const currencyError = validateCurrency(input.currency);
    if (errors.length > 0 || currencyError)
      return { errors: currencyError ? [...errors, currencyError] : errors };
    return withTransaction(this.database, async (tx) => {
      if (await this.holdAccount(tx, viewer))
        return { errors: [bannedError(CreateListingErrorCode.ACCOUNT_BANNED)] };
      // One seller's creations queue here, so the cap on open listings holds under concurrency.
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtextextended(${`catalog:listings:${viewer.userId}`}, 0))`,
      );
      const [open] = await tx
        .select({ count: count() })
        .from(listings)
        .where(and(eq(listings.sellerId, viewer.userId), ne(listings.status, ListingStatus.ARCHIVED)));
      if ((open?.count ?? 0) >= this.settings.maxOpenListingsPerSeller) {
        return {
          errors: [
            userError(
              CreateListingErrorCode.TOO_MANY_LISTINGS,
              `A seller may have ${this.settings.maxOpenListingsPerSeller} listings that are not archived; archive one first.`,
            ),
          ],
        };
      }
      const [listing] = await tx
        .insert(listings)
        .values({
          sellerId: viewer.userId,
          title: values.title!,
          description: values.description ?? '',
          platform: input.platform,
          region: input.region,
          kind: input.kind,
          priceAmount: values.price!,
          currency: input.currency,
        })
        .returning();
      if (!listing) throw new Error('listing insert returned no row');
      await this.audit(tx, viewer, meta, 'listing.created', listing.id, {
        priceAmount: listing.priceAmount,
        currency: listing.currency,
      });
      return { listing };
    });
  }

  async updateListing(
    viewer: Viewer,
    listingId: string | null,
    changes: ListingChanges & { expectedVersion?: number | null },
    meta: RequestMeta,
  ): Promise<Refusable<{ listing: ListingRow }, UpdateListingErrorCode>> {
    const { values, errors } = validateListingFields({
      title: changes.title,
      description: changes.description,
      price: changes.price,
    });
    if (errors.length > 0) return { errors };
    const update = {
      ...(values.title !== undefined ? { title: values.title } : {}),
      ...(values.description !== undefined ? { description: values.description } : {}),
      ...(values.price !== undefined ? { priceAmount: values.price } : {}),
      ...(changes.platform ? { platform: changes.platform } : {}),
      ...(changes.region ? { region: changes.region } : {}),
    };
    if (Object.keys(update).length === 0) {
      return {
        errors: [
          userError(
            UpdateListingErrorCode.NOTHING_TO_UPDATE,
            'Give at least one of title, description, price, platform or region.',
          ),
        ],
      };
    }
    return withTransaction(this.database, async (tx) => {
      if (await this.holdAccount(tx, viewer))
        return { errors: [bannedError(UpdateListingErrorCode.ACCOUNT_BANNED)] };
      const locked = await this.lockListing(tx, viewer, listingId);
      if (!locked) return { errors: [notFoundError(UpdateListingErrorCode.LISTING_NOT_FOUND)] };
      if (locked.status === ListingStatus.ARCHIVED) {
        return { errors: [archivedError(UpdateListingErrorCode.LISTING_ARCHIVED)] };
      }
      if (versionDiffers(locked, changes.expectedVersion)) {
        return { errors: [changedError(UpdateListingErrorCode.LISTING_CHANGED, locked)] };
      }
      const [listing] = await tx
        .update(listings)
        .set({ ...update, version: sql`${listings.version} + 1`, updatedAt: new Date() })
        .where(eq(listings.id, locked.id))
        .returning();
      if (!listing) throw new Error('listing update returned no row');
      await this.audit(tx, viewer, meta, 'listing.updated', listing.id, {
        fields: Object.keys(update),
        ...(update.priceAmount !== undefined ? { priceAmountBefore: locked.priceAmount } : {}),
      });
      return { listing };
    });
  }

  async pauseListing(
    viewer: Viewer,
    listingId: string | null,
    expectedVersion: number | null | undefined,
    meta: RequestMeta,
  ): Promise<Refusable<{ listing: ListingRow }, PauseListingErrorCode>> {
    const result = await this.changeStatus(viewer, listingId, ListingStatus.PAUSED, expectedVersion, meta);
    if (!('failure' in result)) return result;
    if (result.failure === 'ALREADY_IN_STATUS') {
      return {
        errors: [userError(PauseListingErrorCode.LISTING_ALREADY_PAUSED, 'The listing is already paused.')],
      };
    }
    if (result.failure === 'LISTING_ARCHIVED')
      return { errors: [archivedError(PauseListingErrorCode.LISTING_ARCHIVED)] };
    if (result.failure === 'LISTING_CHANGED')
      return { errors: [changedError(PauseListingErrorCode.LISTING_CHANGED, result.listing)] };
    if (result.failure === 'ACCOUNT_BANNED')
      return { errors: [bannedError(PauseListingErrorCode.ACCOUNT_BANNED)] };
    return { errors: [notFoundError(PauseListingErrorCode.LISTING_NOT_FOUND)] };
  }

  async activateListing(
    viewer: Viewer,
    listingId: string | null,
    expectedVersion: number | null | undefined,
    meta: RequestMeta,
  ): Promise<Refusable<{ listing: ListingRow }, ActivateListingErrorCode>> {
    const result = await this.changeStatus(viewer, listingId, ListingStatus.ACTIVE, expectedVersion, meta);
    if (!('failure' in result)) return result;
    if (result.failure === 'ALREADY_IN_STATUS') {
      return {
        errors: [
          userError(ActivateListingErrorCode.LISTING_ALREADY_ACTIVE, 'The listing is already active.'),
        ],
      };
    }
    if (result.failure === 'LISTING_ARCHIVED')
      return { errors: [archivedError(ActivateListingErrorCode.LISTING_ARCHIVED)] };
    if (result.failure === 'LISTING_CHANGED')
      return { errors: [changedError(ActivateListingErrorCode.LISTING_CHANGED, result.listing)] };
    if (result.failure === 'ACCOUNT_BANNED')
      return { errors: [bannedError(ActivateListingErrorCode.ACCOUNT_BANNED)] };
    return { errors: [notFoundError(ActivateListingErrorCode.LISTING_NOT_FOUND)] };
  }

  /** Final: the listing leaves sale for good and its unsold codes are withdrawn (REMOVED). */
  async archiveListing(
    viewer: Viewer,
    listingId: string | null,
    expectedVersion: number | null | undefined,
    meta: RequestMeta,
  ): Promise<Refusable<{ listing: ListingRow }, ArchiveListingErrorCode>> {
    const result = await this.changeStatus(viewer, listingId, ListingStatus.ARCHIVED, expectedVersion, meta);
    if (!('failure' in result)) return result;
    if (result.failure === 'ALREADY_IN_STATUS' || result.failure === 'LISTING_ARCHIVED') {
      return {
        errors: [
          userError(ArchiveListingErrorCode.LISTING_ALREADY_ARCHIVED, 'The listing is already archived.'),
        ],
      };
    }
    if (result.failure === 'LISTING_CHANGED')
      return { errors: [changedError(ArchiveListingErrorCode.LISTING_CHANGED, result.listing)] };
    if (result.failure === 'ACCOUNT_BANNED')
      return { errors: [bannedError(ArchiveListingErrorCode.ACCOUNT_BANNED)] };
    return { errors: [notFoundError(ArchiveListingErrorCode.LISTING_NOT_FOUND)] };
  }

  /**
   * Uploads codes to a listing. Each line is stored, or reported INVALID or DUPLICATE; a refusal
   * of the whole call (unknown or archived listing, too many codes, stock cap) stores nothing.
   */
  async addCodes(
    viewer: Viewer,
    listingId: string | null,
    lines: readonly string[],
    meta: RequestMeta,
  ): Promise<Refusable<AddCodesOutcome, AddCodesErrorCode>> {
    if (lines.length === 0) {
      return { errors: [userError(AddCodesErrorCode.NO_CODES, 'Send at least one code.', 'codes')] };
    }
    if (lines.length > this.settings.maxCodesPerUpload) {
      return {
        errors: [
          userError(
            AddCodesErrorCode.TOO_MANY_CODES,
            `One call carries at most ${this.settings.maxCodesPerUpload} codes; this one has ${lines.length}. Split the upload.`,
            'codes',
          ),
        ],
      };
    }
    // Every line sent counts, before any work: sealing costs CPU whatever becomes of the upload.
    const sent = await hitRateLimit(
      this.database,
      `codes:lines:${viewer.userId}`,
      this.settings.maxCodeLinesPerHour,
      3_600,
      lines.length,
    );
    if (!sent.allowed) {
      return {
        errors: [
          userError(
            AddCodesErrorCode.UPLOAD_LIMIT_REACHED,
            `A seller sends at most ${this.settings.maxCodeLinesPerHour} code lines an hour, and this upload ` +
              `would go past it: try again in ${Math.ceil(sent.retryAfterSeconds / 60)} minutes.`,
            'codes',
          ),
        ],
      };
    }
    const collisionsBucket = `codes:held-elsewhere:${viewer.userId}`;
    const collisionsLimit = this.settings.maxForeignCodeCollisionsPerDay;
    if ((await rateLimitHits(this.database, collisionsBucket, 86_400)) >= collisionsLimit) {
      return { errors: [collisionsLimitError(collisionsLimit)] };
    }
    const started = Date.now();
    const { candidates, rejected } = await prepareUpload(this.cipher, lines);
    return catchRefusal(() =>
      withTransaction(this.database, async (tx) => {
        // The listing stays locked for the upload: it cannot be archived halfway, and the stock
        // triggers update a row this transaction already holds.
        if (await this.holdAccount(tx, viewer))
          return { errors: [bannedError(AddCodesErrorCode.ACCOUNT_BANNED)] };
        const listing = await this.lockListing(tx, viewer, listingId);
        if (!listing) return { errors: [notFoundError(AddCodesErrorCode.LISTING_NOT_FOUND)] };
        if (listing.status === ListingStatus.ARCHIVED) {
          return { errors: [archivedError(AddCodesErrorCode.LISTING_ARCHIVED)] };
        }
        if (listing.availableStock + candidates.length > this.settings.maxAvailableCodesPerListing) {
          return {
            errors: [
              userError(
                AddCodesErrorCode.STOCK_LIMIT_REACHED,
                `A listing holds at most ${this.settings.maxAvailableCodesPerListing} available codes; ` +
                  `it has ${listing.availableStock} and this call would add up to ${candidates.length}.`,
                'codes',
              ),
            ],
          };
        }
        const { duplicates, heldByOtherSellers } = await insertCandidates(tx, listing, candidates, this.log);
        if (heldByOtherSellers > 0) {
          // Counted on its own connection, so that it stays counted when this upload is refused.
          const met = await hitRateLimit(
            this.database,
            collisionsBucket,
            collisionsLimit,
            86_400,
            heldByOtherSellers,
          );
          if (!met.allowed) {
            this.log.warn(
              { sellerId: viewer.userId, listingId: listing.id, heldByOtherSellers },
              'addCodes refused: too many codes other sellers hold',
            );
            // Rolls the whole upload back, and says nothing of which lines met another seller's code.
            refuse(
              AddCodesErrorCode.CODE_COLLISIONS_LIMIT,
              collisionsLimitError(collisionsLimit).message,
              'codes',
            );
          }
        }
        const addedCount = candidates.length - duplicates.length;
        const allRejected = [...rejected, ...duplicates].sort((left, right) => left.line - right.line);
        await this.audit(tx, viewer, meta, 'codes.added', listing.id, {
          lines: lines.length,
          added: addedCount,
          duplicate: allRejected.filter((line) => line.status === 'DUPLICATE').length,
          invalid: allRejected.filter((line) => line.status === 'INVALID').length,
        });
        const [updated] = await tx.select().from(listings).where(eq(listings.id, listing.id));
        if (!updated) throw new Error('listing vanished during addCodes');
        if (lines.length > 1_000) {
          this.log.info(
            {
              listingId: listing.id,
              lines: lines.length,
              added: addedCount,
              elapsedMs: Date.now() - started,
            },
            'addCodes done',
          );
        }
        return { listing: updated, addedCount, rejected: allRejected };
      }),
    );
  }

  /**
   * Sets a listing's images to `imageIds`, in that order (position 0 first): the seller's own
   * uploads, unattached or already on this listing. Images the list no longer names are dropped
   * (their stored bytes stay: they may be shared). An empty list removes every image. Bumps the
   * listing's version like any change of its seller. `imageIds` holds null for an id that did not
   * decode.
   */
  async setListingImages(
    viewer: Viewer,
    listingId: string | null,
    imageIds: readonly (string | null)[],
    expectedVersion: number | null | undefined,
    maxPerListing: number,
    meta: RequestMeta,
  ): Promise<Refusable<{ listing: ListingRow }, SetListingImagesErrorCode>> {
    if (imageIds.length > maxPerListing) {
      return {
        errors: [
          userError(
            SetListingImagesErrorCode.TOO_MANY_IMAGES,
            `A listing has at most ${maxPerListing} images.`,
            'imageIds',
          ),
        ],
      };
    }
    const imageNotFound = () => ({
      errors: [
        userError(
          SetListingImagesErrorCode.IMAGE_NOT_FOUND,
          'An image is not one of your uploads, or belongs to another listing. Upload it again.',
          'imageIds',
        ),
      ],
    });
    if (imageIds.some((id) => id === null)) return imageNotFound();
    if (new Set(imageIds).size !== imageIds.length) {
      return {
        errors: [
          userError(
            SetListingImagesErrorCode.DUPLICATE_IMAGE,
            'An image appears twice in the list.',
            'imageIds',
          ),
        ],
      };
    }
    const ids = imageIds as readonly string[];
    return withTransaction(this.database, async (tx) => {
      if (await this.holdAccount(tx, viewer))
        return { errors: [bannedError(SetListingImagesErrorCode.ACCOUNT_BANNED)] };
      const locked = await this.lockListing(tx, viewer, listingId);
      if (!locked) return { errors: [notFoundError(SetListingImagesErrorCode.LISTING_NOT_FOUND)] };
      if (locked.status === ListingStatus.ARCHIVED)
        return { errors: [archivedError(SetListingImagesErrorCode.LISTING_ARCHIVED)] };
      if (versionDiffers(locked, expectedVersion))
        return { errors: [changedError(SetListingImagesErrorCode.LISTING_CHANGED, locked)] };
      const named =
        ids.length === 0
          ? []
          : await tx
              .select({
                id: listingImages.id,
                sellerId: listingImages.sellerId,
                listingId: listingImages.listingId,
              })
              .from(listingImages)
              .where(inArray(listingImages.id, [...ids]))
              .orderBy(listingImages.id)
              .for('update');
      const usable = named.filter(
        (image) =>
          image.sellerId === locked.sellerId && (image.listingId === null || image.listingId === locked.id),
      );
      if (usable.length !== ids.length) return imageNotFound();
      await tx
        .delete(listingImages)
        .where(
          ids.length === 0
            ? eq(listingImages.listingId, locked.id)
            : and(eq(listingImages.listingId, locked.id), notInArray(listingImages.id, [...ids])),
        );
      // The unique (listing, position) constraint is deferred to the commit: positions may swap here.
      for (const [position, imageId] of ids.entries()) {
        await tx
          .update(listingImages)
          .set({
            listingId: locked.id,
            position,
            attachedAt: sql`coalesce(${listingImages.attachedAt}, now())`,
          })
          .where(eq(listingImages.id, imageId));
      }
      const [listing] = await tx
        .update(listings)
        .set({ version: sql`${listings.version} + 1`, updatedAt: new Date() })
        .where(eq(listings.id, locked.id))
        .returning();
      if (!listing) throw new Error('listing update returned no row');
      await this.audit(tx, viewer, meta, 'listing.images_set', listing.id, { images: ids.length });
      return { listing };
    });
  }

  /** Public browsing: listings on sale (active, in stock, visible seller) matching the filter. */
  async browse(
    filter: BrowseFilter,
    sort: ListingSort,
    limit: number,
    after: ListingCursor | null,
  ): Promise<ListingPageRow[]> {
    return browseListings(this.database, filter, sort, limit, after);
  }

  /** The viewer's own listings, every status unless one is asked for, newest first. */
  async listOwn(viewer: Viewer, status: ListingStatus | null, limit: number, after: ListingCursor | null) {
    return sellerListings(this.database, viewer.userId, status, limit, after);
  }

  /** A listing as `viewer` may see it: active from a visible seller for anyone; any status for its seller and staff. */
  async visibleListing(viewer: Viewer | null, listingId: string): Promise<ListingRow | null> {
    const found = await findListing(this.database, listingId);
    if (!found) return null;
    const { listing, sellerVisible } = found;
    if (viewer && (viewer.userId === listing.sellerId || isStaff(viewer))) return listing;
    return listing.status === ListingStatus.ACTIVE && sellerVisible ? listing : null;
  }

  // ---------------------------------------------------------------------------------------------
  // A purchase's listing and code, inside the caller's transaction. The checkout itself does both
  // in its one claim statement (claimCodeCtes, code-inventory.ts); these are the same rules one
  // statement at a time.

  /**
   * The listing, locked FOR NO KEY UPDATE until the transaction ends, in one statement: its price
   * and status cannot change under a purchase. (A weaker FOR SHARE lock would deadlock two buyers:
   * a sale updates the listing's stock when it commits.) The checkout's own claim shares the
   * listing instead (claimCodeCtes, code-inventory.ts). `active` is false when the listing is
   * paused or archived or its seller is not visible.
   */
  async listingForPurchase(
    tx: Tx,
    listingId: string,
  ): Promise<
    | {
        id: string;
        sellerId: string;
        active: boolean;
        priceAmount: number;
        currency: string;
        stock: number;
        version: number;
      }
    | undefined
  > {
    const [locked] = await tx
      .select({ listing: listings, sellerVisible: sql<boolean>`${visibleSellerCondition()}` })
      .from(listings)
      .where(eq(listings.id, listingId))
      .for('no key update', { of: listings });
    if (!locked) return undefined;
    const { listing, sellerVisible } = locked;
    return {
      id: listing.id,
      sellerId: listing.sellerId,
      active: listing.status === ListingStatus.ACTIVE && sellerVisible,
      priceAmount: listing.priceAmount,
      currency: listing.currency,
      stock: listing.availableStock,
      version: listing.version,
    };
  }

  /** Marks one available code of the listing SOLD to `orderId` and returns its id; null when none is left. */
  async takeAvailableCode(tx: Tx, listingId: string, orderId: string): Promise<string | null> {
    return takeAvailableCode(tx, listingId, orderId);
  }

  /** The plaintext of a SOLD code, for the delivery service to show its buyer. Throws for any other code. */
  async decrypt(tx: Tx, codeId: string): Promise<string> {
    return openSoldCode(tx, this.cipher, codeId);
  }

  /** The plaintext of a code row already read (under any configured key). Never returned by the catalog's API. */
  decryptCode(row: SealedCode & { id: string }): string {
    return this.cipher.open(row);
  }

  /** Key rotation: re-encrypts up to `limit` codes still under an old key; 0 when none is left. */
  async reencryptCodes(limit = 1_000): Promise<number> {
    return reencryptBatch(this.database, this.cipher, limit);
  }

  // ---------------------------------------------------------------------------------------------

  private async changeStatus(
    viewer: Viewer,
    listingId: string | null,
    target: ListingStatus,
    expectedVersion: number | null | undefined,
    meta: RequestMeta,
  ): Promise<{ listing: ListingRow } | StatusFailure> {
    return withTransaction(this.database, async (tx): Promise<{ listing: ListingRow } | StatusFailure> => {
      if (await this.holdAccount(tx, viewer)) return { failure: 'ACCOUNT_BANNED' };
      const locked = await this.lockListing(tx, viewer, listingId);
      if (!locked) return { failure: 'LISTING_NOT_FOUND' };
      const change = statusChange(locked.status, target);
      if (change === 'ARCHIVED') return { failure: 'LISTING_ARCHIVED' };
      if (change === 'ALREADY_IN_STATUS') return { failure: 'ALREADY_IN_STATUS' };
      if (versionDiffers(locked, expectedVersion)) return { failure: 'LISTING_CHANGED', listing: locked };
      if (target === ListingStatus.ARCHIVED) {
        // Before the listing turns ARCHIVED (final): the stock trigger still updates it.
        await tx
          .update(codes)
          .set({ status: CodeStatus.REMOVED, updatedAt: new Date() })
          .where(and(eq(codes.listingId, locked.id), eq(codes.status, CodeStatus.AVAILABLE)));
      }
      const now = new Date();
      const [listing] = await tx
        .update(listings)
        .set({
          status: target,
          version: sql`${listings.version} + 1`,
          updatedAt: now,
          ...(target === ListingStatus.ARCHIVED ? { archivedAt: now } : {}),
        })
        .where(eq(listings.id, locked.id))
        .returning();
      if (!listing) throw new Error('listing status update returned no row');
      const action = { ACTIVE: 'listing.activated', PAUSED: 'listing.paused', ARCHIVED: 'listing.archived' }[
        target
      ];
      await this.audit(tx, viewer, meta, action, listing.id, { from: locked.status });
      return { listing };
    });
  }

  /**
   * Locks a listing the viewer may change: its own, or any for an admin. Another seller's listing
   * is "not found": a paused listing's existence is its seller's business.
   *
   * The owner is checked first, unlocked (a listing's seller never changes), so that nobody else
   * can hold up its sales. Then its sales lock, exclusive: it waits for the purchases in flight and
   * holds off new ones until this transaction ends, and they then see the change (claimCodeCtes in
   * code-inventory.ts). Then its row FOR NO KEY UPDATE, after the sales lock: a purchase in flight
   * updates the row when it commits, so taking the row first could deadlock with it.
   */
  private async lockListing(tx: Tx, viewer: Viewer, listingId: string | null): Promise<ListingRow | null> {
    if (!listingId) return null;
    const [owner] = await tx
      .select({ sellerId: listings.sellerId })
      .from(listings)
      .where(eq(listings.id, listingId));
    if (!owner || (owner.sellerId !== viewer.userId && !hasRole(viewer, Role.ADMIN))) return null;
    await tx.execute(sql`select pg_advisory_xact_lock(listing_sales_lock_key(${listingId}::uuid))`);
    const [listing] = await tx.select().from(listings).where(eq(listings.id, listingId)).for('no key update');
    return listing ?? null;
  }

  private async audit(
    tx: Tx,
    viewer: Viewer,
    meta: RequestMeta,
    action: string,
    listingId: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action,
      subjectType: 'Listing',
      subjectId: listingId,
      details: { ...details, ...(viewer.apiKeyId ? { apiKeyId: viewer.apiKeyId } : {}) },
      requestId: meta.requestId,
      address: meta.address,
    });
  }
}

function bannedError<Code extends string>(code: Code): UserErrorValue<Code> {
  return userError(code, 'This account is banned: it may not change listings or codes.');
}

function archivedError<Code extends string>(code: Code): UserErrorValue<Code> {
  return userError(code, 'This listing is archived; an archived listing never changes again.', 'listingId');
}

function notFoundError<Code extends string>(code: Code): UserErrorValue<Code> {
  return userError(code, 'No listing of yours has this id.', 'listingId');
}

function changedError<Code extends string>(code: Code, current: ListingRow): UserErrorValue<Code> {
  return userError(
    code,
    `The listing changed and is now at version ${current.version}; reload it and try again.`,
    'expectedVersion',
  );
}

/** Optimistic concurrency: a change that names the version it was based on fails when that is stale. */
function versionDiffers(listing: ListingRow, expectedVersion: number | null | undefined): boolean {
  return expectedVersion !== null && expectedVersion !== undefined && expectedVersion !== listing.version;
}

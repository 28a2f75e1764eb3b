import { GraphQLError } from 'graphql';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { establishedFromBuyers, trustedAfterDays, trustedFromBuyers } from '../domain/seller-badge';
import { ApiKeyScope, Role, scope } from '../auth/roles';
import { requireViewer } from '../graphql/authorization';
import type { Context } from '../graphql/context';
import {
  Connection,
  ConnectionArguments,
  fromGlobalId,
  clampPageSize,
  toGlobalId,
  type ConnectionShape,
} from '../graphql/relay';
import { isCurrency, maxPostingAmount, supportedCurrencies } from '../domain/money';
import { ListingSort } from './catalog.enums';
import {
  ActivateListingInput,
  AddCodesInput,
  ArchiveListingInput,
  CreateListingInput,
  ListingFilter,
  MyListingsFilter,
  PauseListingInput,
  SetListingImagesInput,
  UpdateListingInput,
} from './catalog.inputs';
import type { BrowseFilter, ListingPageRow } from './catalog.queries';
import { searchMaxLength } from './catalog.rules';
import {
  ActivateListingPayload,
  AddCodesPayload,
  ArchiveListingPayload,
  CreateListingPayload,
  Listing,
  ListingImage,
  PauseListingPayload,
  Seller,
  SetListingImagesPayload,
  SellerBadge,
  UpdateListingPayload,
} from './catalog.types';
import { decodeListingCursor, encodeListingCursor, type ListingCursor } from './listing-cursor';

const ListingConnection = Connection(Listing, 'Listing');
type ListingConnectionShape = ConnectionShape<Listing>;

/** Sellers on a session, and partner keys with the write scope, manage listings and codes. */
const catalogWriters = [Role.SELLER, Role.ADMIN, scope(ApiKeyScope.CATALOG_WRITE)];

@Resolver(() => Listing)
export class CatalogResolver {
  @Query(() => ListingConnection, {
    description: 'Listings on sale: active, in stock, from sellers in good standing. Open to everyone.',
  })
  async listings(
    @Arg('filter', () => ListingFilter, { nullable: true }) filter: ListingFilter | null,
    @Arg('sort', () => ListingSort, { defaultValue: ListingSort.NEWEST }) sort: ListingSort,
    @Args() page: ConnectionArguments,
    @Ctx() context: Context,
  ): Promise<ListingConnectionShape> {
    const browseFilter = checkedFilter(filter ?? {});
    const first = clampPageSize(page.first);
    const after = checkedCursor(page.after, sort);
    const rows = await context.services.catalog.browse(browseFilter, sort, first + 1, after);
    return toListingConnection(rows, first, sort, after !== null);
  }

  @Query(() => Listing, {
    nullable: true,
    description:
      'An active listing, for anyone; any listing of their own for its seller (and for staff). Null otherwise.',
  })
  async listing(@Arg('id', () => ID) id: string, @Ctx() context: Context): Promise<Listing | null> {
    const listingId = fromGlobalId(id, 'Listing');
    if (!listingId) return null;
    const row = await context.services.catalog.visibleListing(context.viewer, listingId);
    return row ? Listing.from(row) : null;
  }

  @Authorized([Role.SELLER, Role.ADMIN, scope(ApiKeyScope.CATALOG_READ), scope(ApiKeyScope.CATALOG_WRITE)])
  @Query(() => ListingConnection, {
    description: "The viewer's own listings, every status, newest first, with stock.",
  })
  async myListings(
    @Arg('filter', () => MyListingsFilter, { nullable: true }) filter: MyListingsFilter | null,
    @Args() page: ConnectionArguments,
    @Ctx() context: Context,
  ): Promise<ListingConnectionShape> {
    const first = clampPageSize(page.first);
    const after = checkedCursor(page.after, ListingSort.NEWEST);
    const rows = await context.services.catalog.listOwn(
      requireViewer(context),
      filter?.status ?? null,
      first + 1,
      after,
    );
    return toListingConnection(rows, first, ListingSort.NEWEST, after !== null);
  }

  @FieldResolver(() => Seller)
  async seller(@Root() listing: Listing, @Ctx() context: Context): Promise<Seller> {
    const user = await context.loaders.user.load(listing.sellerId);
    if (!user) throw new Error(`listing ${listing.rawId} has no seller row`);
    return Object.assign(new Seller(), {
      rawId: user.id,
      id: toGlobalId('User', user.id),
      displayName: user.displayName,
    });
  }

  @FieldResolver(() => [ListingImage], {
    description: 'In display order, the first is the cover. Empty when the seller attached none.',
  })
  async images(@Root() listing: Listing, @Ctx() context: Context): Promise<ListingImage[]> {
    const rows = await context.loaders.listingImages.load(listing.rawId);
    return rows.map((row, index) => ListingImage.from(row, listing.title, index, rows.length));
  }

  @Authorized(catalogWriters)
  @Mutation(() => SetListingImagesPayload, {
    description:
      'Sets the images of a listing, in order, from uploads made with POST /listing-images. Bumps the version.',
  })
  async setListingImages(
    @Arg('input') input: SetListingImagesInput,
    @Ctx() context: Context,
  ): Promise<SetListingImagesPayload> {
    const result = await context.services.catalog.setListingImages(
      requireViewer(context),
      fromGlobalId(input.listingId, 'Listing'),
      input.imageIds.map((id) => fromGlobalId(id, 'ListingImage')),
      input.expectedVersion,
      context.services.config.listingImages.maxPerListing,
      context.meta,
    );
    if ('errors' in result) return { listing: null, errors: result.errors };
    return { listing: Listing.from(result.listing), errors: [] };
  }

  @Authorized([Role.SELLER, scope(ApiKeyScope.CATALOG_WRITE)])
  @Mutation(() => CreateListingPayload, {
    description: 'Creates an ACTIVE listing; it shows in browsing once it has codes.',
  })
  async createListing(
    @Arg('input') input: CreateListingInput,
    @Ctx() context: Context,
  ): Promise<CreateListingPayload> {
    const result = await context.services.catalog.createListing(requireViewer(context), input, context.meta);
    if ('errors' in result) return { listing: null, errors: result.errors };
    return { listing: Listing.from(result.listing), errors: [] };
  }

  @Authorized(catalogWriters)
  @Mutation(() => UpdateListingPayload, {
    description:
      "Changes a listing's title, description, price, platform or region (only the fields given), and moves its version: a buyer who saw the old version is refused LISTING_CHANGED, with nothing charged. With expectedVersion, a listing changed since is LISTING_CHANGED here too.",
  })
  async updateListing(
    @Arg('input') input: UpdateListingInput,
    @Ctx() context: Context,
  ): Promise<UpdateListingPayload> {
    const result = await context.services.catalog.updateListing(
      requireViewer(context),
      fromGlobalId(input.listingId, 'Listing'),
      input,
      context.meta,
    );
    if ('errors' in result) return { listing: null, errors: result.errors };
    return { listing: Listing.from(result.listing), errors: [] };
  }

  @Authorized(catalogWriters)
  @Mutation(() => PauseListingPayload, {
    description: 'Takes an active listing off sale until activateListing.',
  })
  async pauseListing(
    @Arg('input') input: PauseListingInput,
    @Ctx() context: Context,
  ): Promise<PauseListingPayload> {
    const result = await context.services.catalog.pauseListing(
      requireViewer(context),
      fromGlobalId(input.listingId, 'Listing'),
      input.expectedVersion,
      context.meta,
    );
    if ('errors' in result) return { listing: null, errors: result.errors };
    return { listing: Listing.from(result.listing), errors: [] };
  }

  @Authorized(catalogWriters)
  @Mutation(() => ActivateListingPayload, { description: 'Puts a paused listing back on sale.' })
  async activateListing(
    @Arg('input') input: ActivateListingInput,
    @Ctx() context: Context,
  ): Promise<ActivateListingPayload> {
    const result = await context.services.catalog.activateListing(
      requireViewer(context),
      fromGlobalId(input.listingId, 'Listing'),
      input.expectedVersion,
      context.meta,
    );
    if ('errors' in result) return { listing: null, errors: result.errors };
    return { listing: Listing.from(result.listing), errors: [] };
  }

  @Authorized(catalogWriters)
  @Mutation(() => ArchiveListingPayload, {
    description: 'Takes a listing off sale for good and withdraws its unsold codes. Final.',
  })
  async archiveListing(
    @Arg('input') input: ArchiveListingInput,
    @Ctx() context: Context,
  ): Promise<ArchiveListingPayload> {
    const result = await context.services.catalog.archiveListing(
      requireViewer(context),
      fromGlobalId(input.listingId, 'Listing'),
      input.expectedVersion,
      context.meta,
    );
    if ('errors' in result) return { listing: null, errors: result.errors };
    return { listing: Listing.from(result.listing), errors: [] };
  }

  @Authorized(catalogWriters)
  @Mutation(() => AddCodesPayload, {
    description:
      'Uploads codes to a listing, encrypted at rest. Each code exists once on CodeSale; repeats are reported.',
  })
  async addCodes(@Arg('input') input: AddCodesInput, @Ctx() context: Context): Promise<AddCodesPayload> {
    const result = await context.services.catalog.addCodes(
      requireViewer(context),
      fromGlobalId(input.listingId, 'Listing'),
      input.codes,
      context.meta,
    );
    if ('errors' in result) {
      return {
        listing: null,
        addedCount: 0,
        duplicateCount: 0,
        invalidCount: 0,
        rejectedLines: [],
        errors: result.errors,
      };
    }
    return {
      listing: Listing.from(result.listing),
      addedCount: result.addedCount,
      duplicateCount: result.rejected.filter((line) => line.status === 'DUPLICATE').length,
      invalidCount: result.rejected.filter((line) => line.status === 'INVALID').length,
      rejectedLines: result.rejected,
      errors: [],
    };
  }
}

@Resolver(() => Seller)
export class SellerResolver {
  @FieldResolver(() => Int, {
    description:
      "The seller's completed sales: orders released to them (confirmed, or past the protection window).",
  })
  async completedSales(@Root() seller: Seller, @Ctx() context: Context): Promise<number> {
    return (await context.loaders.sellerReputation.load(seller.rawId)).completedSales;
  }

  @FieldResolver(() => SellerBadge, {
    description: `From the different buyers of the seller's completed sales (each buyer counts once): NEW below ${establishedFromBuyers}; ESTABLISHED from ${establishedFromBuyers}; TRUSTED from ${trustedFromBuyers} when the seller's account is at least ${trustedAfterDays} days old and in good standing (risk tier NORMAL), which is all the badge says of the tier: a seller who is not shows ESTABLISHED.`,
  })
  async badge(@Root() seller: Seller, @Ctx() context: Context): Promise<SellerBadge> {
    return (await context.loaders.sellerReputation.load(seller.rawId)).badge as SellerBadge;
  }
}

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

function checkedCursor(after: string | null | undefined, sort: ListingSort): ListingCursor | null {
  const cursor = decodeListingCursor(after, sort);
  if (cursor === 'invalid') throw badInput('Malformed cursor, or a cursor of another sort order.');
  return cursor;
}

/** Queries have no payload for errors: a filter that cannot match anything sensible is refused outright. */
function checkedFilter(filter: ListingFilter): BrowseFilter {
  for (const [name, value] of [
    ['minPrice', filter.minPrice],
    ['maxPrice', filter.maxPrice],
  ] as const) {
    if (value !== null && value !== undefined && (value < 0 || value > maxPostingAmount)) {
      throw badInput(`${name} is in minor units, from 0 to ${maxPostingAmount}.`);
    }
  }
  if (
    filter.minPrice !== null &&
    filter.minPrice !== undefined &&
    filter.maxPrice !== null &&
    filter.maxPrice !== undefined &&
    filter.minPrice > filter.maxPrice
  ) {
    throw badInput('minPrice is above maxPrice.');
  }
  if (filter.currency !== null && filter.currency !== undefined && !isCurrency(filter.currency)) {
    throw badInput(`currency is one of ${supportedCurrencies.join(', ')}.`);
  }
  const search = filter.search?.trim() ?? '';
  if ([...search].length > searchMaxLength)
    throw badInput(`search is at most ${searchMaxLength} characters.`);
  return { ...filter, search: search.length > 0 ? search : null };
}

function toListingConnection(
  rows: ListingPageRow[],
  first: number,
  sort: ListingSort,
  hasPreviousPage: boolean,
): ListingConnectionShape {
  const page = rows.slice(0, first);
  const edges = page.map((row) => ({ cursor: cursorOf(row, sort), node: Listing.from(row.listing) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

function cursorOf(row: ListingPageRow, sort: ListingSort): string {
  return sort === ListingSort.NEWEST
    ? encodeListingCursor({ sort, createdAt: row.createdAtKey, id: row.listing.id })
    : encodeListingCursor({ sort, priceAmount: row.listing.priceAmount, id: row.listing.id });
}

@Resolver(() => ListingImage)
export class ListingImageResolver {
  @FieldResolver(() => String, {
    description:
      'The image resized to `width` pixels wide, rounded up to one of 160, 320, 640 or 1280 (default 640). ' +
      'A path on the API origin (local driver) or an absolute ImageKit URL.',
  })
  url(
    @Root() image: ListingImage,
    @Arg('width', () => Int, { nullable: true }) width: number | null,
    @Ctx() context: Context,
  ): string {
    if (width !== null && (width < 1 || width > 10_000)) throw badInput('width is from 1 to 10000 pixels.');
    return context.services.listingImages.url(image.row, width);
  }

  @FieldResolver(() => String, { description: "For <img srcset>: every served width up to the image's own." })
  srcSet(@Root() image: ListingImage, @Ctx() context: Context): string {
    return context.services.listingImages.srcSet(image.row);
  }
}

import { and, asc, desc, eq, gte, inArray, lte, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { activeAccountCondition } from '../auth/auth.queries';
import type { Database } from '../db/pool';
import type { Tx } from '../db/transaction';
import { sellerHiddenCondition } from '../risk/risk.queries';
import { ListingKind, ListingSort, ListingStatus, Platform, Region } from './catalog.enums';
import { containsPattern } from './catalog.rules';
import { listingImages, listingRevisions, listings } from './catalog.tables';
import type { ListingCursor } from './listing-cursor';

export type ListingRow = typeof listings.$inferSelect;
export type ListingImageRow = typeof listingImages.$inferSelect;

/** The attached images of each listing, in position order: one query for a whole page (Listing.images). */
export async function imagesOfListings(
  executor: Executor,
  listingIds: readonly string[],
): Promise<Map<string, ListingImageRow[]>> {
  const byListing = new Map<string, ListingImageRow[]>(listingIds.map((id) => [id, []]));
  if (listingIds.length === 0) return byListing;
  const rows = await executor
    .select()
    .from(listingImages)
    .where(inArray(listingImages.listingId, [...listingIds]))
    .orderBy(asc(listingImages.listingId), asc(listingImages.position));
  for (const row of rows) byListing.get(row.listingId!)?.push(row);
  return byListing;
}

/** A listing with the key its page cursor is built from. */
export interface ListingPageRow {
  listing: ListingRow;
  /** created_at in UTC to the microsecond: see listing-cursor.ts. */
  createdAtKey: string;
}

export interface BrowseFilter {
  platform?: Platform | null;
  region?: Region | null;
  kind?: ListingKind | null;
  currency?: string | null;
  minPrice?: number | null;
  maxPrice?: number | null;
  /** Already trimmed and length-checked; matched case-insensitively anywhere in the title. */
  search?: string | null;
}

type Executor = Database | Tx;

/**
 * The sellers whose listings buyers may see: accounts that are not disabled, and whose risk tier
 * does not hide their listings (SELLER tier RESTRICTED or worse, or BANNED in any role; see
 * risk/README.md). A hidden seller drops out of browsing and cannot be bought from, through
 * listingForPurchase, in one place.
 */
export function visibleSellerCondition(): SQL {
  return sql`(${activeAccountCondition(listings.sellerId)} and not ${sellerHiddenCondition(listings.sellerId)})`;
}

/** What makes a listing appear in public browsing: on sale, in stock, from a visible seller. */
export function onSaleCondition(): SQL {
  return and(
    eq(listings.status, ListingStatus.ACTIVE),
    sql`${listings.availableStock} > 0`,
    visibleSellerCondition(),
  )!;
}

const createdAtKey = sql<string>`to_char(${listings.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Public browsing: listings on sale that match `filter`, in `sort` order, after the cursor. */
export async function browseListings(
  executor: Executor,
  filter: BrowseFilter,
  sort: ListingSort,
  limit: number,
  after: ListingCursor | null,
): Promise<ListingPageRow[]> {
  const conditions: (SQL | undefined)[] = [
    onSaleCondition(),
    filter.platform ? eq(listings.platform, filter.platform) : undefined,
    filter.region ? eq(listings.region, filter.region) : undefined,
    filter.kind ? eq(listings.kind, filter.kind) : undefined,
    filter.currency ? eq(listings.currency, filter.currency) : undefined,
    filter.minPrice !== undefined && filter.minPrice !== null
      ? gte(listings.priceAmount, filter.minPrice)
      : undefined,
    filter.maxPrice !== undefined && filter.maxPrice !== null
      ? lte(listings.priceAmount, filter.maxPrice)
      : undefined,
    filter.search ? sql`${listings.title} ilike ${containsPattern(filter.search)} escape '\\'` : undefined,
    after ? afterCursor(after) : undefined,
  ];
  return executor
    .select({ listing: listings, createdAtKey })
    .from(listings)
    .where(and(...conditions))
    .orderBy(...orderBy(sort))
    .limit(limit);
}

/** A seller's own listings, every status (or one), newest first. */
export async function sellerListings(
  executor: Executor,
  sellerId: string,
  status: ListingStatus | null,
  limit: number,
  after: ListingCursor | null,
): Promise<ListingPageRow[]> {
  return executor
    .select({ listing: listings, createdAtKey })
    .from(listings)
    .where(
      and(
        eq(listings.sellerId, sellerId),
        status ? eq(listings.status, status) : undefined,
        after ? afterCursor(after) : undefined,
      ),
    )
    .orderBy(...orderBy(ListingSort.NEWEST))
    .limit(limit);
}

/** One listing, with whether its seller is visible to buyers. */
export async function findListing(
  executor: Executor,
  listingId: string,
): Promise<{ listing: ListingRow; sellerVisible: boolean } | undefined> {
  const [row] = await executor
    .select({ listing: listings, sellerVisible: sql<boolean>`${visibleSellerCondition()}` })
    .from(listings)
    .where(eq(listings.id, listingId));
  return row;
}

/**
 * For the checkout's one read of a purchase (checkout/purchase-statements.ts), which embeds it as a
 * subquery: the listing as a buyer may buy it, read without a lock. Columns: `sellerId`, `active`
 * (ACTIVE from a visible seller), `priceAmount`, `currency`, `availableStock`, `version`; no row when there is
 * no such listing. The checkout decides on it, then claims a code under the listing's lock with
 * claimCodeCtes (code-inventory.ts), which checks again there.
 */
export function listingForPurchaseSql(listingId: SQLWrapper): SQL {
  return sql`select ${listings.sellerId} as "sellerId",
                    ${listings.status} = ${sql.raw(`'${ListingStatus.ACTIVE}'`)} and ${visibleSellerCondition()} as active,
                    ${listings.priceAmount} as "priceAmount", ${listings.currency} as currency,
                    ${listings.availableStock} as "availableStock", ${listings.version} as version
               from ${listings} where ${listings.id} = ${listingId}`;
}

function orderBy(sort: ListingSort): SQL[] {
  switch (sort) {
    case ListingSort.NEWEST:
      return [desc(listings.createdAt), desc(listings.id)];
    case ListingSort.PRICE_ASC:
      return [asc(listings.priceAmount), asc(listings.id)];
    case ListingSort.PRICE_DESC:
      return [desc(listings.priceAmount), desc(listings.id)];
  }
}

/** Row comparisons, so that PostgreSQL walks the (key, id) index from the cursor on. */
function afterCursor(cursor: ListingCursor): SQL {
  switch (cursor.sort) {
    case ListingSort.NEWEST:
      return sql`(${listings.createdAt}, ${listings.id}) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)`;
    case ListingSort.PRICE_ASC:
      return sql`(${listings.priceAmount}, ${listings.id}) > (${cursor.priceAmount}::bigint, ${cursor.id}::uuid)`;
    case ListingSort.PRICE_DESC:
      return sql`(${listings.priceAmount}, ${listings.id}) < (${cursor.priceAmount}::bigint, ${cursor.id}::uuid)`;
  }
}

/**
 * The listings among `ids`, whatever their status (for loaders: an order's listing, which its
 * buyer still sees once it is paused or archived); the missing ones are left out.
 */
export async function listingsByIds(executor: Executor, ids: readonly string[]): Promise<ListingRow[]> {
  if (ids.length === 0) return [];
  return executor
    .select()
    .from(listings)
    .where(inArray(listings.id, [...ids]));
}

/** What a buyer paid for: a listing's terms at one version. */
export interface ListingTerms {
  listingId: string;
  version: number;
  title: string;
  description: string;
  platform: Platform;
  region: Region;
  kind: ListingKind;
  priceAmount: number;
  currency: string;
  /** The seller has changed a term since (title, description, platform, region or price). */
  changedSince: boolean;
}

/**
 * The terms of `listingId` at `version` (an order's listing version): those of the first revision at
 * or after it (migrations/0036: a revision keeps the terms an edit replaced), else the listing's
 * own, which it still has. Undefined when there is no such listing.
 */
export async function termsOfListingAt(
  executor: Executor,
  listingId: string,
  version: number,
): Promise<ListingTerms | undefined> {
  const [revision] = await executor
    .select()
    .from(listingRevisions)
    .where(and(eq(listingRevisions.listingId, listingId), gte(listingRevisions.version, version)))
    .orderBy(asc(listingRevisions.version))
    .limit(1);
  const terms = revision ?? (await executor.select().from(listings).where(eq(listings.id, listingId)))[0];
  if (!terms) return undefined;
  return {
    listingId,
    version,
    title: terms.title,
    description: terms.description,
    platform: terms.platform as Platform,
    region: terms.region as Region,
    kind: terms.kind as ListingKind,
    priceAmount: terms.priceAmount,
    currency: terms.currency,
    changedSince: revision !== undefined,
  };
}

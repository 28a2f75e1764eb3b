import { maxPostingAmount } from '../domain/money';
import { isRealUtcTimestamp, isUuid } from '../shared/input-validation';
import { ListingSort } from './catalog.enums';

/**
 * Keyset cursors over listings: the sort key and the id, so a page continues exactly after the
 * last row whatever was inserted since. The sort is part of the cursor: a cursor of one order is
 * refused in another. Times are kept to the microsecond, as PostgreSQL stores them (a JavaScript
 * Date would round them to the millisecond and skip or repeat rows created in the same one).
 */
export type ListingCursor =
  | { sort: ListingSort.NEWEST; createdAt: string; id: string }
  | { sort: ListingSort.PRICE_ASC | ListingSort.PRICE_DESC; priceAmount: number; id: string };

/** As produced by the query's to_char(created_at at time zone 'UTC', ...). */
const timestampPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const maxCursorLength = 200;

export function encodeListingCursor(cursor: ListingCursor): string {
  const key = cursor.sort === ListingSort.NEWEST ? cursor.createdAt : cursor.priceAmount;
  return Buffer.from(JSON.stringify([cursor.sort, key, cursor.id]), 'utf8').toString('base64url');
}

/** null without a cursor; 'invalid' when it is malformed or belongs to another sort order. */
export function decodeListingCursor(
  encoded: string | null | undefined,
  sort: ListingSort,
): ListingCursor | null | 'invalid' {
  if (encoded === null || encoded === undefined) return null;
  if (encoded.length > maxCursorLength) return 'invalid';
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return 'invalid';
  }
  if (!Array.isArray(value) || value.length !== 3 || value[0] !== sort) return 'invalid';
  const [, key, id] = value as [unknown, unknown, unknown];
  if (!isUuid(id)) return 'invalid';
  if (sort === ListingSort.NEWEST) {
    // The pattern fixes the format; the day must also exist (Date.parse rolls 2024-02-31 into March).
    if (typeof key !== 'string' || !timestampPattern.test(key) || !isRealUtcTimestamp(key)) return 'invalid';
    return { sort, createdAt: key, id };
  }
  if (typeof key !== 'number' || !Number.isSafeInteger(key) || key < 0 || key > maxPostingAmount)
    return 'invalid';
  return { sort, priceAmount: key, id };
}

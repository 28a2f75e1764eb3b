import { isRealUtcTimestamp, isUuid } from './input-validation';

/** Keyset cursors over (createdAt, id): stable under inserts, unlike offsets. The id is a uuid unless the list says otherwise. */
export interface KeysetCursor {
  createdAt: string;
  id: string;
}

export function encodeCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id]), 'utf8').toString('base64url');
}

/** A cursor is two short strings in base64url; anything longer is not one of ours. */
const maxCursorLength = 200;

/** Identity columns (bigint): a positive decimal that fits in 63 bits, as a string. */
export function isBigintId(value: unknown): value is string {
  return typeof value === 'string' && /^[1-9][0-9]{0,18}$/.test(value) && BigInt(value) <= 2n ** 63n - 1n;
}

/**
 * null without a cursor; 'invalid' unless it holds a timestamp of a real day and an id of the
 * list's kind (a uuid by default): both go into SQL, where an impossible date or a malformed id
 * fails the statement.
 */
export function decodeCursor(
  cursor: string | null | undefined,
  isId: (value: unknown) => value is string = isUuid,
): KeysetCursor | null | 'invalid' {
  if (cursor === null || cursor === undefined) return null;
  if (cursor.length > maxCursorLength) return 'invalid';
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return 'invalid';
  }
  if (!Array.isArray(value) || value.length !== 2) return 'invalid';
  const [createdAt, id] = value as [unknown, unknown];
  if (typeof createdAt !== 'string' || !isRealUtcTimestamp(createdAt) || !isId(id)) return 'invalid';
  return { createdAt, id };
}

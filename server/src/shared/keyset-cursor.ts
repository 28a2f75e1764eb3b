import { isRealUtcTimestamp, isUuid } from './input-validation';

/** Keyset cursors over (createdAt, id): stable under inserts, unlike offsets. */
export interface KeysetCursor {
  createdAt: string;
  id: string;
}

export function encodeCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id]), 'utf8').toString('base64url');
}

/** A cursor is two short strings in base64url; anything longer is not one of ours. */
const maxCursorLength = 200;

/**
 * null without a cursor; 'invalid' unless it holds a timestamp of a real day and a uuid: both go
 * into SQL, where an impossible date or a malformed uuid fails the statement.
 */
export function decodeCursor(cursor: string | null | undefined): KeysetCursor | null | 'invalid' {
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
  if (typeof createdAt !== 'string' || !isRealUtcTimestamp(createdAt) || !isUuid(id)) return 'invalid';
  return { createdAt, id };
}

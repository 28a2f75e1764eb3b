/**
 * The API's global ids: base64url of "Type:id" (server/src/graphql/relay.ts). The console reads
 * the type to tell a user what they pasted, and makes the global id of a raw database id (as an
 * evidence snapshot shows it) to look it up.
 */
const globalIdPattern = /^[A-Za-z0-9_-]{4,200}$/;
/** The database's ids (uuids), as an evidence snapshot or a log shows them. */
const rawIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Global ids are short base64url strings; anything else is a typo, not a lookup. */
export function isGlobalId(value: string): boolean {
  return globalIdPattern.test(value);
}

export function isRawId(value: string): boolean {
  return rawIdPattern.test(value);
}

/** The id to send for what was pasted: a global id as it is, a raw (database) id of `type` made global. */
export function globalIdFromInput(type: string, value: string): string {
  const trimmed = value.trim();
  return isRawId(trimmed) ? globalId(type, trimmed.toLowerCase()) : trimmed;
}

export function globalId(type: string, id: string): string {
  return btoa(`${type}:${id}`).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The type a global id names ("Order", "User", ...), or null when it is not one. */
export function globalIdType(id: string): string | null {
  if (!globalIdPattern.test(id)) return null;
  try {
    const match = /^([A-Za-z]+):/.exec(atob(id.replace(/-/g, '+').replace(/_/g, '/')));
    return match ? match[1]! : null;
  } catch {
    return null;
  }
}

/**
 * The API's global ids: base64url of "Type:id" (server/src/graphql/relay.ts). The console reads
 * the type to tell a user what they pasted, and makes the global id of a raw database id (as an
 * evidence snapshot shows it) to look it up.
 */
const globalIdPattern = /^[A-Za-z0-9_-]{4,200}$/;

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

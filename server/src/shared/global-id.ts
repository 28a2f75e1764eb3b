import { isUuid } from './input-validation';

/*
 * Without type-graphql's decorators, so that code outside the GraphQL layer (services.ts, tools
 * run in a child process without the reflect-metadata polyfill) can build and read global ids;
 * graphql/relay.ts re-exports them.
 */

/**
 * Global object ids: base64url("Type:uuid"). Clients treat them as opaque; the server decodes
 * them and checks the type, so an Order id can never be used where a Listing id is expected.
 */
export function toGlobalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

/** The uuid behind a global id of the expected type, or null when the id is malformed or of another type. */
export function fromGlobalId(globalId: string, expectedType: string): string | null {
  if (typeof globalId !== 'string' || globalId.length > 200) return null;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator < 0) return null;
  const type = decoded.slice(0, separator);
  const id = decoded.slice(separator + 1);
  return type === expectedType && isUuid(id) ? id : null;
}

/**
 * The type and uuid behind a global id of any type, or null when it is malformed: for arguments
 * that accept several kinds of object (the audit log's subject), checked against data, not a type.
 */
export function fromAnyGlobalId(globalId: string): { type: string; id: string } | null {
  if (typeof globalId !== 'string' || globalId.length > 200) return null;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator < 1) return null;
  const type = decoded.slice(0, separator);
  const id = decoded.slice(separator + 1);
  return /^[A-Za-z]{1,40}$/.test(type) && isUuid(id) ? { type, id } : null;
}

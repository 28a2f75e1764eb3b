import { isUuid } from '../shared/input-validation';

/**
 * Staff look users up by what they can paste: a whole email address or a user id. Both are served
 * by a unique index (`users_email_normalized_key`, the primary key). Names and email prefixes are
 * not searched: `users` has no index for them (a btree under the database's collation does not
 * serve `LIKE 'prefix%'`), so such a search would read the whole table.
 */

/** The shortest email the table allows (`length(email) between 3 and 254`). */
export const userSearchMinLength = 3;
/** The longest email the table allows; a global User id is far shorter. */
export const userSearchMaxLength = 254;
/** An exact match finds at most one user; the bound holds whatever the matching becomes. */
export const maxUserSearchResults = 20;

export type UserSearch =
  { kind: 'ID'; userId: string } | { kind: 'EMAIL'; email: string } | { kind: 'INVALID'; message: string };

/**
 * What a search names: an email (it has an `@`), a user id (a raw uuid, or what `userIdOf` reads
 * from a global id: the GraphQL layer's decoding), or nothing that can be looked up.
 */
export function parseUserSearch(search: string, userIdOf: (globalId: string) => string | null): UserSearch {
  const trimmed = search.trim();
  if (trimmed.length < userSearchMinLength || trimmed.length > userSearchMaxLength) {
    return {
      kind: 'INVALID',
      message: `Search with ${userSearchMinLength} to ${userSearchMaxLength} characters: a whole email address or a user id.`,
    };
  }
  if (trimmed.includes('@')) return { kind: 'EMAIL', email: trimmed };
  const rawId = trimmed.toLowerCase();
  const userId = isUuid(rawId) ? rawId : userIdOf(trimmed);
  if (userId) return { kind: 'ID', userId };
  return {
    kind: 'INVALID',
    message: 'Search by a whole email address or a user id; names and parts of emails are not searched.',
  };
}

import { globalIdType, isGlobalId, isRawId } from '../../ui/global-id';

/**
 * The `users` query finds a user by a whole email address or by their user id (names and parts of
 * emails are not searched: no index serves them). Its bounds (3 to 254 characters) are checked
 * here too, so a typo is caught before the request; the server's answer is still shown when it
 * refuses.
 */
export const userSearchMinLength = 3;
export const userSearchMaxLength = 254;

export function validateUserSearch(search: string): string | null {
  const trimmed = search.trim();
  if (trimmed.length < userSearchMinLength) return 'Enter an email address or a user id.';
  if (trimmed.length > userSearchMaxLength) {
    return `Emails are at most ${userSearchMaxLength} characters long.`;
  }
  if (trimmed.includes('@')) return null;
  const type = globalIdType(trimmed);
  if (type && type !== 'User') return `That is the id of ${articled(type)}, not of a user.`;
  if (isGlobalId(trimmed) || isRawId(trimmed)) return null;
  return 'Enter the whole email address (names are not searched) or a user id.';
}

/** "an order", "a dispute": the type a global id names, in words. */
function articled(type: string): string {
  const word = type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

import { isCurrency, isValidAmount, maxPostingAmount, supportedCurrencies } from '../domain/money';
import { isReadableLine, isReadableText } from '../shared/display-text';
import { userError, type UserErrorValue } from '../shared/user-error';
import { ListingStatus } from './catalog.enums';

/** Pure rules over listings: what a field may hold and which status changes exist. No I/O. */

export const titleMinLength = 3;
export const titleMaxLength = 120;
export const descriptionMaxLength = 5_000;
export const searchMaxLength = 100;

type FieldErrorCode = 'INVALID_TITLE' | 'INVALID_DESCRIPTION' | 'INVALID_PRICE';

export interface ListingFields {
  title?: string | null;
  description?: string | null;
  price?: number | null;
}

export interface CleanListingFields {
  title?: string;
  description?: string;
  price?: number;
}

/** Lengths are counted in characters (code points), as PostgreSQL's length() counts them. */
function characters(value: string): number {
  return [...value].length;
}

/** Checks the fields that are present; absent (undefined or null) fields are left out of `values`. */
export function validateListingFields(fields: ListingFields): {
  values: CleanListingFields;
  errors: UserErrorValue<FieldErrorCode>[];
} {
  const values: CleanListingFields = {};
  const errors: UserErrorValue<FieldErrorCode>[] = [];
  if (fields.title !== undefined && fields.title !== null) {
    const title = fields.title.trim();
    const length = characters(title);
    if (length < titleMinLength || length > titleMaxLength || !isReadableLine(title)) {
      errors.push(
        userError(
          'INVALID_TITLE',
          `Titles are ${titleMinLength} to ${titleMaxLength} characters on one line, without invisible or direction-changing characters.`,
          'title',
        ),
      );
    } else values.title = title;
  }
  if (fields.description !== undefined && fields.description !== null) {
    const description = fields.description.replace(/\r\n?/g, '\n').trim();
    if (characters(description) > descriptionMaxLength || !isReadableText(description)) {
      errors.push(
        userError(
          'INVALID_DESCRIPTION',
          `Descriptions are at most ${descriptionMaxLength} characters, without control, invisible or direction-changing characters.`,
          'description',
        ),
      );
    } else values.description = description;
  }
  if (fields.price !== undefined && fields.price !== null) {
    if (!isValidAmount(fields.price)) {
      errors.push(
        userError('INVALID_PRICE', `Prices are whole minor units from 1 to ${maxPostingAmount}.`, 'price'),
      );
    } else values.price = fields.price;
  }
  return { values, errors };
}

/** A listing's currency is set once, at creation. */
export function validateCurrency(currency: string): UserErrorValue<'UNSUPPORTED_CURRENCY'> | null {
  return isCurrency(currency)
    ? null
    : userError(
        'UNSUPPORTED_CURRENCY',
        `Listings are priced in ${supportedCurrencies.join(', ')}.`,
        'currency',
      );
}

export type StatusChange = 'ALLOWED' | 'ALREADY_IN_STATUS' | 'ARCHIVED';

/** ACTIVE <-> PAUSED, and either -> ARCHIVED, which is final. */
export function statusChange(from: ListingStatus, to: ListingStatus): StatusChange {
  if (from === ListingStatus.ARCHIVED)
    return to === ListingStatus.ARCHIVED ? 'ALREADY_IN_STATUS' : 'ARCHIVED';
  return from === to ? 'ALREADY_IN_STATUS' : 'ALLOWED';
}

/** A search term as a case-insensitive ILIKE pattern: `%`, `_` and `\` match themselves. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

import { formatMoney, parseMoneyInput } from '@codesale/client-shared';
import type {
  CreateListingInput,
  ListingKind,
  Platform,
  Region,
  SellerListingFragment,
  UpdateListingInput,
} from '../../gql/graphql';

/**
 * The listing form's values, checks and the inputs they become. The server checks the same rules
 * (server/src/catalog/catalog.rules.ts); checking here first only saves a round trip and puts the
 * message next to the field.
 */

export const titleMinLength = 3;
export const titleMaxLength = 120;
export const descriptionMaxLength = 5_000;
/** The largest amount one posting may carry (server/src/domain/money.ts maxPostingAmount), in minor units. */
export const maxPriceMinor = 100_000_000;

export interface ListingFormValues {
  title: string;
  description: string;
  kind: ListingKind;
  platform: Platform;
  region: Region;
  currency: string;
  /** As typed: "19.99". */
  price: string;
}

export const emptyListingForm: ListingFormValues = {
  title: '',
  description: '',
  kind: 'GAME_KEY',
  platform: 'STEAM',
  region: 'GLOBAL',
  currency: 'EUR',
  price: '',
};

/** Characters as a person counts them (code points), as the server does. */
function characterCount(text: string): number {
  return [...text].length;
}

export function formatPriceInput(amountMinor: number): string {
  return `${Math.floor(amountMinor / 100)}.${String(amountMinor % 100).padStart(2, '0')}`;
}

export function validateTitle(title: string): string | null {
  const length = characterCount(title.trim());
  if (length < titleMinLength || length > titleMaxLength) {
    return `A title is ${titleMinLength} to ${titleMaxLength} characters; this one has ${length}.`;
  }
  return null;
}

export function validateDescription(description: string): string | null {
  const length = characterCount(description.trim());
  return length > descriptionMaxLength
    ? `A description is at most ${descriptionMaxLength} characters; this one has ${length}.`
    : null;
}

export function validatePrice(price: string): string | null {
  const amount = parseMoneyInput(price);
  if (amount === null) return 'Enter a price such as 19.99.';
  if (amount < 1) return 'The price must be more than zero.';
  if (amount > maxPriceMinor) return `The price is at most ${formatPriceInput(maxPriceMinor)}.`;
  return null;
}

export const listingFormValidation = {
  title: validateTitle,
  description: validateDescription,
  price: validatePrice,
};

export function toCreateListingInput(values: ListingFormValues): CreateListingInput {
  const price = parseMoneyInput(values.price);
  if (price === null) throw new Error('toCreateListingInput called with an unchecked price');
  return {
    title: values.title.trim(),
    description: values.description.trim(),
    kind: values.kind,
    platform: values.platform,
    region: values.region,
    currency: values.currency,
    price,
  };
}

export function formValuesOf(listing: SellerListingFragment): ListingFormValues {
  return {
    title: listing.title,
    description: listing.description,
    kind: listing.kind,
    platform: listing.platform,
    region: listing.region,
    currency: listing.price.currency,
    price: formatPriceInput(listing.price.amount),
  };
}

/**
 * Only what the seller changed against the listing they started from, with that listing's version:
 * the server applies it only if nobody changed the listing since. Null when nothing changed. Kind
 * and currency are fixed for the life of a listing and never sent.
 */
export function toUpdateListingInput(
  listing: SellerListingFragment,
  values: ListingFormValues,
): UpdateListingInput | null {
  const changes: Omit<UpdateListingInput, 'listingId' | 'expectedVersion'> = {};
  const title = values.title.trim();
  const description = values.description.trim();
  const price = parseMoneyInput(values.price);
  if (title !== listing.title) changes.title = title;
  if (description !== listing.description) changes.description = description;
  if (values.platform !== listing.platform) changes.platform = values.platform;
  if (values.region !== listing.region) changes.region = values.region;
  if (price !== null && price !== listing.price.amount) changes.price = price;
  if (Object.keys(changes).length === 0) return null;
  return { listingId: listing.id, expectedVersion: listing.version, ...changes };
}

/** The fields where the seller's edit and the listing as it is now disagree (to show after a conflict). */
export function conflictingFields(
  values: ListingFormValues,
  fresh: SellerListingFragment,
): { field: keyof ListingFormValues; yours: string; current: string }[] {
  const current = formValuesOf(fresh);
  const fields: (keyof ListingFormValues)[] = ['title', 'description', 'platform', 'region', 'price'];
  const differs = (field: keyof ListingFormValues) =>
    field === 'price'
      ? parseMoneyInput(values.price) !== fresh.price.amount
      : values[field].trim() !== current[field].trim();
  return fields.filter(differs).map((field) => ({ field, yours: values[field], current: current[field] }));
}

/**
 * What the seller receives of a price after the platform's fee, as the server computes it (the fee
 * rounded down: server/src/domain/money.ts platformFee); null while the text is not a price.
 */
export function sellerShareOf(
  priceText: string,
  feeBasisPoints: number,
): { fee: number; net: number } | null {
  const amount = parseMoneyInput(priceText);
  if (amount === null || amount <= 0) return null;
  const fee = Math.floor((amount * feeBasisPoints) / 10_000);
  return { fee, net: amount - fee };
}

/** Basis points as a percentage people read: 500 is "5%", 250 is "2.5%". */
export function formatFeeRate(feeBasisPoints: number): string {
  return `${Number((feeBasisPoints / 100).toFixed(2))}%`;
}

/** The price field's help: what the buyer pays, and what reaches the seller once the sale completes. */
export function priceDescription(
  priceText: string,
  currency: string,
  feeBasisPoints: number | undefined,
): string {
  const pays = 'What the buyer pays for one code.';
  if (feeBasisPoints === undefined) return pays;
  const rate = formatFeeRate(feeBasisPoints);
  const share = sellerShareOf(priceText, feeBasisPoints);
  if (!share) return `${pays} The platform keeps ${rate} of it when a sale completes.`;
  return `${pays} You receive ${formatMoney({ amount: share.net, currency })} after the platform's ${rate} fee (${formatMoney({ amount: share.fee, currency })}).`;
}

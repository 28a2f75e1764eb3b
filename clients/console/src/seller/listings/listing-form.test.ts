import type { SellerListingFragment } from '../../gql/graphql';
import {
  conflictingFields,
  emptyListingForm,
  formatFeeRate,
  formatPriceInput,
  formValuesOf,
  priceDescription,
  sellerShareOf,
  toCreateListingInput,
  toUpdateListingInput,
  validateDescription,
  validatePrice,
  validateTitle,
} from './listing-form';

const listing: SellerListingFragment = {
  id: 'TGlzdGluZzox',
  title: 'Hollow Knight',
  description: 'Steam key, global',
  kind: 'GAME_KEY',
  platform: 'STEAM',
  region: 'GLOBAL',
  price: { amount: 1499, currency: 'EUR' },
  status: 'ACTIVE',
  stock: 12,
  version: 4,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
  images: [],
};

describe('listing form checks', () => {
  it('counts a title in characters after trimming, as the server does', () => {
    expect(validateTitle('  ab  ')).toBe('A title is 3 to 120 characters; this one has 2.');
    expect(validateTitle('ééé')).toBeNull();
    expect(validateTitle('😀😀')).toContain('this one has 2');
    expect(validateTitle('x'.repeat(121))).toContain('this one has 121');
  });

  it('bounds the description', () => {
    expect(validateDescription('x'.repeat(5_000))).toBeNull();
    expect(validateDescription('x'.repeat(5_001))).toContain('at most 5000');
  });

  it('takes a price as typed, refuses zero, nonsense and amounts over the posting limit', () => {
    expect(validatePrice('19.99')).toBeNull();
    expect(validatePrice('19,9')).toBeNull();
    expect(validatePrice('0')).toBe('The price must be more than zero.');
    expect(validatePrice('12.345')).toBe('Enter a price such as 19.99.');
    expect(validatePrice('-3')).toBe('Enter a price such as 19.99.');
    expect(validatePrice('1000000.00')).toBeNull();
    expect(validatePrice('1000000.01')).toBe('The price is at most 1000000.00.');
  });

  it('writes minor units back as typed text without floats', () => {
    expect(formatPriceInput(1499)).toBe('14.99');
    expect(formatPriceInput(5)).toBe('0.05');
    expect(formatPriceInput(100_000_000)).toBe('1000000.00');
  });
});

describe('toCreateListingInput', () => {
  it('trims text and sends the price in minor units', () => {
    expect(
      toCreateListingInput({ ...emptyListingForm, title: '  Celeste ', description: ' key ', price: '9,5' }),
    ).toEqual({
      title: 'Celeste',
      description: 'key',
      kind: 'GAME_KEY',
      platform: 'STEAM',
      region: 'GLOBAL',
      currency: 'EUR',
      price: 950,
    });
  });
});

describe('toUpdateListingInput', () => {
  it('given nothing changed (whitespace aside), then there is nothing to send', () => {
    expect(toUpdateListingInput(listing, { ...formValuesOf(listing), title: ' Hollow Knight ' })).toBeNull();
    expect(toUpdateListingInput(listing, { ...formValuesOf(listing), price: '14.990' })).toBeNull();
  });

  it('given some fields changed, then only those go, with the version the edit started from', () => {
    expect(toUpdateListingInput(listing, { ...formValuesOf(listing), price: '12', region: 'EU' })).toEqual({
      listingId: listing.id,
      expectedVersion: 4,
      price: 1200,
      region: 'EU',
    });
  });

  it('never sends kind or currency, which are fixed for the life of a listing', () => {
    const input = toUpdateListingInput(listing, {
      ...formValuesOf(listing),
      kind: 'GIFT_CARD',
      currency: 'USD',
    });
    expect(input).toBeNull();
  });
});

describe('conflictingFields', () => {
  it('lists where the edit and the fresh listing differ, comparing prices as amounts', () => {
    const fresh = {
      ...listing,
      title: 'Hollow Knight (GOTY)',
      price: { ...listing.price, amount: 1299 },
      version: 5,
    };
    const edit = { ...formValuesOf(listing), price: '12.99', description: 'Steam key, worldwide' };
    expect(conflictingFields(edit, fresh)).toEqual([
      { field: 'title', yours: 'Hollow Knight', current: 'Hollow Knight (GOTY)' },
      { field: 'description', yours: 'Steam key, worldwide', current: 'Steam key, global' },
    ]);
  });
});

describe("the seller's share of a price", () => {
  it('keeps the fee rounded down, as the server does, so the seller never loses a rounding cent', () => {
    expect(sellerShareOf('19.99', 500)).toEqual({ fee: 99, net: 1900 });
    expect(sellerShareOf('12,50', 500)).toEqual({ fee: 62, net: 1188 });
    expect(sellerShareOf('0.19', 500)).toEqual({ fee: 0, net: 19 });
    expect(sellerShareOf('10', 0)).toEqual({ fee: 0, net: 1000 });
  });

  it('is nothing while the text is not a price', () => {
    expect(sellerShareOf('', 500)).toBeNull();
    expect(sellerShareOf('abc', 500)).toBeNull();
    expect(sellerShareOf('0', 500)).toBeNull();
  });

  it('reads the rate as people do', () => {
    expect(formatFeeRate(500)).toBe('5%');
    expect(formatFeeRate(250)).toBe('2.5%');
    expect(formatFeeRate(1234)).toBe('12.34%');
  });

  it('says what reaches the seller next to the price, and only what the buyer pays until the fee is known', () => {
    expect(priceDescription('12.50', 'EUR', 500)).toBe(
      "What the buyer pays for one code. You receive €11.88 after the platform's 5% fee (€0.62).",
    );
    expect(priceDescription('', 'EUR', 500)).toBe(
      'What the buyer pays for one code. The platform keeps 5% of it when a sale completes.',
    );
    expect(priceDescription('12.50', 'EUR', undefined)).toBe('What the buyer pays for one code.');
  });
});

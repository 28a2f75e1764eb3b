import type { ListingKind, ListingSort, Platform, Region, SellerBadge } from '../gql/graphql';

/** Words for the API's enums. Records over the generated unions: a new enum value fails the build here. */
export const platformLabels: Record<Platform, string> = {
  APPLE: 'Apple',
  BATTLE_NET: 'Battle.net',
  EA_APP: 'EA app',
  EPIC: 'Epic Games',
  GOG: 'GOG',
  GOOGLE_PLAY: 'Google Play',
  MICROSOFT: 'Microsoft',
  NINTENDO: 'Nintendo',
  OTHER: 'Other',
  PLAYSTATION: 'PlayStation',
  ROCKSTAR: 'Rockstar',
  STEAM: 'Steam',
  UBISOFT_CONNECT: 'Ubisoft Connect',
  XBOX: 'Xbox',
};

export const regionLabels: Record<Region, string> = {
  GLOBAL: 'Global',
  EU: 'Europe',
  UK: 'United Kingdom',
  US: 'United States',
  NA: 'North America',
  LATAM: 'Latin America',
  ASIA: 'Asia',
  MENA: 'Middle East & North Africa',
  OCEANIA: 'Oceania',
};

export const kindLabels: Record<ListingKind, string> = {
  GAME_KEY: 'Game key',
  GIFT_CARD: 'Gift card',
  SOFTWARE_LICENSE: 'Software licence',
  SUBSCRIPTION: 'Subscription',
};

export const sortLabels: Record<ListingSort, string> = {
  NEWEST: 'Newest first',
  PRICE_ASC: 'Price: low to high',
  PRICE_DESC: 'Price: high to low',
};

/** The currencies CodeSale trades in (server/src/domain/money.ts). */
export const currencies = ['EUR', 'USD', 'GBP'] as const;

/** Seller.badge (NEW | ESTABLISHED | TRUSTED): what each tier means to a buyer. */
export const sellerBadgeLabels: Record<SellerBadge, { label: string; description: string; color: string }> = {
  NEW: { label: 'New seller', description: 'Sold to fewer than 5 different buyers', color: 'gray' },
  ESTABLISHED: {
    label: 'Established seller',
    description: 'Sold to 5 or more different buyers',
    color: 'blue',
  },
  TRUSTED: {
    label: 'Trusted seller',
    description: 'Sold to 50 or more different buyers, in good standing with CodeSale',
    color: 'teal',
  },
};

export function isOneOf<T extends string>(labels: Record<T, string>, value: string | undefined): value is T {
  return value !== undefined && Object.prototype.hasOwnProperty.call(labels, value);
}

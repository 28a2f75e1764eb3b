import type { ListingKind, ListingStatus, Platform, Region } from '../../gql/graphql';

/** Words for the schema's enums, and the option lists the forms offer (every value, in reading order). */

export const listingKindLabels: Record<ListingKind, string> = {
  GAME_KEY: 'Game key',
  GIFT_CARD: 'Gift card',
  SOFTWARE_LICENSE: 'Software licence',
  SUBSCRIPTION: 'Subscription',
};

export const platformLabels: Record<Platform, string> = {
  STEAM: 'Steam',
  EPIC: 'Epic Games',
  GOG: 'GOG',
  EA_APP: 'EA app',
  UBISOFT_CONNECT: 'Ubisoft Connect',
  BATTLE_NET: 'Battle.net',
  ROCKSTAR: 'Rockstar',
  XBOX: 'Xbox',
  PLAYSTATION: 'PlayStation',
  NINTENDO: 'Nintendo',
  MICROSOFT: 'Microsoft',
  APPLE: 'Apple',
  GOOGLE_PLAY: 'Google Play',
  OTHER: 'Other',
};

export const regionLabels: Record<Region, string> = {
  GLOBAL: 'Global',
  EU: 'Europe',
  UK: 'United Kingdom',
  US: 'United States',
  NA: 'North America',
  LATAM: 'Latin America',
  ASIA: 'Asia',
  OCEANIA: 'Oceania',
  MENA: 'Middle East and North Africa',
};

export const listingStatusLabels: Record<ListingStatus, string> = {
  ACTIVE: 'Active',
  PAUSED: 'Paused',
  ARCHIVED: 'Archived',
};

export const listingStatusColors: Record<ListingStatus, string> = {
  ACTIVE: 'green',
  PAUSED: 'yellow',
  ARCHIVED: 'gray',
};

/** The currencies CodeSale trades in (server/src/domain/money.ts). */
export const listingCurrencies = ['EUR', 'USD', 'GBP'] as const;

export function optionsOf<Value extends string>(
  labels: Record<Value, string>,
): { value: Value; label: string }[] {
  return (Object.keys(labels) as Value[]).map((value) => ({ value, label: labels[value] }));
}

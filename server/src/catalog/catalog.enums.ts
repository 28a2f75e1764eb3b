import { registerEnumType } from 'type-graphql';

/** Where a code is redeemed. The database enum listing_platform holds the same values. */
export enum Platform {
  STEAM = 'STEAM',
  EPIC = 'EPIC',
  GOG = 'GOG',
  BATTLE_NET = 'BATTLE_NET',
  EA_APP = 'EA_APP',
  UBISOFT_CONNECT = 'UBISOFT_CONNECT',
  ROCKSTAR = 'ROCKSTAR',
  PLAYSTATION = 'PLAYSTATION',
  XBOX = 'XBOX',
  NINTENDO = 'NINTENDO',
  MICROSOFT = 'MICROSOFT',
  APPLE = 'APPLE',
  GOOGLE_PLAY = 'GOOGLE_PLAY',
  OTHER = 'OTHER',
}
registerEnumType(Platform, { name: 'Platform', description: 'Where a code is redeemed.' });

/** Where a code may be redeemed. */
export enum Region {
  GLOBAL = 'GLOBAL',
  EU = 'EU',
  UK = 'UK',
  NA = 'NA',
  US = 'US',
  LATAM = 'LATAM',
  ASIA = 'ASIA',
  MENA = 'MENA',
  OCEANIA = 'OCEANIA',
}
registerEnumType(Region, {
  name: 'Region',
  description: 'Where a code may be redeemed. NA is North America; MENA is the Middle East and North Africa.',
});

export enum ListingKind {
  GAME_KEY = 'GAME_KEY',
  GIFT_CARD = 'GIFT_CARD',
  SOFTWARE_LICENSE = 'SOFTWARE_LICENSE',
  SUBSCRIPTION = 'SUBSCRIPTION',
}
registerEnumType(ListingKind, { name: 'ListingKind' });

export enum ListingStatus {
  ACTIVE = 'ACTIVE',
  PAUSED = 'PAUSED',
  ARCHIVED = 'ARCHIVED',
}
registerEnumType(ListingStatus, {
  name: 'ListingStatus',
  description:
    'ACTIVE listings with stock are on sale; PAUSED ones are hidden until activated; ARCHIVED is final.',
});

export enum CodeStatus {
  AVAILABLE = 'AVAILABLE',
  RESERVED = 'RESERVED',
  SOLD = 'SOLD',
  REMOVED = 'REMOVED',
}

export enum ListingSort {
  NEWEST = 'NEWEST',
  PRICE_ASC = 'PRICE_ASC',
  PRICE_DESC = 'PRICE_DESC',
}
registerEnumType(ListingSort, { name: 'ListingSort' });

/** Why a line of an addCodes call was not stored. */
export enum CodeLineStatus {
  DUPLICATE = 'DUPLICATE',
  INVALID = 'INVALID',
}
registerEnumType(CodeLineStatus, {
  name: 'CodeLineStatus',
  valuesConfig: {
    DUPLICATE: {
      description: 'The code is already on CodeSale (earlier, or on an earlier line of this call).',
    },
    INVALID: { description: 'The line is not a code: empty, too long, or not printable ASCII.' },
  },
});

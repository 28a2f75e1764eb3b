import {
  bigint,
  char,
  customType,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { CodeStatus, ListingKind, ListingStatus, Platform, Region } from './catalog.enums';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

export const listingPlatform = pgEnum('listing_platform', Platform);
export const listingRegion = pgEnum('listing_region', Region);
export const listingKind = pgEnum('listing_kind', ListingKind);
export const listingStatus = pgEnum('listing_status', ListingStatus);
export const codeStatus = pgEnum('code_status', CodeStatus);

export const listings = pgTable('listings', {
  id: uuid('id').primaryKey().defaultRandom(),
  sellerId: uuid('seller_id').notNull(),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  platform: listingPlatform('platform').notNull(),
  region: listingRegion('region').notNull(),
  kind: listingKind('kind').notNull(),
  priceAmount: bigint('price_amount', { mode: 'number' }).notNull(),
  currency: char('currency', { length: 3 }).notNull(),
  status: listingStatus('status').notNull().default(ListingStatus.ACTIVE),
  /** Maintained by database triggers on codes; never written by the application. */
  availableStock: integer('available_stock').notNull().default(0),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  archivedAt: timestamp('archived_at', { withTimezone: true }),
});

/** migrations/0036_terms_at_purchase.sql: a listing's terms at a version a seller's edit replaced. Append-only. */
export const listingRevisions = pgTable('listing_revisions', {
  listingId: uuid('listing_id').notNull(),
  version: integer('version').notNull(),
  title: text('title').notNull(),
  description: text('description').notNull(),
  platform: listingPlatform('platform').notNull(),
  region: listingRegion('region').notNull(),
  kind: listingKind('kind').notNull(),
  priceAmount: bigint('price_amount', { mode: 'number' }).notNull(),
  currency: char('currency', { length: 3 }).notNull(),
  replacedAt: timestamp('replaced_at', { withTimezone: true }).notNull(),
});

export const listingImageDriver = pgEnum('listing_image_driver', ['local', 'imagekit']);

/** migrations/0011_listing_images.sql: one image of one listing (or an upload not attached yet). */
export const listingImages = pgTable('listing_images', {
  id: uuid('id').primaryKey(),
  listingId: uuid('listing_id'),
  sellerId: uuid('seller_id').notNull(),
  position: integer('position'),
  width: integer('width').notNull(),
  height: integer('height').notNull(),
  contentType: text('content_type').notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  storageDriver: listingImageDriver('storage_driver').notNull(),
  storageKey: text('storage_key').notNull(),
  contentSha256: char('content_sha256', { length: 64 }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  attachedAt: timestamp('attached_at', { withTimezone: true }),
});

export const codes = pgTable('codes', {
  id: uuid('id').primaryKey(),
  listingId: uuid('listing_id').notNull(),
  sellerId: uuid('seller_id').notNull(),
  fingerprint: bytea('fingerprint').notNull().unique(),
  keyId: text('key_id').notNull(),
  iv: bytea('iv').notNull(),
  ciphertext: bytea('ciphertext').notNull(),
  authTag: bytea('auth_tag').notNull(),
  status: codeStatus('status').notNull().default(CodeStatus.AVAILABLE),
  orderId: uuid('order_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  soldAt: timestamp('sold_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

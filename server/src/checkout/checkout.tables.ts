import { getTableColumns, sql } from 'drizzle-orm';
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

export const escrowStatus = pgEnum('escrow_status', ['HELD', 'RELEASED', 'REFUNDED']);

export const orders = pgTable('orders', {
  id: uuid('id').primaryKey(),
  buyerId: uuid('buyer_id').notNull(),
  sellerId: uuid('seller_id').notNull(),
  listingId: uuid('listing_id').notNull(),
  /** The listing's version the order was sold at (its terms: catalog.queries termsOfListingAt); null before 0036. */
  listingVersion: integer('listing_version'),
  codeId: uuid('code_id').notNull().unique(),
  priceAmount: bigint('price_amount', { mode: 'number' }).notNull(),
  currency: char('currency', { length: 3 }).notNull(),
  feeBasisPoints: integer('fee_basis_points').notNull(),
  escrowStatus: escrowStatus('escrow_status').notNull().default('HELD'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  protectionEndsAt: timestamp('protection_ends_at', { withTimezone: true }).notNull(),
  codeRevealedAt: timestamp('code_revealed_at', { withTimezone: true }),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  releasedAt: timestamp('released_at', { withTimezone: true }),
  refundedAt: timestamp('refunded_at', { withTimezone: true }),
  payoutEligibleAt: timestamp('payout_eligible_at', { withTimezone: true }),
  settledBy: text('settled_by').$type<'BUYER_CONFIRMATION' | 'AUTO_RELEASE' | 'ADMIN'>(),
  idempotencyKey: text('idempotency_key').notNull(),
  requestHash: customType<{ data: Buffer }>({ dataType: () => 'bytea' })('request_hash').notNull(),
});

/**
 * `orders`' columns under their row names (`buyer_id as "buyerId"`, ...), for the SELECT and
 * RETURNING lists of named prepared statements, whose rows node-postgres returns as they come.
 */
export const orderRowColumns = sql.join(
  Object.entries(getTableColumns(orders)).map(
    ([key, column]) => sql`${sql.identifier(column.name)} as ${sql.identifier(key)}`,
  ),
  sql`, `,
);

export const codeReveals = pgTable('code_reveals', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  orderId: uuid('order_id').notNull(),
  userId: uuid('user_id').notNull(),
  revealedAt: timestamp('revealed_at', { withTimezone: true }).notNull().defaultNow(),
  requestId: text('request_id'),
  address: text('address'),
  userAgent: text('user_agent'),
});

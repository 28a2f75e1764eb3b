import { bigint, boolean, char, jsonb, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** The wallet area's tables (migrations/0004_wallet.sql, and 0009 for write-offs). TopUpService (top_ups), WalletService (wallets, wallet_status_changes), ChargebackService (chargebacks), ChargebackWriteOffService (chargeback_write_offs) and StripeEventService (stripe_events) are their only writers. */

export const topUpStatus = pgEnum('top_up_status', ['PENDING', 'SUCCEEDED', 'FAILED', 'CANCELED']);
export const walletStatus = pgEnum('wallet_status', ['ACTIVE', 'WALLET_AT_RISK']);
export const chargebackStatus = pgEnum('chargeback_status', ['OPEN', 'WON', 'LOST']);

export const topUps = pgTable('top_ups', {
  id: uuid('id').primaryKey().defaultRandom(),
  buyerId: uuid('buyer_id').notNull(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  currency: char('currency', { length: 3 }).notNull(),
  status: topUpStatus('status').notNull().default('PENDING'),
  idempotencyKey: text('idempotency_key').notNull(),
  inputHash: text('input_hash').notNull(),
  stripePaymentIntentId: text('stripe_payment_intent_id'),
  failureCode: text('failure_code'),
  succeededAt: timestamp('succeeded_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const stripeEvents = pgTable('stripe_events', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  livemode: boolean('livemode').notNull(),
  /** The connected account of a Connect event (`account`), null for the platform's own events. */
  account: text('account'),
  stripeCreatedAt: timestamp('stripe_created_at', { withTimezone: true }).notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  processedAt: timestamp('processed_at', { withTimezone: true }),
  outcome: text('outcome'),
});

export const wallets = pgTable('wallets', {
  id: uuid('id').primaryKey().defaultRandom(),
  buyerId: uuid('buyer_id').notNull(),
  currency: char('currency', { length: 3 }).notNull(),
  status: walletStatus('status').notNull().default('ACTIVE'),
  flaggedReason: text('flagged_reason'),
  flaggedAt: timestamp('flagged_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const walletStatusChanges = pgTable('wallet_status_changes', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  walletId: uuid('wallet_id').notNull(),
  fromStatus: walletStatus('from_status').notNull(),
  toStatus: walletStatus('to_status').notNull(),
  reason: text('reason').notNull(),
  actorUserId: uuid('actor_user_id'),
  stripeDisputeId: text('stripe_dispute_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const chargebacks = pgTable('chargebacks', {
  id: uuid('id').primaryKey().defaultRandom(),
  stripeDisputeId: text('stripe_dispute_id').notNull(),
  topUpId: uuid('top_up_id').notNull(),
  buyerId: uuid('buyer_id').notNull(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  currency: char('currency', { length: 3 }).notNull(),
  reason: text('reason').notNull(),
  status: chargebackStatus('status').notNull().default('OPEN'),
  openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
  closedAt: timestamp('closed_at', { withTimezone: true }),
});

/** Lost chargebacks' wallet deficits written off by an admin (migrations/0009_payouts.sql); append-only, one per chargeback. ChargebackWriteOffService is the only writer. */
export const chargebackWriteOffs = pgTable('chargeback_write_offs', {
  chargebackId: uuid('chargeback_id').primaryKey(),
  buyerId: uuid('buyer_id').notNull(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  currency: char('currency', { length: 3 }).notNull(),
  reason: text('reason').notNull(),
  writtenOffBy: uuid('written_off_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

import { bigint, char, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const ledgerAccountKind = pgEnum('ledger_account_kind', [
  'BUYER_WALLET',
  'ESCROW',
  'SELLER_EARNINGS',
  'PLATFORM_FEES',
  'STRIPE_CLEARING',
  'PAYOUTS_IN_TRANSIT',
  'CHARGEBACK_LOSSES',
]);

export const ledgerAccounts = pgTable('ledger_accounts', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: ledgerAccountKind('kind').notNull(),
  currency: char('currency', { length: 3 }).notNull(),
  ownerUserId: uuid('owner_user_id'),
  orderId: uuid('order_id'),
  balance: bigint('balance', { mode: 'number' }).notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const ledgerTransactions = pgTable('ledger_transactions', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind').notNull(),
  idempotencyKey: text('idempotency_key').notNull().unique(),
  orderId: uuid('order_id'),
  topUpId: uuid('top_up_id'),
  payoutId: uuid('payout_id'),
  description: text('description'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const ledgerEntries = pgTable('ledger_entries', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  transactionId: uuid('transaction_id').notNull(),
  accountId: uuid('account_id').notNull(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  currency: char('currency', { length: 3 }).notNull(),
  balanceAfter: bigint('balance_after', { mode: 'number' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

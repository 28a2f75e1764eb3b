import {
  bigint,
  boolean,
  char,
  customType,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The payouts area's tables (migrations/0009_payouts.sql). PayoutAccountService writes
 * payout_accounts and connect_bank_payouts; PayoutEligibilityService the open states of
 * payout_orders and payout_holds; WithdrawalDomainService and WithdrawalExecutionService
 * withdrawals; PayoutService payouts and the ALLOCATED/PAID states; PayoutReconciliationService
 * payout_reconciliations.
 */

export const payoutAccountStatus = pgEnum('payout_account_status', [
  'NOT_STARTED',
  'PENDING_VERIFICATION',
  'RESTRICTED',
  'ENABLED',
  'DISCONNECTED',
]);
export const withdrawalState = pgEnum('withdrawal_state', [
  'REQUESTED',
  'EXECUTING',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
]);
export const payoutState = pgEnum('payout_state', ['PENDING', 'PAID', 'FAILED']);
export const payoutOrderState = pgEnum('payout_order_state', [
  'HELD',
  'ELIGIBLE',
  'ALLOCATED',
  'PAID',
  'BLOCKED',
]);

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

export const payoutAccounts = pgTable('payout_accounts', {
  sellerId: uuid('seller_id').primaryKey(),
  stripeAccountId: text('stripe_account_id').notNull().unique(),
  status: payoutAccountStatus('status').notNull().default('NOT_STARTED'),
  payoutsEnabled: boolean('payouts_enabled').notNull().default(false),
  transfersActive: boolean('transfers_active').notNull().default(false),
  detailsSubmitted: boolean('details_submitted').notNull().default(false),
  currentlyDue: text('currently_due').array().notNull().default([]),
  pastDue: text('past_due').array().notNull().default([]),
  pendingVerification: text('pending_verification').array().notNull().default([]),
  disabledReason: text('disabled_reason'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const payoutHolds = pgTable('payout_holds', {
  id: uuid('id').primaryKey(),
  sellerId: uuid('seller_id').notNull(),
  reason: text('reason').notNull(),
  setBy: uuid('set_by').notNull(),
  setAt: timestamp('set_at', { withTimezone: true }).notNull().defaultNow(),
  liftedBy: uuid('lifted_by'),
  liftedAt: timestamp('lifted_at', { withTimezone: true }),
  liftReason: text('lift_reason'),
});

export const withdrawals = pgTable('withdrawals', {
  id: uuid('id').primaryKey(),
  sellerId: uuid('seller_id').notNull(),
  currency: char('currency', { length: 3 }).notNull(),
  requestedAmount: bigint('requested_amount', { mode: 'number' }).notNull(),
  payableAmount: bigint('payable_amount', { mode: 'number' }).notNull(),
  orderCount: integer('order_count').notNull(),
  state: withdrawalState('state').notNull().default('REQUESTED'),
  failureCode: text('failure_code'),
  failureMessage: text('failure_message'),
  idempotencyKey: text('idempotency_key').notNull(),
  requestHash: bytea('request_hash').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const payouts = pgTable('payouts', {
  id: uuid('id').primaryKey(),
  sellerId: uuid('seller_id').notNull(),
  stripeAccountId: text('stripe_account_id').notNull(),
  currency: char('currency', { length: 3 }).notNull(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  orderCount: integer('order_count').notNull(),
  source: text('source').$type<'WITHDRAWAL' | 'SWEEP'>().notNull(),
  withdrawalId: uuid('withdrawal_id'),
  state: payoutState('state').notNull().default('PENDING'),
  stripeTransferId: text('stripe_transfer_id'),
  transferAttempts: integer('transfer_attempts').notNull().default(0),
  lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
  /** Until when a send of its transfer may still be in flight (migration 0028). */
  sendingUntil: timestamp('sending_until', { withTimezone: true }),
  lastError: text('last_error'),
  failureCode: text('failure_code'),
  failureMessage: text('failure_message'),
  reversedAmount: bigint('reversed_amount', { mode: 'number' }).notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  paidAt: timestamp('paid_at', { withTimezone: true }),
  failedAt: timestamp('failed_at', { withTimezone: true }),
});

export const payoutOrders = pgTable('payout_orders', {
  orderId: uuid('order_id').primaryKey(),
  sellerId: uuid('seller_id').notNull(),
  currency: char('currency', { length: 3 }).notNull(),
  netAmount: bigint('net_amount', { mode: 'number' }).notNull(),
  releasedAt: timestamp('released_at', { withTimezone: true }).notNull(),
  eligibleFrom: timestamp('eligible_from', { withTimezone: true }).notNull(),
  state: payoutOrderState('state').notNull().default('HELD'),
  blockedReason: text('blocked_reason'),
  payoutId: uuid('payout_id'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const connectBankPayouts = pgTable('connect_bank_payouts', {
  stripePayoutId: text('stripe_payout_id').primaryKey(),
  id: uuid('id').notNull().defaultRandom(),
  sellerId: uuid('seller_id'),
  stripeAccountId: text('stripe_account_id').notNull(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  currency: char('currency', { length: 3 }).notNull(),
  status: text('status').notNull(),
  failureCode: text('failure_code'),
  failureMessage: text('failure_message'),
  arrivalDate: timestamp('arrival_date', { withTimezone: true }),
  stripeEventCreated: bigint('stripe_event_created', { mode: 'number' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const payoutReconciliations = pgTable('payout_reconciliations', {
  id: uuid('id').primaryKey(),
  trigger: text('trigger').$type<'SCHEDULE' | 'COMMAND' | 'ADMIN'>().notNull(),
  requestedBy: uuid('requested_by'),
  stripeApi: text('stripe_api').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true }).notNull(),
  transfersChecked: integer('transfers_checked').notNull(),
  payoutsChecked: integer('payouts_checked').notNull(),
  discrepancyCount: integer('discrepancy_count').notNull(),
  discrepancies: jsonb('discrepancies').$type<unknown[]>().notNull(),
});

import {
  bigint,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { riskRoles, riskTiers, type RiskFactor } from '../domain/risk-scoring';

/** The risk area's tables (migrations/0007_risk.sql). RiskService and RiskOverrideService are their only writers. */

export const riskRole = pgEnum('risk_role', riskRoles);
export const riskTier = pgEnum('risk_tier', riskTiers);
export const riskTierChangeCauses = [
  'RECOMPUTE',
  'OVERRIDE_SET',
  'OVERRIDE_CLEARED',
  'OVERRIDE_EXPIRED',
] as const;
export type RiskTierChangeCause = (typeof riskTierChangeCauses)[number];
export const riskTierChangeCause = pgEnum('risk_tier_change_cause', riskTierChangeCauses);

export const riskSnapshots = pgTable('risk_snapshots', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  role: riskRole('role').notNull(),
  /** Canonical JSON of the PartyHistory, exactly the bytes hashed. */
  history: text('history').notNull(),
  historySha256: text('history_sha256').notNull(),
  scoringVersion: integer('scoring_version').notNull(),
  score: integer('score').notNull(),
  factors: jsonb('factors').$type<RiskFactor[]>().notNull(),
  reason: text('reason').notNull(),
  collectedAt: timestamp('collected_at', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const riskProfiles = pgTable(
  'risk_profiles',
  {
    userId: uuid('user_id').notNull(),
    role: riskRole('role').notNull(),
    tier: riskTier('tier').notNull().default('NORMAL'),
    score: integer('score').notNull().default(0),
    snapshotId: uuid('snapshot_id'),
    scoringVersion: integer('scoring_version'),
    overrideTier: riskTier('override_tier'),
    overrideReason: text('override_reason'),
    overrideExpiresAt: timestamp('override_expires_at', { withTimezone: true }),
    overrideSetBy: uuid('override_set_by'),
    overrideSetAt: timestamp('override_set_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.role] })],
);

export const riskTierChanges = pgTable('risk_tier_changes', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  role: riskRole('role').notNull(),
  cause: riskTierChangeCause('cause').notNull(),
  fromTier: riskTier('from_tier').notNull(),
  toTier: riskTier('to_tier').notNull(),
  effectiveTier: riskTier('effective_tier').notNull(),
  score: integer('score').notNull(),
  factors: jsonb('factors').$type<RiskFactor[]>().notNull(),
  scoringVersion: integer('scoring_version'),
  snapshotId: uuid('snapshot_id'),
  reason: text('reason').notNull(),
  actorUserId: uuid('actor_user_id'),
  overrideExpiresAt: timestamp('override_expires_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

/**
 * Users whose score must be computed again (migrations/0015_risk_recompute_requests.sql): written by
 * enqueueRiskRecompute in the transaction of the fact, drained by RiskService. One row per user.
 */
export const riskRecomputeRequests = pgTable('risk_recompute_requests', {
  userId: uuid('user_id').primaryKey(),
  reason: text('reason').notNull(),
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
  version: bigint('version', { mode: 'number' }).notNull().default(1),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
});

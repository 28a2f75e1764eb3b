import { and, desc, eq, inArray, lt, or, sql, type AnyColumn, type SQL, type SQLWrapper } from 'drizzle-orm';
import { userStanding } from '../auth/auth.queries';
import type { Database } from '../db/pool';
import type { Tx } from '../db/transaction';
import type { RiskFactor, RiskRole, RiskTier } from '../domain/risk-scoring';
import type { KeysetCursor } from '../shared/keyset-cursor';
import { assert } from '../shared/assert';
import { riskProfiles, riskSnapshots, riskTierChanges } from './risk.tables';

/**
 * The risk area's published reads: SQL that other areas embed in their own queries for the
 * enforcement checks (catalog visibility, payout eligibility), and the profile and tier history
 * staff read (risk.resolver.ts). Only RiskService and RiskOverrideService write these tables.
 */

type Executor = Database | Tx;

/** The tier in force now (the override until it expires, the computed tier otherwise), per profile row. */
export const effectiveTierSql = sql`risk_effective_tier(${riskProfiles.tier}, ${riskProfiles.overrideTier}, ${riskProfiles.overrideExpiresAt}, now())`;

/**
 * True when the seller in `sellerId` may not sell: their SELLER tier is RESTRICTED or worse, or
 * they are BANNED in any role. The catalog adds it to visibleSellerCondition(), which both
 * browsing and the checkout's listingForPurchase read.
 */
export function sellerHiddenCondition(sellerId: AnyColumn | SQL): SQL {
  return sql`exists (select 1 from ${riskProfiles} where ${riskProfiles.userId} = ${sellerId} and (
    (${riskProfiles.role} = 'SELLER' and ${effectiveTierSql} >= 'RESTRICTED') or ${effectiveTierSql} = 'BANNED'))`;
}

/**
 * True when the user in `buyerId` may not buy: their BUYER tier is RESTRICTED or worse, or they are
 * BANNED as a SELLER (a user never scored is NORMAL). RiskEnforcementService.buyerRefusal asks it,
 * and the checkout embeds it in its one read of a purchase (checkout/purchase-statements.ts).
 */
export function buyerBlockedCondition(buyerId: SQLWrapper): SQL {
  return sql`exists (select 1 from ${riskProfiles} where ${riskProfiles.userId} = ${buyerId} and (
    (${riskProfiles.role} = 'BUYER' and ${effectiveTierSql} >= 'RESTRICTED') or
    (${riskProfiles.role} = 'SELLER' and ${effectiveTierSql} = 'BANNED')))`;
}

/**
 * Of `sellerIds`, those whose SELLER tier in force is not NORMAL, or who are BANNED in any role
 * (a seller never scored is NORMAL). For the public seller badge, which says only TRUSTED or not:
 * the tier itself is never shown to buyers.
 */
export async function sellersNotInNormalStanding(
  executor: Executor,
  sellerIds: readonly string[],
): Promise<Set<string>> {
  if (sellerIds.length === 0) return new Set();
  const rows = await executor
    .selectDistinct({ userId: riskProfiles.userId })
    .from(riskProfiles)
    .where(
      and(
        inArray(riskProfiles.userId, [...sellerIds]),
        sql`((${riskProfiles.role} = 'SELLER' and ${effectiveTierSql} <> 'NORMAL') or ${effectiveTierSql} = 'BANNED')`,
      ),
    );
  return new Set(rows.map((row) => row.userId));
}

/** Payouts are held for a seller whose SELLER tier is AT_RISK or worse, or who is BANNED in any role. */
function payoutsHeldCondition(): SQL {
  return sql`((${riskProfiles.role} = 'SELLER' and ${effectiveTierSql} >= 'AT_RISK') or ${effectiveTierSql} = 'BANNED')`;
}

/** Of `sellerIds`, those whose payouts are held now. */
export async function sellersWithPayoutsHeld(
  executor: Executor,
  sellerIds: readonly string[],
): Promise<Set<string>> {
  if (sellerIds.length === 0) return new Set();
  const rows = await executor
    .selectDistinct({ userId: riskProfiles.userId })
    .from(riskProfiles)
    .where(and(inArray(riskProfiles.userId, [...sellerIds]), payoutsHeldCondition()));
  return new Set(rows.map((row) => row.userId));
}

export type ProfileRow = typeof riskProfiles.$inferSelect;
export type SnapshotRow = typeof riskSnapshots.$inferSelect;
export type TierChangeRow = typeof riskTierChanges.$inferSelect;

/** A (user, role)'s risk as staff see it. A user never scored is NORMAL with score 0 and no snapshot. */
export interface RiskProfileView {
  userId: string;
  role: RiskRole;
  /** The tier in force now. */
  tier: RiskTier;
  computedTier: RiskTier;
  score: number;
  scoringVersion: number | null;
  factors: RiskFactor[];
  computedAt: Date | null;
  override: { tier: RiskTier; reason: string; expiresAt: Date; setBy: string; setAt: Date } | null;
  updatedAt: Date | null;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A well-formed user id (a uuid): anything else names no user and never reaches the database. */
export function isUserId(value: string): boolean {
  return uuidPattern.test(value);
}

/** A user's profile rows (at most one per role), BUYER first. */
export async function profilesOf(executor: Executor, userId: string): Promise<ProfileRow[]> {
  return executor
    .select()
    .from(riskProfiles)
    .where(eq(riskProfiles.userId, userId))
    .orderBy(riskProfiles.role);
}

export function findRole(rows: ProfileRow[], role: RiskRole): ProfileRow | undefined {
  return rows.find((row) => row.role === role);
}

/** The tier in force at `now`: the same rule as SQL risk_effective_tier(). */
export function effectiveAt(row: ProfileRow, now: Date): RiskTier {
  return row.overrideTier !== null && row.overrideExpiresAt! > now ? row.overrideTier : row.tier;
}

/** The profile of (user, role) as staff see it; null when the user does not exist. */
export async function riskProfile(
  executor: Executor,
  userId: string,
  role: RiskRole,
  now: Date = new Date(),
): Promise<RiskProfileView | null> {
  if (!(await userStanding(executor, userId))) return null;
  return profileView(executor, userId, role, now);
}

/** The profile of (user, role) at `now`, for a user known to exist (NORMAL when never scored). */
export async function profileView(
  executor: Executor,
  userId: string,
  role: RiskRole,
  now: Date,
): Promise<RiskProfileView> {
  const row = findRole(await profilesOf(executor, userId), role);
  if (!row) {
    return {
      userId,
      role,
      tier: 'NORMAL',
      computedTier: 'NORMAL',
      score: 0,
      scoringVersion: null,
      factors: [],
      computedAt: null,
      override: null,
      updatedAt: null,
    };
  }
  const snapshot = row.snapshotId ? await riskSnapshot(executor, row.snapshotId) : undefined;
  const overrideActive = row.overrideTier !== null && row.overrideExpiresAt! > now;
  return {
    userId,
    role,
    tier: effectiveAt(row, now),
    computedTier: row.tier,
    score: row.score,
    scoringVersion: row.scoringVersion,
    factors: snapshot?.factors ?? [],
    computedAt: snapshot?.collectedAt ?? null,
    override: overrideActive
      ? {
          tier: row.overrideTier!,
          reason: row.overrideReason!,
          expiresAt: row.overrideExpiresAt!,
          setBy: row.overrideSetBy!,
          setAt: row.overrideSetAt!,
        }
      : null,
    updatedAt: row.updatedAt,
  };
}

export async function riskSnapshot(executor: Executor, snapshotId: string): Promise<SnapshotRow | undefined> {
  const [row] = await executor.select().from(riskSnapshots).where(eq(riskSnapshots.id, snapshotId));
  return row;
}

/** Tier changes of (user, role), newest first, after a keyset cursor. */
export async function tierChanges(
  executor: Executor,
  userId: string,
  role: RiskRole,
  limit: number,
  after: KeysetCursor | null,
): Promise<TierChangeRow[]> {
  assert(Number.isInteger(limit) && limit >= 1 && limit <= 101, 'tier change page size is 1 to 101');
  const afterCursor = after
    ? or(
        lt(riskTierChanges.createdAt, new Date(after.createdAt)),
        and(eq(riskTierChanges.createdAt, new Date(after.createdAt)), lt(riskTierChanges.id, after.id)),
      )
    : undefined;
  return executor
    .select()
    .from(riskTierChanges)
    .where(and(eq(riskTierChanges.userId, userId), eq(riskTierChanges.role, role), afterCursor))
    .orderBy(desc(riskTierChanges.createdAt), desc(riskTierChanges.id))
    .limit(limit);
}

/** What the risk tiers in force say about each seller's payouts; sellers absent are NORMAL. */
export interface SellerPayoutStanding {
  /** BANNED in any role: funds frozen. */
  banned: boolean;
  /** SELLER tier AT_RISK or RESTRICTED: no new payouts. */
  atRisk: boolean;
}

export async function sellerPayoutStandings(
  executor: Executor,
  sellerIds: readonly string[],
): Promise<Map<string, SellerPayoutStanding>> {
  const standings = new Map<string, SellerPayoutStanding>();
  if (sellerIds.length === 0) return standings;
  const rows = await executor
    .select({ userId: riskProfiles.userId, role: riskProfiles.role, tier: sql<string>`${effectiveTierSql}` })
    .from(riskProfiles)
    .where(inArray(riskProfiles.userId, [...sellerIds]));
  for (const row of rows) {
    const standing = standings.get(row.userId) ?? { banned: false, atRisk: false };
    if (row.tier === 'BANNED') standing.banned = true;
    if (row.role === 'SELLER' && (row.tier === 'AT_RISK' || row.tier === 'RESTRICTED'))
      standing.atRisk = true;
    standings.set(row.userId, standing);
  }
  return standings;
}

import { and, eq, inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Database } from '../db/pool';
import type { Tx } from '../db/transaction';
import { riskProfiles } from './risk.tables';

/**
 * Read-only SQL over the risk tables, for the enforcement checks that other areas make inside
 * their own queries (catalog visibility, payout eligibility). Only RiskService writes these tables.
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

/** A user's profile rows (at most one per role), BUYER first. */
export async function profilesOf(executor: Executor, userId: string): Promise<ProfileRow[]> {
  return executor
    .select()
    .from(riskProfiles)
    .where(eq(riskProfiles.userId, userId))
    .orderBy(riskProfiles.role);
}

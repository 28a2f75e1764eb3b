import { sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.service';
import type { Tx } from '../db/transaction';
import { effectiveAt, profilesOf, type ProfileRow } from './risk.queries';

/**
 * The steps every writer of risk profiles shares: the recompute (risk.service.ts) and the admin
 * overrides (risk-overrides.service.ts), and the lock a login takes to see a ban
 * (risk-enforcement.service.ts). Lock order: the risk lock, then the auth sessions (revocation),
 * then the audit log.
 */

/** What a ban does beyond risk, in the transaction that bans (wired in services.ts). */
export interface SessionRevoker {
  /** The auth authority's revocation of sessions and API keys. */
  revokeAllCredentials(tx: Tx, userId: string, reason: string): Promise<void>;
  /** The wallet's cancellation of the account's unpaid top-ups (TopUpService.cancelUnpaidTopUpsLater). */
  cancelUnpaidTopUps?(tx: Tx, userId: string): Promise<void>;
  /**
   * Once an admin's ban committed, before they are answered: the same cancellation at Stripe, now
   * (TopUpService.cancelUnpaidTopUpsOf), so that no card form opened before the ban is paid after
   * its answer. Never throws: the job enqueued in the transaction finishes what this could not.
   */
  cancelUnpaidTopUpsNow?(userId: string): Promise<void>;
  /**
   * The payouts area's re-derivation of the user's open payout orders (PayoutEligibilityService
   * .refreshSellers), when a tier in force changed: a ban or AT_RISK blocks them, and its end
   * unblocks them, in the transaction that changed the tier rather than at the next refresh.
   */
  refreshSellerPayouts?(tx: Tx, userId: string): Promise<void>;
}

const banSessionReason = 'RISK_BANNED';

/** A profile's override columns when it has none (cleared by an admin, or expired). */
export const noOverride = {
  overrideTier: null,
  overrideReason: null,
  overrideExpiresAt: null,
  overrideSetBy: null,
  overrideSetAt: null,
} as const;

/** One user's risk writes at a time (recomputes and overrides), whether or not a profile row exists yet. */
export async function lockParty(tx: Tx, userId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'risk:' + userId}, 0))`);
}

/** lockParty without waiting: false when another transaction holds the user's risk lock. */
export async function tryLockParty(tx: Tx, userId: string): Promise<boolean> {
  const result = await tx.execute<{ locked: boolean }>(
    sql`select pg_try_advisory_xact_lock(hashtextextended(${'risk:' + userId}, 0)) as locked`,
  );
  return result.rows[0]?.locked === true;
}

/** A change of the user's risk profiles, made in the caller's transaction under the risk lock. */
export interface TierChange {
  userId: string;
  /** The user's profile rows as they were before this transaction's change (under the risk lock). */
  before: ProfileRow[];
  now: Date;
  reason: string;
  actorUserId: string | null;
}

/**
 * What a change of the user's risk profiles does beyond risk, in its transaction: the revocation of
 * a new ban (revokeIfNewlyBanned), and, when any tier in force changed, the seller's payout orders
 * re-derived. The profiles after the change are read once, for both. Returns true when it revoked.
 */
export async function applyTierChange(tx: Tx, effects: SessionRevoker, change: TierChange): Promise<boolean> {
  const after = await profilesOf(tx, change.userId);
  const banned = await revokeIfNewlyBanned(tx, effects, change, after);
  if (effects.refreshSellerPayouts) {
    const inForce = (rows: ProfileRow[]) =>
      rows.map((row) => `${row.role}:${effectiveAt(row, change.now)}`).join(',');
    if (inForce(change.before) !== inForce(after)) await effects.refreshSellerPayouts(tx, change.userId);
  }
  return banned;
}

/**
 * Revokes every session of the user when the account is BANNED now (in any role) and was not
 * surely banned before this transaction's change. A profile counts as banned before only if both
 * its stored tier (an override not yet cleared counts as in force) and its tier in force said so:
 * the recompute that records an override's expiry thus also revokes for the ban it uncovers.
 * Returns true when it revoked.
 */
async function revokeIfNewlyBanned(
  tx: Tx,
  sessions: SessionRevoker,
  change: TierChange,
  after: ProfileRow[],
): Promise<boolean> {
  const { userId, before, now, reason, actorUserId } = change;
  const wasBanned = before.some(
    (row) => (row.overrideTier ?? row.tier) === 'BANNED' && effectiveAt(row, now) === 'BANNED',
  );
  const isBanned = after.some((row) => effectiveAt(row, now) === 'BANNED');
  if (!isBanned || wasBanned) return false;
  await sessions.revokeAllCredentials(tx, userId, banSessionReason);
  await sessions.cancelUnpaidTopUps?.(tx, userId);
  await recordAudit(tx, {
    actorUserId,
    action: 'risk.banned_sessions_revoked',
    subjectType: 'User',
    subjectId: userId,
    details: { reason },
  });
  return true;
}

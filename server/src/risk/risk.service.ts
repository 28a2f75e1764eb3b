import crypto from 'node:crypto';
import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.service';
import { userStanding } from '../auth/auth.queries';
import type { Config } from '../config';
import type { Database } from '../db/pool';
import { withTransaction, type Tx } from '../db/transaction';
import type { PartyHistory } from '../domain/party-history';
import {
  mostSevereTier,
  riskRoles,
  scoreParty,
  tierAtLeast,
  tierForScore,
  type RiskFactor,
  type RiskRole,
  type RiskTier,
} from '../domain/risk-scoring';
import type { RequestMeta } from '../shared/request-meta';
import type { KeysetCursor } from '../graphql/relay';
import { userError, type UserErrorValue } from '../shared/user-error';
import type { JobQueue } from '../jobs/queue';
import { assert } from '../shared/assert';
import {
  isRiskRecomputeReason,
  riskRecomputeTask,
  scheduleOverrideExpiry,
  type RiskRecomputeReason,
} from './risk.jobs';
import { effectiveTierSql, profilesOf, type ProfileRow } from './risk.queries';
import { riskProfiles, riskSnapshots, riskTierChanges, type RiskTierChangeCause } from './risk.tables';
import { canonicalJson } from '../shared/canonical-json';

export type RiskSettings = Config['risk'];
export type SnapshotRow = typeof riskSnapshots.$inferSelect;
export type TierChangeRow = typeof riskTierChanges.$inferSelect;

/** Reads a party's history as of `now`, inside the given transaction (disputes/party-history.ts). */
export type HistoryCollector = (executor: Database | Tx, userId: string, now: Date) => Promise<PartyHistory>;

/** The auth authority's session revocation, called in the transaction that bans. */
export interface SessionRevoker {
  revokeAllSessions(tx: Tx, userId: string, reason: string): Promise<void>;
}

export enum OverrideRiskTierErrorCode {
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  ROLE_NOT_HELD = 'ROLE_NOT_HELD',
  SELF_OVERRIDE = 'SELF_OVERRIDE',
  INVALID_REASON = 'INVALID_REASON',
  EXPIRY_NOT_IN_FUTURE = 'EXPIRY_NOT_IN_FUTURE',
  EXPIRY_TOO_FAR = 'EXPIRY_TOO_FAR',
}

export enum ClearRiskOverrideErrorCode {
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  SELF_OVERRIDE = 'SELF_OVERRIDE',
  INVALID_REASON = 'INVALID_REASON',
  NO_OVERRIDE = 'NO_OVERRIDE',
}

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

export interface RecomputeOutcome {
  profiles: { role: RiskRole; score: number; tier: RiskTier; snapshotId: string }[];
  /** True when this recompute moved the account into BANNED (its sessions were revoked). */
  banned: boolean;
}

const reasonMinLength = 3;
const reasonMaxLength = 500;
const dayMs = 86_400_000;
const banSessionReason = 'RISK_BANNED';

/**
 * RiskService: deterministic scores and tiers, and the enforcement checks other areas call.
 * The only writer of risk_snapshots, risk_profiles and risk_tier_changes (risk/README.md).
 *
 * Every write for one user runs under that user's advisory lock (`risk:<user id>`), so recomputes
 * and overrides of one user are serialised and each reads the state the previous one committed.
 * Lock order: the risk advisory lock, then the auth sessions (revocation), then the audit log.
 */
export class RiskService {
  constructor(
    private readonly database: Database,
    private readonly settings: RiskSettings,
    private readonly collectHistory: HistoryCollector,
    private readonly sessions: SessionRevoker,
    /** The queue that runs this service's tasks, and where override expiries are scheduled. */
    private readonly jobs: JobQueue,
  ) {}

  registerTasks(jobs: JobQueue): void {
    jobs.register(riskRecomputeTask, async (payload) => {
      const { userId, reason } = (payload ?? {}) as { userId?: unknown; reason?: unknown };
      assert(typeof userId === 'string' && uuidPattern.test(userId), 'risk.recompute job without a user id');
      assert(isRiskRecomputeReason(reason), `risk.recompute job with an unknown reason ${String(reason)}`);
      await this.recompute(userId, reason);
    });
  }

  // ---- scoring ----

  /**
   * Collects the user's history now, scores it for every role the user holds, stores an immutable
   * snapshot per role, updates the profile, and records each tier change. An override that has
   * expired is cleared here (OVERRIDE_EXPIRED). Moving the account into BANNED revokes all of its
   * sessions in the same transaction.
   */
  async recompute(userId: string, reason: RiskRecomputeReason): Promise<RecomputeOutcome> {
    return withTransaction(this.database, async (tx) => {
      await lockParty(tx, userId);
      const user = await userStanding(tx, userId);
      assert(user, `risk recompute of unknown user ${userId}`);
      const roles = riskRoles.filter((role) => (user.roles as string[]).includes(role));
      if (roles.length === 0) return { profiles: [], banned: false };

      const now = new Date();
      const history = await this.collectHistory(tx, userId, now);
      assert(history.userId === userId, `history of ${history.userId} collected for ${userId}`);
      const before = await profilesOf(tx, userId);
      const outcome: RecomputeOutcome = { profiles: [], banned: false };
      for (const role of roles) {
        outcome.profiles.push(await this.scoreRole(tx, history, role, reason, now, findRole(before, role)));
      }
      outcome.banned = await this.revokeIfNewlyBanned(tx, userId, before, now, reason, null);
      return outcome;
    });
  }

  private async scoreRole(
    tx: Tx,
    history: PartyHistory,
    role: RiskRole,
    reason: RiskRecomputeReason,
    now: Date,
    previous: ProfileRow | undefined,
  ): Promise<RecomputeOutcome['profiles'][number]> {
    const result = scoreParty(history, role);
    const tier = tierForScore(result.score, this.settings.thresholds);
    const text = canonicalJson(history);
    const [snapshot] = await tx
      .insert(riskSnapshots)
      .values({
        userId: history.userId,
        role,
        history: text,
        historySha256: crypto.createHash('sha256').update(text, 'utf8').digest('hex'),
        scoringVersion: result.version,
        score: result.score,
        factors: result.factors,
        reason,
        collectedAt: now,
      })
      .returning({ id: riskSnapshots.id });
    assert(snapshot, 'risk snapshot insert returned no row');

    const overridden = previous !== undefined && previous.overrideTier !== null;
    const overrideActive = overridden && previous.overrideExpiresAt! > now;
    const overrideExpired = overridden && !overrideActive;
    const computed = {
      tier,
      score: result.score,
      snapshotId: snapshot.id,
      scoringVersion: result.version,
      updatedAt: now,
    };
    const clearedOverride = overrideExpired ? noOverride : {};
    await tx
      .insert(riskProfiles)
      .values({ userId: history.userId, role, ...computed })
      .onConflictDoUpdate({
        target: [riskProfiles.userId, riskProfiles.role],
        set: { ...computed, ...clearedOverride },
      });

    const effective = overrideActive ? previous!.overrideTier! : tier;
    const change = {
      userId: history.userId,
      role,
      effectiveTier: effective,
      score: result.score,
      factors: result.factors,
    };
    const computedBefore = previous?.tier ?? 'NORMAL';
    if (computedBefore !== tier) {
      await tx.insert(riskTierChanges).values({
        ...change,
        cause: 'RECOMPUTE',
        fromTier: computedBefore,
        toTier: tier,
        scoringVersion: result.version,
        snapshotId: snapshot.id,
        reason,
      });
    }
    if (overrideExpired) {
      await tx.insert(riskTierChanges).values({
        ...change,
        cause: 'OVERRIDE_EXPIRED',
        fromTier: previous!.overrideTier!,
        toTier: tier,
        scoringVersion: result.version,
        snapshotId: snapshot.id,
        reason: `Override set by an admin expired at ${previous!.overrideExpiresAt!.toISOString()}`,
      });
    }
    return { role, score: result.score, tier, snapshotId: snapshot.id };
  }

  /**
   * Revokes every session of the user when the account is BANNED now (in any role) and was not
   * surely banned before this transaction's change. A profile counts as banned before only if both
   * its stored tier (an override not yet cleared counts as in force) and its tier in force said so:
   * the recompute that records an override's expiry thus also revokes for the ban it uncovers.
   */
  private async revokeIfNewlyBanned(
    tx: Tx,
    userId: string,
    before: ProfileRow[],
    now: Date,
    reason: string,
    actorUserId: string | null,
  ): Promise<boolean> {
    const wasBanned = before.some(
      (row) => (row.overrideTier ?? row.tier) === 'BANNED' && effectiveAt(row, now) === 'BANNED',
    );
    const after = await profilesOf(tx, userId);
    const isBanned = after.some((row) => effectiveAt(row, now) === 'BANNED');
    if (!isBanned || wasBanned) return false;
    await this.sessions.revokeAllSessions(tx, userId, banSessionReason);
    await recordAudit(tx, {
      actorUserId,
      action: 'risk.banned_sessions_revoked',
      subjectType: 'User',
      subjectId: userId,
      details: { reason },
    });
    return true;
  }

  // ---- enforcement (called inside other areas' transactions) ----

  /** The tier in force now for each role; NORMAL for a role never scored nor overridden. */
  async effectiveTiers(executor: Database | Tx, userId: string): Promise<Record<RiskRole, RiskTier>> {
    const rows = await executor
      .select({ role: riskProfiles.role, tier: sql<RiskTier>`${effectiveTierSql}` })
      .from(riskProfiles)
      .where(eq(riskProfiles.userId, userId));
    const tiers: Record<RiskRole, RiskTier> = { BUYER: 'NORMAL', SELLER: 'NORMAL' };
    for (const row of rows) tiers[row.role] = row.tier;
    return tiers;
  }

  /** BANNED in any role: no purchase, no top-up, no listing change, no dispute. */
  async accountBanned(executor: Database | Tx, userId: string): Promise<boolean> {
    const tiers = await this.effectiveTiers(executor, userId);
    return mostSevereTier([tiers.BUYER, tiers.SELLER]) === 'BANNED';
  }

  /** For guards that refuse a banned account (wallet top-ups, catalog changes). */
  async bannedRefusal(tx: Tx, userId: string): Promise<'ACCOUNT_BANNED' | null> {
    return (await this.accountBanned(tx, userId)) ? 'ACCOUNT_BANNED' : null;
  }

  /**
   * AuthService's login guard: a banned account opens no session. Under the user's risk lock, so a
   * login and a ban of the same user are serialised: either the login sees the ban, or the ban's
   * revocation sees the login's session.
   */
  async loginRefusal(tx: Tx, userId: string): Promise<'ACCOUNT_BANNED' | null> {
    await lockParty(tx, userId);
    return this.bannedRefusal(tx, userId);
  }

  /** The checkout's risk check (invariant 5): a buyer RESTRICTED or worse, or banned, may not buy. */
  async buyerRefusal(tx: Tx, buyerId: string): Promise<'BUYER_BLOCKED' | null> {
    const tiers = await this.effectiveTiers(tx, buyerId);
    return tierAtLeast(tiers.BUYER, 'RESTRICTED') || tiers.SELLER === 'BANNED' ? 'BUYER_BLOCKED' : null;
  }

  /** Payouts of a seller AT_RISK or worse (or banned) are held: EligibilityFacts.sellerPayoutsHeld. */
  async sellerPayoutsHeld(executor: Database | Tx, sellerId: string): Promise<boolean> {
    const tiers = await this.effectiveTiers(executor, sellerId);
    return tierAtLeast(tiers.SELLER, 'AT_RISK') || tiers.BUYER === 'BANNED';
  }

  /** How many disputes the buyer may have open at once, by their BUYER tier; 0 for a banned account. */
  async openDisputeLimit(tx: Tx | Database, buyerId: string): Promise<number> {
    const tiers = await this.effectiveTiers(tx, buyerId);
    if (tiers.BUYER === 'BANNED' || tiers.SELLER === 'BANNED') return 0;
    const limits = this.settings.openDisputeLimits;
    if (tiers.BUYER === 'NORMAL') return limits.NORMAL;
    if (tiers.BUYER === 'WARNING') return limits.WARNING;
    return limits.AT_RISK;
  }

  /**
   * A dispute party's risk from the history in the dispute's evidence snapshot (DisputeService's
   * partyRisk lookup): scored by the current version, so the same snapshot gives the same score.
   * Reasons are the factors that added points. Null without a snapshot.
   */
  async partyRisk(input: {
    party: RiskRole;
    history: PartyHistory | null;
  }): Promise<{ score: number; tier: RiskTier; reasons: string[] } | null> {
    if (!input.history) return null;
    const result = scoreParty(input.history, input.party);
    return {
      score: result.score,
      tier: tierForScore(result.score, this.settings.thresholds),
      reasons: result.factors
        .filter((factor) => factor.contribution > 0)
        .map((factor) => `${factor.name}: ${factor.value} (+${factor.contribution})`),
    };
  }

  // ---- admin overrides ----

  async overrideTier(
    actorUserId: string,
    input: { userId: string | null; role: RiskRole; tier: RiskTier; reason: string; expiresAt: Date },
    meta: RequestMeta,
  ): Promise<{ profile: RiskProfileView } | { errors: UserErrorValue<OverrideRiskTierErrorCode>[] }> {
    const now = new Date();
    const errors: UserErrorValue<OverrideRiskTierErrorCode>[] = [];
    const reason = input.reason.trim();
    if (!validReason(reason)) errors.push(invalidReason(OverrideRiskTierErrorCode.INVALID_REASON));
    const maxDays = this.settings.overrideMaxDays;
    if (
      !(input.expiresAt instanceof Date) ||
      Number.isNaN(input.expiresAt.getTime()) ||
      input.expiresAt <= now
    ) {
      errors.push(
        userError(
          OverrideRiskTierErrorCode.EXPIRY_NOT_IN_FUTURE,
          'An override expires in the future.',
          'expiresAt',
        ),
      );
    } else if (input.expiresAt.getTime() > now.getTime() + maxDays * dayMs) {
      errors.push(
        userError(
          OverrideRiskTierErrorCode.EXPIRY_TOO_FAR,
          `An override lasts at most ${maxDays} days.`,
          'expiresAt',
        ),
      );
    }
    const target = await this.checkTarget(input.userId, input.role, actorUserId);
    if (target === 'USER_NOT_FOUND') {
      errors.push(userError(OverrideRiskTierErrorCode.USER_NOT_FOUND, 'No such user.', 'userId'));
    } else if (target === 'ROLE_NOT_HELD') {
      errors.push(
        userError(OverrideRiskTierErrorCode.ROLE_NOT_HELD, `This user has no ${input.role} role.`, 'role'),
      );
    } else if (target === 'SELF_OVERRIDE') {
      errors.push(
        userError(
          OverrideRiskTierErrorCode.SELF_OVERRIDE,
          'An admin cannot override their own risk tier.',
          'userId',
        ),
      );
    }
    if (errors.length > 0 || typeof target !== 'object') return { errors };
    const { userId } = target;

    return withTransaction(this.database, async (tx) => {
      await lockParty(tx, userId);
      const before = await profilesOf(tx, userId);
      const previous = findRole(before, input.role);
      const fromTier = previous ? effectiveAt(previous, now) : 'NORMAL';
      const override = {
        overrideTier: input.tier,
        overrideReason: reason,
        overrideExpiresAt: input.expiresAt,
        overrideSetBy: actorUserId,
        overrideSetAt: now,
        updatedAt: now,
      };
      await tx
        .insert(riskProfiles)
        .values({ userId, role: input.role, ...override })
        .onConflictDoUpdate({ target: [riskProfiles.userId, riskProfiles.role], set: override });
      await this.recordOverrideChange(tx, 'OVERRIDE_SET', previous, {
        userId,
        role: input.role,
        fromTier,
        toTier: input.tier,
        reason,
        actorUserId,
        overrideExpiresAt: input.expiresAt,
      });
      await recordAudit(tx, {
        actorUserId,
        action: 'risk.override_set',
        subjectType: 'User',
        subjectId: userId,
        details: {
          role: input.role,
          fromTier,
          tier: input.tier,
          reason,
          expiresAt: input.expiresAt.toISOString(),
        },
        requestId: meta.requestId,
        address: meta.address,
      });
      await scheduleOverrideExpiry(tx, this.jobs, userId, input.role, input.expiresAt);
      await this.revokeIfNewlyBanned(tx, userId, before, now, 'OVERRIDE_SET', actorUserId);
      return { profile: await this.profileIn(tx, userId, input.role, now) };
    });
  }

  async clearOverride(
    actorUserId: string,
    input: { userId: string | null; role: RiskRole; reason: string },
    meta: RequestMeta,
  ): Promise<{ profile: RiskProfileView } | { errors: UserErrorValue<ClearRiskOverrideErrorCode>[] }> {
    const now = new Date();
    const reason = input.reason.trim();
    const errors: UserErrorValue<ClearRiskOverrideErrorCode>[] = [];
    if (!validReason(reason)) errors.push(invalidReason(ClearRiskOverrideErrorCode.INVALID_REASON));
    const target = await this.checkTarget(input.userId, input.role, actorUserId);
    if (target === 'USER_NOT_FOUND' || target === 'ROLE_NOT_HELD') {
      errors.push(userError(ClearRiskOverrideErrorCode.USER_NOT_FOUND, 'No such user.', 'userId'));
    } else if (target === 'SELF_OVERRIDE') {
      errors.push(
        userError(
          ClearRiskOverrideErrorCode.SELF_OVERRIDE,
          'An admin cannot change their own risk tier.',
          'userId',
        ),
      );
    }
    if (errors.length > 0 || typeof target !== 'object') return { errors };
    const { userId } = target;

    return withTransaction(this.database, async (tx) => {
      await lockParty(tx, userId);
      const before = await profilesOf(tx, userId);
      const previous = findRole(before, input.role);
      if (!previous?.overrideTier) {
        return {
          errors: [
            userError(ClearRiskOverrideErrorCode.NO_OVERRIDE, 'This profile has no override.', 'userId'),
          ],
        };
      }
      const fromTier = effectiveAt(previous, now);
      await tx
        .update(riskProfiles)
        .set({ ...noOverride, updatedAt: now })
        .where(and(eq(riskProfiles.userId, userId), eq(riskProfiles.role, input.role)));
      await this.recordOverrideChange(tx, 'OVERRIDE_CLEARED', previous, {
        userId,
        role: input.role,
        fromTier,
        toTier: previous.tier,
        reason,
        actorUserId,
        overrideExpiresAt: null,
      });
      await recordAudit(tx, {
        actorUserId,
        action: 'risk.override_cleared',
        subjectType: 'User',
        subjectId: userId,
        details: {
          role: input.role,
          reason,
          overrideTier: previous.overrideTier,
          overrideReason: previous.overrideReason,
          overrideExpiresAt: previous.overrideExpiresAt?.toISOString() ?? null,
          tier: previous.tier,
        },
        requestId: meta.requestId,
        address: meta.address,
      });
      await this.revokeIfNewlyBanned(tx, userId, before, now, 'OVERRIDE_CLEARED', actorUserId);
      return { profile: await this.profileIn(tx, userId, input.role, now) };
    });
  }

  private async recordOverrideChange(
    tx: Tx,
    cause: RiskTierChangeCause,
    previous: ProfileRow | undefined,
    change: {
      userId: string;
      role: RiskRole;
      fromTier: RiskTier;
      toTier: RiskTier;
      reason: string;
      actorUserId: string;
      overrideExpiresAt: Date | null;
    },
  ): Promise<void> {
    const snapshot = previous?.snapshotId ? await this.snapshot(tx, previous.snapshotId) : undefined;
    await tx.insert(riskTierChanges).values({
      ...change,
      cause,
      effectiveTier: change.toTier,
      score: previous?.score ?? 0,
      factors: snapshot?.factors ?? [],
      scoringVersion: previous?.scoringVersion ?? null,
      snapshotId: previous?.snapshotId ?? null,
    });
  }

  /** The target of an override: an existing user who holds the role and is not the admin acting. */
  private async checkTarget(
    userId: string | null,
    role: RiskRole,
    actorUserId: string,
  ): Promise<{ userId: string } | 'USER_NOT_FOUND' | 'ROLE_NOT_HELD' | 'SELF_OVERRIDE'> {
    if (!userId || !uuidPattern.test(userId)) return 'USER_NOT_FOUND';
    const user = await userStanding(this.database, userId);
    if (!user) return 'USER_NOT_FOUND';
    if (userId === actorUserId) return 'SELF_OVERRIDE';
    if (!(user.roles as string[]).includes(role)) return 'ROLE_NOT_HELD';
    return { userId };
  }

  // ---- reading ----

  /** The profile of (user, role) as staff see it; null when the user does not exist. */
  async profile(userId: string, role: RiskRole, now: Date = new Date()): Promise<RiskProfileView | null> {
    if (!(await userStanding(this.database, userId))) return null;
    return this.profileIn(this.database, userId, role, now);
  }

  private async profileIn(
    executor: Database | Tx,
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
    const snapshot = row.snapshotId ? await this.snapshot(executor, row.snapshotId) : undefined;
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

  async snapshot(executor: Database | Tx, snapshotId: string): Promise<SnapshotRow | undefined> {
    const [row] = await executor.select().from(riskSnapshots).where(eq(riskSnapshots.id, snapshotId));
    return row;
  }

  /** Tier changes of (user, role), newest first, after a keyset cursor. */
  async tierChanges(
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
    return this.database
      .select()
      .from(riskTierChanges)
      .where(and(eq(riskTierChanges.userId, userId), eq(riskTierChanges.role, role), afterCursor))
      .orderBy(desc(riskTierChanges.createdAt), desc(riskTierChanges.id))
      .limit(limit);
  }
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const noOverride = {
  overrideTier: null,
  overrideReason: null,
  overrideExpiresAt: null,
  overrideSetBy: null,
  overrideSetAt: null,
} as const;

/** One user's risk writes at a time (recomputes and overrides), whether or not a profile row exists yet. */
async function lockParty(tx: Tx, userId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'risk:' + userId}, 0))`);
}

function findRole(rows: ProfileRow[], role: RiskRole): ProfileRow | undefined {
  return rows.find((row) => row.role === role);
}

/** The tier in force at `now`: the same rule as SQL risk_effective_tier(). */
function effectiveAt(row: ProfileRow, now: Date): RiskTier {
  return row.overrideTier !== null && row.overrideExpiresAt! > now ? row.overrideTier : row.tier;
}

function validReason(reason: string): boolean {
  return reason.length >= reasonMinLength && reason.length <= reasonMaxLength && !/\p{Cc}/u.test(reason);
}

function invalidReason<Code extends string>(code: Code): UserErrorValue<Code> {
  return userError(
    code,
    `Give a reason of ${reasonMinLength} to ${reasonMaxLength} printable characters.`,
    'reason',
  );
}

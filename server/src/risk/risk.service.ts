import crypto from 'node:crypto';
import { userStanding } from '../auth/auth.queries';
import type { Config } from '../config';
import type { Database } from '../db/pool';
import { withTransaction, type Tx } from '../db/transaction';
import type { PartyHistory } from '../domain/party-history';
import { riskRoles, scoreParty, tierForScore, type RiskRole, type RiskTier } from '../domain/risk-scoring';
import type { JobQueue } from '../jobs/queue';
import { assert } from '../shared/assert';
import { canonicalJson } from '../shared/canonical-json';
import { isRiskRecomputeReason, riskRecomputeTask, type RiskRecomputeReason } from './risk.jobs';
import { findRole, isUserId, profilesOf, type ProfileRow } from './risk.queries';
import { riskProfiles, riskSnapshots, riskTierChanges } from './risk.tables';
import { lockParty, noOverride, revokeIfNewlyBanned, type SessionRevoker } from './risk.writes';

/** Reads a party's history as of `now`, inside the given transaction (disputes/party-history.ts). */
export type HistoryCollector = (executor: Database | Tx, userId: string, now: Date) => Promise<PartyHistory>;

export interface RecomputeOutcome {
  profiles: { role: RiskRole; score: number; tier: RiskTier; snapshotId: string }[];
  /** True when this recompute moved the account into BANNED (its sessions were revoked). */
  banned: boolean;
}

/**
 * RiskService: deterministic scores and tiers (invariant 12). The only writer of risk_snapshots,
 * and with RiskOverrideService of risk_profiles and risk_tier_changes (risk/README.md). The checks
 * other areas call are RiskEnforcementService's; what staff read is in risk.queries.ts.
 *
 * Every write for one user runs under that user's advisory lock (`risk:<user id>`, risk.writes.ts),
 * so recomputes and overrides of one user are serialised and each reads the state the previous one
 * committed. Lock order: the risk advisory lock, then the auth sessions (revocation), then the audit log.
 */
export class RiskService {
  constructor(
    private readonly database: Database,
    private readonly settings: Pick<Config['risk'], 'thresholds'>,
    private readonly collectHistory: HistoryCollector,
    private readonly sessions: SessionRevoker,
  ) {}

  registerTasks(jobs: JobQueue): void {
    jobs.register(riskRecomputeTask, async (payload) => {
      const { userId, reason } = (payload ?? {}) as { userId?: unknown; reason?: unknown };
      assert(typeof userId === 'string' && isUserId(userId), 'risk.recompute job without a user id');
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
      outcome.banned = await revokeIfNewlyBanned(tx, this.sessions, {
        userId,
        before,
        now,
        reason,
        actorUserId: null,
      });
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
}

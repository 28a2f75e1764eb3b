import crypto from 'node:crypto';
import { and, asc, eq, lt, sql } from 'drizzle-orm';
import { userStanding } from '../auth/auth.queries';
import type { Config } from '../config';
import type { Database } from '../db/pool';
import { withTransaction, type Tx } from '../db/transaction';
import type { PartyHistory } from '../domain/party-history';
import { riskRoles, scoreParty, tierForScore, type RiskRole, type RiskTier } from '../domain/risk-scoring';
import type { JobQueue } from '../jobs/queue';
import { assert } from '../shared/assert';
import { canonicalJson } from '../shared/canonical-json';
import { withoutQueryParameters } from '../shared/log-redaction';
import {
  isRiskRecomputeReason,
  riskRecomputeSweep,
  riskRecomputeTask,
  type RiskRecomputeReason,
} from './risk.jobs';
import { findRole, isUserId, profilesOf, type ProfileRow } from './risk.queries';
import { riskProfiles, riskRecomputeRequests, riskSnapshots, riskTierChanges } from './risk.tables';
import { applyTierChange, lockParty, noOverride, tryLockParty, type SessionRevoker } from './risk.writes';

/** Requests one drain pass serves at most; while batches come full, the next pass starts at once. */
export const recomputeBatchSize = 100;

export interface RecomputeSweepSettings {
  /** RISK_RECOMPUTE_SWEEP_SECONDS */
  recomputeSweepSeconds: number;
  /** Failed recomputes of one request before it is left for an operator (JOBS_MAX_ATTEMPTS). */
  maxAttempts: number;
}

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

  /**
   * The override expiry job (risk.recompute), and the sweep that drains risk_recompute_requests
   * every `recomputeSweepSeconds` in every worker process.
   */
  registerTasks(jobs: JobQueue, sweep: RecomputeSweepSettings): void {
    jobs.register(riskRecomputeTask, async (payload) => {
      const { userId, reason } = (payload ?? {}) as { userId?: unknown; reason?: unknown };
      assert(typeof userId === 'string' && isUserId(userId), 'risk.recompute job without a user id');
      assert(isRiskRecomputeReason(reason), `risk.recompute job with an unknown reason ${String(reason)}`);
      await this.recompute(userId, reason);
    });
    jobs.registerSweep(riskRecomputeSweep, sweep.recomputeSweepSeconds, async ({ signal, log }) => {
      const outcome = await this.drainRecomputeRequests({ maxAttempts: sweep.maxAttempts, signal });
      for (const failure of outcome.failures) {
        log.error({ err: failure.error, userId: failure.userId }, 'risk recompute request failed');
      }
      return outcome;
    });
  }

  // ---- recompute requests (risk_recompute_requests, written by enqueueRiskRecompute) ----

  /**
   * One pass of the drain: takes up to `batchSize` waiting requests, oldest first, and recomputes
   * each user once (recomputeRequested). `more` when the batch was full and made progress.
   * A request that failed `maxAttempts` times is left with its error, for an operator.
   */
  async drainRecomputeRequests(options: {
    maxAttempts: number;
    batchSize?: number;
    signal?: AbortSignal;
  }): Promise<{ processed: number; more: boolean; failures: { userId: string; error: unknown }[] }> {
    const batchSize = options.batchSize ?? recomputeBatchSize;
    assert(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 1_000, 'batchSize is 1 to 1,000');
    const waiting = await this.database
      .select({ userId: riskRecomputeRequests.userId })
      .from(riskRecomputeRequests)
      .where(lt(riskRecomputeRequests.attempts, options.maxAttempts))
      .orderBy(asc(riskRecomputeRequests.requestedAt), asc(riskRecomputeRequests.userId))
      .limit(batchSize);
    let processed = 0;
    const failures: { userId: string; error: unknown }[] = [];
    for (const { userId } of waiting) {
      if (options.signal?.aborted) break;
      const outcome = await this.recomputeRequested(userId, options.maxAttempts);
      if (outcome === 'RECOMPUTED') processed++;
      else if (typeof outcome === 'object') failures.push({ userId, error: outcome.failed });
    }
    return { processed, more: waiting.length === batchSize && processed > 0, failures };
  }

  /**
   * Serves the waiting request of `userId`, in one transaction: under the user's risk lock (taken
   * without waiting: BUSY when another drain, a recompute or an override holds it, and the request
   * stays for the next pass), reads the request, recomputes from the history as it is now, and
   * deletes the request if its version is still the one read. A request that arrived after the
   * read bumped the version (a fact committed too late for this history, perhaps) and stays, so it
   * is recomputed again; one that arrived before it is in this history. A failure rolls back the
   * recompute and the deletion, and counts an attempt against that version.
   */
  async recomputeRequested(
    userId: string,
    maxAttempts: number,
  ): Promise<'RECOMPUTED' | 'BUSY' | 'GONE' | { failed: unknown }> {
    let served: { version: number } | undefined;
    try {
      return await withTransaction(this.database, async (tx) => {
        served = undefined;
        if (!(await tryLockParty(tx, userId))) return 'BUSY';
        const [request] = await tx
          .select({ reason: riskRecomputeRequests.reason, version: riskRecomputeRequests.version })
          .from(riskRecomputeRequests)
          .where(
            and(eq(riskRecomputeRequests.userId, userId), lt(riskRecomputeRequests.attempts, maxAttempts)),
          );
        if (!request) return 'GONE';
        served = request;
        assert(isRiskRecomputeReason(request.reason), `risk recompute request with reason ${request.reason}`);
        await this.recomputeInTransaction(tx, userId, request.reason);
        await tx
          .delete(riskRecomputeRequests)
          .where(
            and(eq(riskRecomputeRequests.userId, userId), eq(riskRecomputeRequests.version, request.version)),
          );
        return 'RECOMPUTED';
      });
    } catch (error) {
      if (!served) throw error;
      const message = withoutQueryParameters(error instanceof Error ? error.message : String(error));
      await this.database
        .update(riskRecomputeRequests)
        .set({ attempts: sql`${riskRecomputeRequests.attempts} + 1`, lastError: message.slice(0, 2_000) })
        .where(
          and(eq(riskRecomputeRequests.userId, userId), eq(riskRecomputeRequests.version, served.version)),
        );
      return { failed: error };
    }
  }

  // ---- scoring ----

  /**
   * Collects the user's history now, scores it for every role the user holds, stores an immutable
   * snapshot per role, updates the profile, and records each tier change. An override that has
   * expired is cleared here (OVERRIDE_EXPIRED). Moving the account into BANNED revokes all of its
   * sessions in the same transaction.
   */
  async recompute(userId: string, reason: RiskRecomputeReason): Promise<RecomputeOutcome> {
    return withTransaction(this.database, (tx) => this.recomputeInTransaction(tx, userId, reason));
  }

  private async recomputeInTransaction(
    tx: Tx,
    userId: string,
    reason: RiskRecomputeReason,
  ): Promise<RecomputeOutcome> {
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
    outcome.banned = await applyTierChange(tx, this.sessions, {
      userId,
      before,
      now,
      reason,
      actorUserId: null,
    });
    return outcome;
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

import { adminReasonRule, isAdminReason } from '../shared/admin-reason';
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.service';
import { holdAccountActive, userStanding } from '../auth/auth.queries';
import type { Config } from '../config';
import type { Database } from '../db/pool';
import { withTransaction, type Tx } from '../db/transaction';
import type { RiskRole, RiskTier } from '../domain/risk-scoring';
import type { JobQueue } from '../jobs/queue';
import type { RequestMeta } from '../shared/request-meta';
import { catchRefusal, refuse, userError, type Refusable, type UserErrorValue } from '../shared/user-error';
import { ClearRiskOverrideErrorCode, OverrideRiskTierErrorCode } from './risk.errors';
import { scheduleOverrideExpiry } from './risk.jobs';
import {
  effectiveAt,
  findRole,
  isUserId,
  profilesOf,
  profileView,
  riskSnapshot,
  type ProfileRow,
  type RiskProfileView,
} from './risk.queries';
import { riskProfiles, riskTierChanges, type RiskTierChangeCause } from './risk.tables';
import { applyTierChange, lockParty, noOverride, type SessionRevoker } from './risk.writes';

const dayMs = 86_400_000;

/**
 * Admin overrides of a (user, role)'s tier: set until an expiry, or cleared. Each is audited and
 * recorded as a tier change, under the user's risk lock like a recompute; moving the account into
 * BANNED revokes its sessions in the same transaction.
 */
export class RiskOverrideService {
  constructor(
    private readonly database: Database,
    private readonly settings: Pick<Config['risk'], 'overrideMaxDays'>,
    private readonly sessions: SessionRevoker,
    /** Where each override's expiry is scheduled (a recompute at that instant). */
    private readonly jobs: JobQueue,
  ) {}

  async overrideTier(
    actorUserId: string,
    input: { userId: string | null; role: RiskRole; tier: RiskTier; reason: string; expiresAt: Date },
    meta: RequestMeta,
  ): Promise<Refusable<{ profile: RiskProfileView }, OverrideRiskTierErrorCode>> {
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

    const result = await withTransaction(this.database, async (tx) => {
      await holdAccountActive(tx, actorUserId);
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
      await recordOverrideChange(tx, 'OVERRIDE_SET', previous, {
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
      const banned = await applyTierChange(tx, this.sessions, {
        userId,
        before,
        now,
        reason: 'OVERRIDE_SET',
        actorUserId,
      });
      return { profile: await profileView(tx, userId, input.role, now), banned };
    });
    // The ban's unpaid top-ups are canceled at Stripe before the admin hears of the ban.
    if (result.banned) await this.sessions.cancelUnpaidTopUpsNow?.(userId);
    return { profile: result.profile };
  }

  async clearOverride(
    actorUserId: string,
    input: { userId: string | null; role: RiskRole; reason: string },
    meta: RequestMeta,
  ): Promise<Refusable<{ profile: RiskProfileView }, ClearRiskOverrideErrorCode>> {
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

    return catchRefusal<{ profile: RiskProfileView }, ClearRiskOverrideErrorCode>(() =>
      withTransaction(this.database, async (tx) => {
        await holdAccountActive(tx, actorUserId);
        await lockParty(tx, userId);
        const before = await profilesOf(tx, userId);
        const previous = findRole(before, input.role);
        if (!previous?.overrideTier) {
          refuse(ClearRiskOverrideErrorCode.NO_OVERRIDE, 'This profile has no override.', 'userId');
        }
        const fromTier = effectiveAt(previous, now);
        await tx
          .update(riskProfiles)
          .set({ ...noOverride, updatedAt: now })
          .where(and(eq(riskProfiles.userId, userId), eq(riskProfiles.role, input.role)));
        await recordOverrideChange(tx, 'OVERRIDE_CLEARED', previous, {
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
        await applyTierChange(tx, this.sessions, {
          userId,
          before,
          now,
          reason: 'OVERRIDE_CLEARED',
          actorUserId,
        });
        return { profile: await profileView(tx, userId, input.role, now) };
      }),
    );
  }

  /** The target of an override: an existing user who holds the role and is not the admin acting. */
  private async checkTarget(
    userId: string | null,
    role: RiskRole,
    actorUserId: string,
  ): Promise<{ userId: string } | 'USER_NOT_FOUND' | 'ROLE_NOT_HELD' | 'SELF_OVERRIDE'> {
    if (!userId || !isUserId(userId)) return 'USER_NOT_FOUND';
    const user = await userStanding(this.database, userId);
    if (!user) return 'USER_NOT_FOUND';
    if (userId === actorUserId) return 'SELF_OVERRIDE';
    if (!(user.roles as string[]).includes(role)) return 'ROLE_NOT_HELD';
    return { userId };
  }
}

/** The tier change an override makes, with the score and factors of the profile's last snapshot. */
async function recordOverrideChange(
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
  const snapshot = previous?.snapshotId ? await riskSnapshot(tx, previous.snapshotId) : undefined;
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

function validReason(reason: string): boolean {
  return isAdminReason(reason);
}

function invalidReason<Code extends string>(code: Code): UserErrorValue<Code> {
  return userError(code, adminReasonRule, 'reason');
}

import type { Tx } from '../db/transaction';
import type { JobQueue } from '../jobs/queue';
import type { RiskRole } from '../domain/risk-scoring';

/** The job that scores a user again from a fresh PartyHistory (every role the user holds). */
export const riskRecomputeTask = 'risk.recompute';

/** Why a score is computed again; stored on the snapshot. */
export const riskRecomputeReasons = [
  'ORDER_PLACED',
  'ORDER_COMPLETED',
  'ORDER_REFUNDED',
  'CHARGEBACK_OPENED',
  'DISPUTE_OPENED',
  'DISPUTE_RESOLVED',
  'OVERRIDE_EXPIRED',
  'MANUAL',
] as const;
export type RiskRecomputeReason = (typeof riskRecomputeReasons)[number];

export function isRiskRecomputeReason(value: unknown): value is RiskRecomputeReason {
  return typeof value === 'string' && (riskRecomputeReasons as readonly string[]).includes(value);
}

/**
 * Schedules a recompute of `userId`'s risk profile, inside the caller's transaction: the job
 * exists if and only if the event that calls for it commits. For every area: call it in the
 * transaction that changes a fact the score reads (orders, refunds, chargebacks, dispute outcomes).
 *
 * Pending recomputes of one user collapse into one (job key): a burst of events is scored once,
 * from the history as it is when the job runs; the last reason given is the one recorded.
 */
export async function enqueueRiskRecompute(
  tx: Tx,
  jobs: JobQueue,
  userId: string,
  reason: RiskRecomputeReason,
): Promise<void> {
  await jobs.enqueue(tx, riskRecomputeTask, { userId, reason }, { jobKey: `risk_recompute:${userId}` });
}

/** A recompute at the moment an override expires, which records the expiry and applies the computed tier. */
export async function scheduleOverrideExpiry(
  tx: Tx,
  jobs: JobQueue,
  userId: string,
  role: RiskRole,
  expiresAt: Date,
): Promise<void> {
  await jobs.enqueue(
    tx,
    riskRecomputeTask,
    { userId, reason: 'OVERRIDE_EXPIRED' satisfies RiskRecomputeReason },
    { jobKey: `risk_override_expiry:${userId}:${role}`, runAt: expiresAt },
  );
}

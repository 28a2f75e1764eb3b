import { sql } from 'drizzle-orm';
import { preparedStatement, runPrepared } from '../db/prepared';
import type { Tx } from '../db/transaction';
import type { JobQueue } from '../jobs/queue';
import type { RiskRole } from '../domain/risk-scoring';
import { assert } from '../shared/assert';
import { isUserId } from './risk.queries';

/** The job that scores a user again at the moment an admin's override expires. */
export const riskRecomputeTask = 'risk.recompute';

/** The sweep that drains risk_recompute_requests (RiskService.drainRecomputeRequests). */
export const riskRecomputeSweep = 'risk.recompute_requests';

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
 * Asks for a recompute of each user's risk profile, inside the caller's transaction: the request
 * exists if and only if the fact that calls for it commits. For every area: call it in the
 * transaction that changes a fact the score reads (orders, refunds, chargebacks, dispute outcomes).
 *
 * One statement, whatever the number of users: an upsert of one row per user in
 * risk_recompute_requests, no job. Requests of one user collapse into one row: a burst of facts is
 * scored once, from the history as it is when the drain runs (within RISK_RECOMPUTE_SWEEP_SECONDS);
 * the last reason given is the one recorded. The row is locked until this transaction ends, so
 * call it at the end of the transaction; the users' rows are taken in ascending id order.
 */
export async function enqueueRiskRecompute(
  tx: Tx,
  userIds: string | readonly string[],
  reason: RiskRecomputeReason,
): Promise<void> {
  const users = [...new Set(typeof userIds === 'string' ? [userIds] : userIds)].sort();
  assert(users.length >= 1 && users.length <= 100, 'a risk recompute request names 1 to 100 users');
  for (const userId of users) {
    assert(isUserId(userId), `risk recompute request without a user id ("${userId.slice(0, 40)}")`);
  }
  assert(isRiskRecomputeReason(reason), `risk recompute request with an unknown reason ${String(reason)}`);
  await runPrepared(tx, requestRecompute, { reason, users });
}

/** The request upsert (a named prepared statement: every purchase, release and refund runs it). */
const requestRecompute = preparedStatement(
  'risk.request_recompute',
  sql`
    insert into risk_recompute_requests (user_id, reason)
    select user_id, ${sql.placeholder('reason')}::text
      from unnest(${sql.placeholder('users')}::uuid[]) as requested (user_id) order by user_id
    on conflict (user_id) do update
      set reason = excluded.reason, version = risk_recompute_requests.version + 1, attempts = 0, last_error = null`,
);

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

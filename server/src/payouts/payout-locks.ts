import { sql } from 'drizzle-orm';
import type { Tx } from '../db/transaction';

/**
 * One seller's payout work in one currency at a time: withdrawal requests, executions, sweeps and
 * eligibility refreshes of that seller queue on this transaction lock, so two of them never pick
 * the same orders or both pass the one-open-withdrawal check. Taken before any row lock.
 */
export async function lockSellerPayouts(tx: Tx, sellerId: string, currency: string): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`payouts:${sellerId}:${currency}`}, 0))`,
  );
}

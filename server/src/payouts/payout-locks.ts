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

/**
 * A seller's payout holds are set and lifted one at a time, and a withdrawal request waits for one
 * being set (after lockSellerPayouts): it then reads the hold, PAYOUTS_HELD, rather than the orders
 * the hold just blocked, which would read as too little money available.
 */
export async function lockSellerHolds(tx: Tx, sellerId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`payout_holds:${sellerId}`}, 0))`);
}

import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Database } from '../db/pool';
import type { Tx } from '../db/transaction';
import type { WalletFlagStanding } from '../domain/money-invariants';
import { WalletStatus } from './wallet.service';
import { wallets, walletStatusChanges } from './wallet.tables';

/**
 * The wallet area's published reads for other areas (the money invariants, `../invariants/`).
 * Only WalletService writes `wallets` and `wallet_status_changes`.
 */

type Executor = Database | Tx;

/** Wallets flagged WALLET_AT_RISK, per currency (the partial index `wallets_flagged_idx` holds exactly them). */
export async function flaggedWalletCounts(executor: Executor): Promise<Map<string, number>> {
  const rows = await executor
    .select({ currency: wallets.currency, count: sql<number>`count(*)::int` })
    .from(wallets)
    .where(eq(wallets.status, WalletStatus.WALLET_AT_RISK))
    .groupBy(wallets.currency);
  return new Map(rows.map((row) => [row.currency, row.count]));
}

/**
 * The standing of each of `refs` (buyer and currency), keyed `buyerId:currency`: FLAGGED
 * (WALLET_AT_RISK), LIFTED_BY_ADMIN (the last change of its status was an admin's liftWalletFlag),
 * else UNFLAGGED (never flagged, lifted by Stripe when a chargeback was won, or no wallet row).
 */
export async function walletFlagStandings(
  executor: Executor,
  refs: readonly { buyerId: string; currency: string }[],
): Promise<Map<string, WalletFlagStanding>> {
  const standings = new Map<string, WalletFlagStanding>(
    refs.map((ref) => [`${ref.buyerId}:${ref.currency}`, 'UNFLAGGED']),
  );
  if (refs.length === 0) return standings;
  const result = await executor.execute<{ buyer_id: string; currency: string; standing: WalletFlagStanding }>(
    sql`
    select w.buyer_id, w.currency,
           case
             when w.status = ${WalletStatus.WALLET_AT_RISK} then 'FLAGGED'
             when (select c.actor_user_id from ${walletStatusChanges} c
                    where c.wallet_id = w.id order by c.id desc limit 1) is not null then 'LIFTED_BY_ADMIN'
             else 'UNFLAGGED'
           end as standing
      from ${wallets} w
      join unnest(${sql.param(refs.map((ref) => ref.buyerId))}::uuid[],
                  ${sql.param(refs.map((ref) => ref.currency))}::char(3)[])
           as wanted (buyer_id, currency)
        on w.buyer_id = wanted.buyer_id and w.currency = wanted.currency`,
  );
  for (const row of result.rows) standings.set(`${row.buyer_id}:${row.currency}`, row.standing);
  return standings;
}

/** The buyers among `buyerIds` with a wallet on hold (not ACTIVE: a chargeback), in any currency. */
export async function buyersWithWalletOnHold(
  executor: Executor,
  buyerIds: readonly string[],
): Promise<Set<string>> {
  if (buyerIds.length === 0) return new Set();
  const rows = await executor
    .selectDistinct({ buyerId: wallets.buyerId })
    .from(wallets)
    .where(and(inArray(wallets.buyerId, [...buyerIds]), ne(wallets.status, WalletStatus.ACTIVE)));
  return new Set(rows.map((row) => row.buyerId));
}

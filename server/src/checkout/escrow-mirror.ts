import { sql } from 'drizzle-orm';
import type { Database } from '../db/pool';

/**
 * Reconciles every order's escrow_status (the mirror) with the ledger (the authority):
 * HELD holds exactly the price in the order's escrow account and has no settlement posting;
 * RELEASED and REFUNDED have an empty escrow account and exactly that settlement posting.
 */
export interface EscrowMirrorReport {
  orders: number;
  mismatches: { orderId: string; escrowStatus: string; escrowBalance: number; settlements: string[] }[];
}

export async function verifyEscrowMirrors(database: Database): Promise<EscrowMirrorReport> {
  const { rows } = await database.execute<{
    order_id: string;
    escrow_status: string;
    escrow_balance: number;
    settlements: string[];
    consistent: boolean;
  }>(sql`
    select o.id as order_id, o.escrow_status, coalesce(a.balance, 0) as escrow_balance,
           coalesce(s.kinds, '{}') as settlements,
           case o.escrow_status
             when 'HELD' then coalesce(a.balance, 0) = o.price_amount and coalesce(s.kinds, '{}') = '{}'
             when 'RELEASED' then coalesce(a.balance, 0) = 0 and s.kinds = '{RELEASE}'
             when 'REFUNDED' then coalesce(a.balance, 0) = 0 and s.kinds = '{REFUND}'
           end as consistent
      from orders o
      left join ledger_accounts a on a.kind = 'ESCROW' and a.order_id = o.id
      left join lateral (
        select array_agg(t.kind order by t.kind) as kinds
          from ledger_transactions t where t.order_id = o.id and t.kind in ('RELEASE', 'REFUND')
      ) s on true`);
  return {
    orders: rows.length,
    mismatches: rows
      .filter((row) => !row.consistent)
      .map((row) => ({
        orderId: row.order_id,
        escrowStatus: row.escrow_status,
        escrowBalance: Number(row.escrow_balance),
        settlements: row.settlements,
      })),
  };
}

import { sql } from 'drizzle-orm';
import type { Database } from '../db/pool';
import type { Tx } from '../db/transaction';
import { partyHistorySchemaVersion, type PartyHistory } from '../domain/party-history';
import { assert } from '../shared/assert';

const dayMs = 86_400_000;

/**
 * A user's PartyHistory as of `now`, read from orders (checkout), disputes (this area) and
 * chargebacks (wallet). Only facts dated strictly before `now` count (an order created before it,
 * released before it, a dispute decided before it...), so the history as of a moment can be
 * collected again later and comes out the same: the evidence snapshot records it, and the risk
 * score is computed from it (invariant 12). Reads only; one round trip.
 */
export async function collectPartyHistory(
  db: Database | Tx,
  userId: string,
  now: Date,
): Promise<PartyHistory> {
  const at = now.toISOString();
  const dayAgo = new Date(now.getTime() - dayMs).toISOString();
  const weekAgo = new Date(now.getTime() - 7 * dayMs).toISOString();
  // One pass over each of the user's sets of rows (orders bought, orders sold, disputes opened,
  // disputes received, chargebacks), every count a FILTER of it: the cost is one read of the
  // user's history, not one per count.
  const result = await db.execute<Record<string, number | string | Date>>(sql`
    select u.created_at as "accountCreatedAt", bought.*, sold.*, opened.*, received.*, charged.*
      from users u
     cross join lateral (
       select count(*) filter (where o.created_at < ${at}::timestamptz)::int as "orders",
              count(*) filter (where o.released_at < ${at}::timestamptz)::int as "completedOrders",
              count(*) filter (where o.refunded_at < ${at}::timestamptz)::int as "refundedOrders",
              count(*) filter (where o.created_at > ${dayAgo}::timestamptz
                                 and o.created_at < ${at}::timestamptz)::int as "ordersLast24Hours",
              count(*) filter (where o.created_at > ${weekAgo}::timestamptz
                                 and o.created_at < ${at}::timestamptz)::int as "ordersLast7Days"
         from orders o where o.buyer_id = u.id) bought
     cross join lateral (
       select count(*) filter (where o.created_at < ${at}::timestamptz)::int as "sales",
              count(*) filter (where o.released_at < ${at}::timestamptz)::int as "completedSales",
              count(*) filter (where o.refunded_at < ${at}::timestamptz)::int as "refundedSales",
              count(*) filter (where o.created_at > ${weekAgo}::timestamptz
                                 and o.created_at < ${at}::timestamptz)::int as "salesLast7Days"
         from orders o where o.seller_id = u.id) sold
     cross join lateral (
       select count(*) filter (where d.created_at < ${at}::timestamptz)::int as "disputesOpened",
              count(*) filter (where d.outcome = 'WON' and d.decided_at < ${at}::timestamptz)::int as "disputesWon",
              count(*) filter (where d.outcome = 'LOST' and d.decided_at < ${at}::timestamptz)::int as "disputesLost"
         from disputes d where d.buyer_id = u.id) opened
     cross join lateral (
       select count(*) filter (where d.created_at < ${at}::timestamptz)::int as "disputesReceived",
              -- The buyer winning is the seller losing.
              count(*) filter (where d.outcome = 'WON' and d.decided_at < ${at}::timestamptz)::int as "sellerDisputesLost"
         from disputes d where d.seller_id = u.id) received
     cross join lateral (
       select count(*) filter (where c.opened_at < ${at}::timestamptz)::int as "chargebacks"
         from chargebacks c where c.buyer_id = u.id) charged
     where u.id = ${userId}::uuid`);
  const row = result.rows[0];
  assert(row, `collectPartyHistory: no user ${userId}`);
  const count = (name: string): number => {
    const value = row[name];
    assert(
      typeof value === 'number' && Number.isSafeInteger(value),
      `collectPartyHistory: ${name} is not a count`,
    );
    return value;
  };
  const accountCreatedAt = new Date(row['accountCreatedAt'] as string | Date);
  return {
    schemaVersion: partyHistorySchemaVersion,
    userId,
    accountCreatedAt: accountCreatedAt.toISOString(),
    accountAgeDays: Math.max(0, Math.floor((now.getTime() - accountCreatedAt.getTime()) / dayMs)),
    asBuyer: {
      orders: count('orders'),
      completedOrders: count('completedOrders'),
      refundedOrders: count('refundedOrders'),
      disputesOpened: count('disputesOpened'),
      disputesWon: count('disputesWon'),
      disputesLost: count('disputesLost'),
      chargebacks: count('chargebacks'),
      ordersLast24Hours: count('ordersLast24Hours'),
      ordersLast7Days: count('ordersLast7Days'),
    },
    asSeller: {
      sales: count('sales'),
      completedSales: count('completedSales'),
      refundedSales: count('refundedSales'),
      disputesReceived: count('disputesReceived'),
      disputesLost: count('sellerDisputesLost'),
      salesLast7Days: count('salesLast7Days'),
    },
  };
}

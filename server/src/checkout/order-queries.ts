import { and, asc, desc, eq, gte, inArray, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../db/pool';
import type { Tx } from '../db/transaction';
import type { KeysetCursor } from '../shared/keyset-cursor';
import { codeReveals, orders } from './checkout.tables';
import type { OrderRow } from './escrow.service';

export type CodeRevealRow = typeof codeReveals.$inferSelect;

/** Orders of one buyer or one seller, newest first, after a keyset cursor. */
export async function listOrders(
  database: Database,
  party: { buyerId: string } | { sellerId: string },
  limit: number,
  after: KeysetCursor | null,
  /** Only orders in these escrow states (none: every order). Read through the party's index, newest first. */
  escrowStatuses: readonly OrderRow['escrowStatus'][] = [],
): Promise<OrderRow[]> {
  const partyCondition =
    'buyerId' in party ? eq(orders.buyerId, party.buyerId) : eq(orders.sellerId, party.sellerId);
  return database
    .select()
    .from(orders)
    .where(
      and(
        partyCondition,
        escrowStatuses.length > 0 ? inArray(orders.escrowStatus, [...escrowStatuses]) : undefined,
        after
          ? or(
              lt(orders.createdAt, new Date(after.createdAt)),
              and(eq(orders.createdAt, new Date(after.createdAt)), lt(orders.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(limit);
}

export async function findOrder(database: Database | Tx, orderId: string): Promise<OrderRow | undefined> {
  const [order] = await database.select().from(orders).where(eq(orders.id, orderId));
  return order;
}

/** The orders among `orderIds` (for loaders); the missing ones are left out. */
export async function ordersByIds(database: Database | Tx, orderIds: readonly string[]): Promise<OrderRow[]> {
  if (orderIds.length === 0) return [];
  return database
    .select()
    .from(orders)
    .where(inArray(orders.id, [...orderIds]));
}

/**
 * The order, locked `for update` until `tx` ends. Every settlement of an order (release, refund)
 * and every dispute opening takes this lock first, so whoever holds it sees the order's escrow
 * and disputes as they stay until it commits.
 */
export async function lockOrder(tx: Tx, orderId: string): Promise<OrderRow | undefined> {
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update');
  return order;
}

/** Every time the order's code was shown, and to whom, oldest first. */
export async function codeRevealsOfOrder(database: Database | Tx, orderId: string): Promise<CodeRevealRow[]> {
  return database
    .select()
    .from(codeReveals)
    .where(eq(codeReveals.orderId, orderId))
    .orderBy(asc(codeReveals.revealedAt), asc(codeReveals.id));
}

/** A released order as the payouts area tracks it (PayoutEligibilityService). */
export interface ReleasedOrderFacts {
  orderId: string;
  sellerId: string;
  currency: string;
  releasedAt: Date;
  /** The end of the payout hold (orders.payout_eligible_at). */
  payoutEligibleAt: Date;
}

/** What payout tracking reads of a released order (releasedOrderFacts). */
const releasedOrderColumns = {
  orderId: orders.id,
  sellerId: orders.sellerId,
  currency: orders.currency,
  releasedAt: orders.releasedAt,
  payoutEligibleAt: orders.payoutEligibleAt,
};

/** Release times at JavaScript's precision, so that a keyset read back from a Date meets its row exactly. */
const releasedAtMs = sql`date_trunc('milliseconds', ${orders.releasedAt})`;

/**
 * Orders released at or after `since`, oldest release first (then by id), at most `limit`, after
 * the keyset `after` (the last row of the previous page) when given.
 */
export async function releasedOrdersSince(
  database: Database | Tx,
  since: Date,
  limit: number,
  after: { releasedAt: Date; orderId: string } | null = null,
): Promise<ReleasedOrderFacts[]> {
  const rows = await database
    .select(releasedOrderColumns)
    .from(orders)
    .where(
      and(
        eq(orders.escrowStatus, 'RELEASED'),
        gte(orders.releasedAt, since),
        after
          ? sql`(${releasedAtMs}, ${orders.id}) > (${after.releasedAt.toISOString()}::timestamptz, ${after.orderId}::uuid)`
          : undefined,
      ),
    )
    .orderBy(asc(releasedAtMs), asc(orders.id))
    .limit(limit);
  return rows.map(releasedOrderFacts);
}

function releasedOrderFacts(row: {
  orderId: string;
  sellerId: string;
  currency: string;
  releasedAt: Date | null;
  payoutEligibleAt: Date | null;
}): ReleasedOrderFacts {
  return {
    orderId: row.orderId,
    sellerId: row.sellerId,
    currency: row.currency,
    releasedAt: row.releasedAt!,
    payoutEligibleAt: row.payoutEligibleAt ?? row.releasedAt!,
  };
}

/**
 * One seller's orders released at or after `since`, oldest release first (then by id), at most
 * `limit`: a range of `orders_released_seller_idx` (migration 0034).
 */
export async function sellerReleasesSince(
  database: Database | Tx,
  sellerId: string,
  since: Date,
  limit: number,
): Promise<ReleasedOrderFacts[]> {
  const rows = await database
    .select(releasedOrderColumns)
    .from(orders)
    .where(
      and(eq(orders.sellerId, sellerId), eq(orders.escrowStatus, 'RELEASED'), gte(orders.releasedAt, since)),
    )
    .orderBy(asc(orders.releasedAt), asc(orders.id))
    .limit(limit);
  return rows.map(releasedOrderFacts);
}

/** The buyer of each of `orderIds` that exists (payout eligibility: a buyer's wallet on hold). */
export async function buyersOfOrders(
  database: Database | Tx,
  orderIds: readonly string[],
): Promise<Map<string, string>> {
  if (orderIds.length === 0) return new Map();
  const rows = await database
    .select({ orderId: orders.id, buyerId: orders.buyerId })
    .from(orders)
    .where(inArray(orders.id, [...orderIds]));
  return new Map(rows.map((row) => [row.orderId, row.buyerId]));
}

/** The buyer's released orders and their sellers (`orders_buyer_idx`). */
export async function releasedOrdersOfBuyer(
  database: Database | Tx,
  buyerId: string,
): Promise<{ orderId: string; sellerId: string }[]> {
  return database
    .select({ orderId: orders.id, sellerId: orders.sellerId })
    .from(orders)
    .where(and(eq(orders.buyerId, buyerId), eq(orders.escrowStatus, 'RELEASED')));
}

/** Orders held in escrow in one currency: how many, and their prices added up (the money invariants). */
export interface HeldEscrowTotal {
  currency: string;
  heldOrders: number;
  total: number;
}

/** Per currency, in currency order; reads the held orders only (`orders_held_idx`). */
export async function heldEscrowTotals(database: Database | Tx): Promise<HeldEscrowTotal[]> {
  const rows = await database
    .select({
      currency: orders.currency,
      heldOrders: sql<number>`count(*)::int`,
      total: sql<number>`coalesce(sum(${orders.priceAmount}), 0)::bigint`,
    })
    .from(orders)
    .where(eq(orders.escrowStatus, 'HELD'))
    .groupBy(orders.currency)
    .orderBy(orders.currency);
  return rows.map((row) => ({
    currency: row.currency,
    heldOrders: row.heldOrders,
    total: Number(row.total),
  }));
}

/**
 * Each of `sellerIds`' completed sales (released orders) and how many different buyers made them;
 * sellers without any are absent. One query for the whole batch (Seller.completedSales and
 * Seller.badge), an index-only scan of `orders_released_seller_idx` (migration 0034).
 */
export async function completedSalesCounts(
  database: Database | Tx,
  sellerIds: readonly string[],
): Promise<Map<string, { completedSales: number; distinctBuyers: number }>> {
  if (sellerIds.length === 0) return new Map();
  const rows = await database
    .select({
      sellerId: orders.sellerId,
      completedSales: sql<number>`count(*)::int`,
      distinctBuyers: sql<number>`count(distinct ${orders.buyerId})::int`,
    })
    .from(orders)
    .where(and(inArray(orders.sellerId, [...sellerIds]), eq(orders.escrowStatus, 'RELEASED')))
    .groupBy(orders.sellerId);
  return new Map(
    rows.map((row) => [
      row.sellerId,
      { completedSales: row.completedSales, distinctBuyers: row.distinctBuyers },
    ]),
  );
}

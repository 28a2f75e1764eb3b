import { and, asc, desc, eq, gt, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/pool';
import type { Tx } from '../db/transaction';
import { sellerPayoutLedger } from '../ledger/ledger.queries';
import type { KeysetCursor } from '../shared/keyset-cursor';
import type { PayoutEligibilityService } from './payout-eligibility.service';
import type { PayoutRow } from './payout.service';
import { payoutOrders, payouts, withdrawals } from './payouts.tables';
import type { WithdrawalRow } from './withdrawal-domain.service';

/**
 * The reading half of the payouts area: keyset-paged lists of payouts and withdrawals, stuck
 * payouts, a payout's orders, each order's payout state, and a seller's earnings by state. Reads
 * only; the services write. They do not know who asks: the resolvers authorise the viewer.
 */

type Executor = Database | Tx;

export type PayoutState = PayoutRow['state'];
export type WithdrawalState = WithdrawalRow['state'];

/** Newest first over (created_at, id): the rows strictly after the cursor. */
function newestFirstAfter(
  createdAt: typeof payouts.createdAt | typeof withdrawals.createdAt,
  id: typeof payouts.id | typeof withdrawals.id,
  after: KeysetCursor | null,
): SQL | undefined {
  if (!after) return undefined;
  const at = new Date(after.createdAt);
  return or(lt(createdAt, at), and(eq(createdAt, at), lt(id, after.id)));
}

/** Payouts, newest first; by state and seller when given (admins, and a seller's own). */
export async function payoutsPage(
  executor: Executor,
  filter: { sellerId: string | null; state: PayoutState | null },
  limit: number,
  after: KeysetCursor | null,
): Promise<PayoutRow[]> {
  return executor
    .select()
    .from(payouts)
    .where(
      and(
        filter.sellerId ? eq(payouts.sellerId, filter.sellerId) : undefined,
        filter.state ? eq(payouts.state, filter.state) : undefined,
        newestFirstAfter(payouts.createdAt, payouts.id, after),
      ),
    )
    .orderBy(desc(payouts.createdAt), desc(payouts.id))
    .limit(limit);
}

/** Withdrawals, newest first; by state and seller when given. */
export async function withdrawalsPage(
  executor: Executor,
  filter: { sellerId: string | null; state: WithdrawalState | null },
  limit: number,
  after: KeysetCursor | null,
): Promise<WithdrawalRow[]> {
  return executor
    .select()
    .from(withdrawals)
    .where(
      and(
        filter.sellerId ? eq(withdrawals.sellerId, filter.sellerId) : undefined,
        filter.state ? eq(withdrawals.state, filter.state) : undefined,
        newestFirstAfter(withdrawals.createdAt, withdrawals.id, after),
      ),
    )
    .orderBy(desc(withdrawals.createdAt), desc(withdrawals.id))
    .limit(limit);
}

/**
 * Payouts PENDING since before `olderThan` (their process died between phases, or Stripe's answer
 * is still unknown), oldest first: what the recovery job will re-drive.
 */
export async function stuckPayoutsPage(
  executor: Executor,
  olderThan: Date,
  limit: number,
  after: KeysetCursor | null,
): Promise<PayoutRow[]> {
  const at = after ? new Date(after.createdAt) : null;
  return executor
    .select()
    .from(payouts)
    .where(
      and(
        eq(payouts.state, 'PENDING'),
        lt(payouts.createdAt, olderThan),
        after && at
          ? or(gt(payouts.createdAt, at), and(eq(payouts.createdAt, at), gt(payouts.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(asc(payouts.createdAt), asc(payouts.id))
    .limit(limit);
}

export async function payoutsByIds(executor: Executor, payoutIds: readonly string[]): Promise<PayoutRow[]> {
  if (payoutIds.length === 0) return [];
  return executor
    .select()
    .from(payouts)
    .where(inArray(payouts.id, [...payoutIds]));
}

/** The payouts that executed the given withdrawals (a withdrawal has at most one). */
export async function payoutsOfWithdrawals(
  executor: Executor,
  withdrawalIds: readonly string[],
): Promise<PayoutRow[]> {
  if (withdrawalIds.length === 0) return [];
  return executor
    .select()
    .from(payouts)
    .where(inArray(payouts.withdrawalId, [...withdrawalIds]));
}

export async function withdrawalsByIds(
  executor: Executor,
  withdrawalIds: readonly string[],
): Promise<WithdrawalRow[]> {
  if (withdrawalIds.length === 0) return [];
  return executor
    .select()
    .from(withdrawals)
    .where(inArray(withdrawals.id, [...withdrawalIds]));
}

/** One order of a payout: its net amount is the earnings leg of its release posting. */
export interface PayoutOrderView {
  orderId: string;
  netAmount: number;
  currency: string;
  releasedAt: Date;
  /** released_at to the microsecond, as a UTC ISO string: the page cursor. */
  releasedAtKey: string;
}

/** A payout's orders in the order it took them (FIFO: oldest release first), keyset-paged. */
export async function ordersOfPayout(
  executor: Executor,
  payoutId: string,
  limit: number,
  after: KeysetCursor | null,
): Promise<PayoutOrderView[]> {
  const releasedAtKey = sql<string>`to_char(${payoutOrders.releasedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  return executor
    .select({
      orderId: payoutOrders.orderId,
      netAmount: payoutOrders.netAmount,
      currency: payoutOrders.currency,
      releasedAt: payoutOrders.releasedAt,
      releasedAtKey,
    })
    .from(payoutOrders)
    .where(
      and(
        eq(payoutOrders.payoutId, payoutId),
        after
          ? sql`(${payoutOrders.releasedAt}, ${payoutOrders.orderId}) > (${after.createdAt}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(asc(payoutOrders.releasedAt), asc(payoutOrders.orderId))
    .limit(limit);
}

/** An order's payout state as the seller sees it, with the payout that took it (if any). */
export interface OrderPayoutStatusView {
  orderId: string;
  sellerId: string;
  state: (typeof payoutOrders.$inferSelect)['state'];
  blockedReason: string | null;
  netAmount: number;
  currency: string;
  eligibleFrom: Date;
  payout: PayoutRow | null;
}

/** The payout state of each of `orderIds` that the eligibility job tracks (released orders). */
export async function payoutStatusOfOrders(
  executor: Executor,
  orderIds: readonly string[],
): Promise<Map<string, OrderPayoutStatusView>> {
  if (orderIds.length === 0) return new Map();
  const rows = await executor
    .select({ order: payoutOrders, payout: payouts })
    .from(payoutOrders)
    .leftJoin(payouts, eq(payouts.id, payoutOrders.payoutId))
    .where(inArray(payoutOrders.orderId, [...orderIds]));
  return new Map(
    rows.map(({ order, payout }) => [
      order.orderId,
      {
        orderId: order.orderId,
        sellerId: order.sellerId,
        state: order.state,
        blockedReason: order.blockedReason,
        netAmount: order.netAmount,
        currency: order.currency,
        eligibleFrom: order.eligibleFrom,
        payout,
      },
    ]),
  );
}

/** A seller's earnings in one currency by payout state, every figure from ledger facts. */
export interface SellerEarningsView {
  currency: string;
  /** SELLER_EARNINGS: the ledger balance of the seller's earnings account. */
  earningsBalance: number;
  /** ELIGIBLE orders: what a withdrawal may take now. */
  available: { amount: number; orders: number };
  /** HELD orders (released, inside the payout hold window) and releases not tracked yet. */
  pending: { amount: number; orders: number };
  /** BLOCKED orders, in total and by reason. */
  blocked: { amount: number; orders: number };
  blockedByReason: { reason: string; amount: number; orders: number }[];
  /**
   * The earnings balance less available, pending and blocked: money in earnings that no order
   * awaiting payout accounts for, that is amounts credited back by transfer reversals (the
   * reversed payout's orders stay paid).
   */
  unattributed: number;
  /** PAYOUTS_IN_TRANSIT: allocated to payouts between phase 1 and phase 3. */
  inTransit: number;
  /** ALLOCATED orders (their sum equals inTransit once every payout's phases are done or pending). */
  allocatedOrders: number;
  /** Transferred by completed payouts less what reversals brought back. */
  paid: number;
  /** PAID orders (whole orders paid out, reversals aside). */
  paidOrders: number;
  transferred: number;
  reversed: number;
}

/**
 * A seller's earnings per currency: the per-order states (payout_orders, whose net amounts are the
 * release postings' earnings legs) beside the ledger's own accounts (sellerPayoutLedger), read in
 * one snapshot (a read-only REPEATABLE READ transaction). Releases the eligibility job has not
 * tracked yet count as pending: released, their payout hold not checked yet.
 * available + pending + blocked + unattributed = earningsBalance, by construction of unattributed;
 * unattributed is never negative unless an order's state and the ledger disagree.
 */
export async function sellerEarnings(
  database: Database,
  eligibility: PayoutEligibilityService,
  sellerId: string,
): Promise<SellerEarningsView[]> {
  const { totals, untracked, ledger } = await database.transaction(
    async (tx) => ({
      totals: await eligibility.stateTotals(tx, sellerId),
      untracked: await eligibility.untrackedTotals(tx, sellerId),
      ledger: await sellerPayoutLedger(tx, sellerId),
    }),
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  const currencies = [
    ...new Set([
      ...ledger.map((row) => row.currency),
      ...totals.map((row) => row.currency),
      ...untracked.map((row) => row.currency),
    ]),
  ].sort();
  return currencies.map((currency) => {
    const ofCurrency = totals.filter((row) => row.currency === currency);
    const sum = (state: string) => {
      const rows = ofCurrency.filter((row) => row.state === state);
      return {
        amount: rows.reduce((total, row) => total + row.amount, 0),
        orders: rows.reduce((total, row) => total + row.orders, 0),
      };
    };
    const available = sum('ELIGIBLE');
    const held = sum('HELD');
    const releasing = untracked.find((row) => row.currency === currency) ?? { orders: 0, amount: 0 };
    const pending = { amount: held.amount + releasing.amount, orders: held.orders + releasing.orders };
    const blocked = sum('BLOCKED');
    const accounts = ledger.find((row) => row.currency === currency) ?? {
      earnings: 0,
      inTransit: 0,
      transferred: 0,
      reversed: 0,
    };
    return {
      currency,
      earningsBalance: accounts.earnings,
      available,
      pending,
      blocked,
      blockedByReason: ofCurrency
        .filter((row) => row.state === 'BLOCKED')
        .map((row) => ({ reason: row.blockedReason ?? 'UNKNOWN', amount: row.amount, orders: row.orders }))
        .sort((left, right) => left.reason.localeCompare(right.reason)),
      unattributed: accounts.earnings - available.amount - pending.amount - blocked.amount,
      inTransit: accounts.inTransit,
      allocatedOrders: sum('ALLOCATED').orders,
      paid: accounts.transferred - accounts.reversed,
      paidOrders: sum('PAID').orders,
      transferred: accounts.transferred,
      reversed: accounts.reversed,
    };
  });
}

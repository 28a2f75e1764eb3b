import { adminReasonRule, isAdminReason } from '../shared/admin-reason';
import { and, asc, desc, eq, inArray, isNull, max, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.service';
import { holdAccountActive, userStanding } from '../auth/auth.queries';
import {
  buyersOfOrders,
  releasedOrdersOfBuyer,
  releasedOrdersSince,
  sellerReleasesSince,
} from '../checkout/order-queries';
import { buyersWithWalletOnHold } from '../wallet/wallet.queries';
import type { Database } from '../db/pool';
import { withTransaction, type Tx } from '../db/transaction';
import { ordersWithOpenDisputes } from '../disputes/disputes.queries';
import {
  openPayoutOrderState,
  PayoutBlockReason,
  type OpenPayoutOrderState,
} from '../domain/payout-eligibility';
import type { PayableOrder } from '../domain/payout-rules';
import { releaseEarnings } from '../ledger/ledger.queries';
import { sellerPayoutStandings, type SellerPayoutStanding } from '../risk/risk.queries';
import { assert } from '../shared/assert';
import { catchRefusal, refuse, type Refusable } from '../shared/user-error';
import { payoutAccounts, payoutHolds, payoutOrders } from './payouts.tables';
import { lockSellerHolds } from './payout-locks';

export type PayoutOrderRow = typeof payoutOrders.$inferSelect;

function validReason(reason: string): string {
  const trimmed = reason.trim();
  if (!isAdminReason(trimmed)) refuse(PayoutHoldErrorCode.INVALID_REASON, adminReasonRule, 'reason');
  return trimmed;
}

/** A seller's ELIGIBLE orders in one currency, FIFO: oldest release first, then order id. */
function eligibleOrdersQuery(executor: Database | Tx, sellerId: string, currency: string, limit: number) {
  return executor
    .select({
      orderId: payoutOrders.orderId,
      netAmount: payoutOrders.netAmount,
      releasedAt: payoutOrders.releasedAt,
    })
    .from(payoutOrders)
    .where(
      and(
        eq(payoutOrders.sellerId, sellerId),
        eq(payoutOrders.currency, currency),
        eq(payoutOrders.state, 'ELIGIBLE'),
      ),
    )
    .orderBy(asc(payoutOrders.releasedAt), asc(payoutOrders.orderId))
    .limit(limit);
}

const openStates: OpenPayoutOrderState[] = ['HELD', 'ELIGIBLE', 'BLOCKED'];

/** Orders tracked per pass; a backlog is read page after page. */
const trackPageSize = 2_000;
/**
 * Releases are found by release time from the newest one tracked, less this overlap: a release
 * that committed late with an earlier timestamp is still found (transactions are bounded by the
 * statement timeout, far below this). Tracking is idempotent, so the overlap costs only a re-read.
 */
const trackOverlapMs = 15 * 60_000;
/**
 * How far back a seller's earnings and withdrawals look for releases the job has not tracked yet
 * (`untrackedReleases`): the job tracks them within PAYOUT_ELIGIBILITY_REFRESH_MINUTES (at most a
 * day); a release older than this and still untracked means the job is not running.
 */
const untrackedReleaseWindowMs = 24 * 60 * 60_000;

export enum PayoutHoldErrorCode {
  SELLER_NOT_FOUND = 'SELLER_NOT_FOUND',
  INVALID_REASON = 'INVALID_REASON',
  HOLD_ALREADY_ACTIVE = 'HOLD_ALREADY_ACTIVE',
  NO_ACTIVE_HOLD = 'NO_ACTIVE_HOLD',
  /** The admin is the seller (an account that is admin and seller): another admin decides. */
  OWN_ACCOUNT = 'OWN_ACCOUNT',
}

export type PayoutHoldRow = typeof payoutHolds.$inferSelect;

/** Why a seller may not be paid now, or null: what every payout checks first, under the seller's lock. */
export interface SellerGate {
  standing: SellerPayoutStanding;
  adminHold: boolean;
  account: { stripeAccountId: string; enabled: boolean } | null;
}

export function sellerBlockReason(gate: SellerGate): PayoutBlockReason | null {
  return sellerHoldReason(gate) ?? (gate.account?.enabled ? null : PayoutBlockReason.ACCOUNT_NOT_ENABLED);
}

/**
 * Why no money may leave for the seller now, or null: their standing (banned, AT_RISK or worse) or
 * an admin's hold. A payout already started is not sent while one holds (PayoutService.transfer);
 * its Connect account is left to Stripe, which refuses a transfer the account cannot take.
 */
export function sellerHoldReason(gate: SellerGate): PayoutBlockReason | null {
  if (gate.standing.banned) return PayoutBlockReason.SELLER_BANNED;
  if (gate.adminHold) return PayoutBlockReason.ADMIN_HOLD;
  if (gate.standing.atRisk) return PayoutBlockReason.SELLER_AT_RISK;
  return null;
}

/**
 * PayoutEligibilityService gates every payout. Each released order has a payout_orders row whose
 * open state (HELD, ELIGIBLE, BLOCKED with a reason) is derived from facts owned elsewhere: the
 * release posting (ledger), the payout hold (checkout), open disputes (disputes), the seller's
 * tier (risk), the Connect account and admin holds (this area). Nothing outside calls it: the
 * scheduled job re-reads the facts, this area's own events (account updates, holds, failed
 * payouts) refresh their seller, and every allocation refreshes its seller under the seller's
 * lock first. ALLOCATED and PAID belong to PayoutService.
 */
export class PayoutEligibilityService {
  constructor(private readonly database: Database) {}

  /** The scheduled job: track new releases, then re-derive every open order's state. */
  async refreshAll(): Promise<{ tracked: number; changed: number }> {
    const tracked = await this.trackReleases();
    const sellers = await this.database
      .selectDistinct({ sellerId: payoutOrders.sellerId })
      .from(payoutOrders)
      .where(inArray(payoutOrders.state, openStates));
    let changed = 0;
    for (let index = 0; index < sellers.length; index += 100) {
      const batch = sellers.slice(index, index + 100).map((row) => row.sellerId);
      changed += await withTransaction(this.database, (tx) => this.refreshSellers(tx, batch));
    }
    return { tracked, changed };
  }

  /** Adds a payout_orders row (HELD) for every released order not tracked yet; returns how many. */
  async trackReleases(): Promise<number> {
    const [{ newest } = { newest: null }] = await this.database
      .select({ newest: max(payoutOrders.releasedAt) })
      .from(payoutOrders);
    const since = newest ? new Date(newest.getTime() - trackOverlapMs) : new Date(0);
    let after: { releasedAt: Date; orderId: string } | null = null;
    let added = 0;
    for (;;) {
      const released = await releasedOrdersSince(this.database, since, trackPageSize, after);
      if (released.length === 0) break;
      added += await withTransaction(this.database, (tx) => this.track(tx, released));
      const last = released[released.length - 1]!;
      after = { releasedAt: last.releasedAt, orderId: last.orderId };
      if (released.length < trackPageSize) break;
    }
    return added;
  }

  /**
   * Tracks the seller's releases the job has not tracked yet, so that a withdrawal requested right
   * after a release counts it (under the seller's payout lock, before `refreshSellers`).
   */
  async trackSellerReleases(tx: Tx, sellerId: string): Promise<number> {
    return this.track(tx, await untrackedReleases(tx, sellerId, trackPageSize));
  }

  /** Tracks the given released orders (idempotent) and derives their state; the tracked count. */
  async track(
    tx: Tx,
    released: {
      orderId: string;
      sellerId: string;
      currency: string;
      releasedAt: Date;
      payoutEligibleAt: Date;
    }[],
  ): Promise<number> {
    if (released.length === 0) return 0;
    const earnings = await releaseEarnings(
      tx,
      released.map((order) => order.orderId),
    );
    const rows = released.map((order) => {
      const netAmount = earnings.get(order.orderId);
      assert(
        netAmount !== undefined && netAmount > 0,
        `released order ${order.orderId} has no earnings posting`,
      );
      return {
        orderId: order.orderId,
        sellerId: order.sellerId,
        currency: order.currency,
        netAmount,
        releasedAt: order.releasedAt,
        eligibleFrom: order.payoutEligibleAt,
      };
    });
    const inserted = await tx
      .insert(payoutOrders)
      .values(rows)
      .onConflictDoNothing({ target: payoutOrders.orderId })
      .returning({ orderId: payoutOrders.orderId });
    // Only the new rows: re-deriving the sellers' older orders on every page would make a backlog quadratic.
    if (inserted.length > 0) {
      await this.refreshSellers(
        tx,
        [...new Set(rows.map((row) => row.sellerId))],
        new Date(),
        inserted.map((row) => row.orderId),
      );
    }
    return inserted.length;
  }

  /**
   * Re-derives the open state of every HELD, ELIGIBLE or BLOCKED order of these sellers from the
   * facts as they are now. Rows taken by a payout meanwhile are left alone (the update re-checks
   * the state). Returns how many rows changed.
   */
  async refreshSellers(
    tx: Tx,
    sellerIds: readonly string[],
    now = new Date(),
    /** Only these orders of the sellers (newly tracked ones); all their open orders when absent. */
    orderIds?: readonly string[],
  ): Promise<number> {
    if (sellerIds.length === 0) return 0;
    const rows = await tx
      .select({
        orderId: payoutOrders.orderId,
        sellerId: payoutOrders.sellerId,
        eligibleFrom: payoutOrders.eligibleFrom,
        state: payoutOrders.state,
        blockedReason: payoutOrders.blockedReason,
      })
      .from(payoutOrders)
      .where(
        and(
          inArray(payoutOrders.sellerId, [...sellerIds]),
          inArray(payoutOrders.state, openStates),
          orderIds ? inArray(payoutOrders.orderId, [...orderIds]) : undefined,
        ),
      );
    if (rows.length === 0) return 0;
    const gates = await this.gates(tx, sellerIds);
    const orderIdsOfRows = rows.map((row) => row.orderId);
    const disputed = await ordersWithOpenDisputes(tx, orderIdsOfRows);
    const buyerOnHold = await this.ordersOfBuyersOnHold(tx, orderIdsOfRows);
    const changes: { orderId: string; state: OpenPayoutOrderState; blockedReason: string | null }[] = [];
    for (const row of rows) {
      const gate = gates.get(row.sellerId)!;
      const next = openPayoutOrderState(
        {
          eligibleFrom: row.eligibleFrom,
          openDispute: disputed.has(row.orderId),
          buyerWalletOnHold: buyerOnHold.has(row.orderId),
          sellerBanned: gate.standing.banned,
          sellerAtRisk: gate.standing.atRisk,
          adminHold: gate.adminHold,
          accountEnabled: gate.account?.enabled ?? false,
        },
        now,
      );
      if (next.state !== row.state || next.blockedReason !== row.blockedReason) {
        changes.push({ orderId: row.orderId, state: next.state, blockedReason: next.blockedReason });
      }
    }
    if (changes.length === 0) return 0;
    const result = await tx.execute(sql`
      update ${payoutOrders} as p
         set state = v.state::payout_order_state, blocked_reason = v.blocked_reason, updated_at = now()
        from jsonb_to_recordset(${JSON.stringify(changes.map((change) => ({ order_id: change.orderId, state: change.state, blocked_reason: change.blockedReason })))}::jsonb)
             as v(order_id uuid, state text, blocked_reason text)
       where p.order_id = v.order_id and p.state in ('HELD', 'ELIGIBLE', 'BLOCKED')`);
    return result.rowCount ?? 0;
  }

  /**
   * Re-derives the open payout state of the orders `buyerId` bought, released and not yet paid:
   * in the transaction that puts their wallet on hold (a chargeback) or lifts it
   * (WalletService.setStatus), so their sellers' money waits, or is free again, at once.
   */
  async refreshBuyerOrders(tx: Tx, buyerId: string): Promise<number> {
    const released = await releasedOrdersOfBuyer(tx, buyerId);
    if (released.length === 0) return 0;
    return this.refreshSellers(
      tx,
      [...new Set(released.map((order) => order.sellerId))],
      new Date(),
      released.map((order) => order.orderId),
    );
  }

  /** The orders among `orderIds` whose buyer has a wallet on hold. */
  private async ordersOfBuyersOnHold(tx: Tx, orderIds: readonly string[]): Promise<Set<string>> {
    const buyers = await buyersOfOrders(tx, orderIds);
    const onHold = await buyersWithWalletOnHold(tx, [...new Set(buyers.values())]);
    return new Set([...buyers].filter(([, buyerId]) => onHold.has(buyerId)).map(([orderId]) => orderId));
  }

  /** The seller-wide facts of each seller: risk standing, an active admin hold, the Connect account. */
  async gates(executor: Database | Tx, sellerIds: readonly string[]): Promise<Map<string, SellerGate>> {
    const standings = await sellerPayoutStandings(executor, sellerIds);
    const holds = await executor
      .select({ sellerId: payoutHolds.sellerId })
      .from(payoutHolds)
      .where(and(inArray(payoutHolds.sellerId, [...sellerIds]), isNull(payoutHolds.liftedAt)));
    const held = new Set(holds.map((hold) => hold.sellerId));
    const accounts = await executor
      .select({
        sellerId: payoutAccounts.sellerId,
        stripeAccountId: payoutAccounts.stripeAccountId,
        status: payoutAccounts.status,
      })
      .from(payoutAccounts)
      .where(inArray(payoutAccounts.sellerId, [...sellerIds]));
    const accountOf = new Map(accounts.map((account) => [account.sellerId, account]));
    const gates = new Map<string, SellerGate>();
    for (const sellerId of sellerIds) {
      const account = accountOf.get(sellerId);
      gates.set(sellerId, {
        standing: standings.get(sellerId) ?? { banned: false, atRisk: false },
        adminHold: held.has(sellerId),
        account: account
          ? { stripeAccountId: account.stripeAccountId, enabled: account.status === 'ENABLED' }
          : null,
      });
    }
    return gates;
  }

  async gate(executor: Database | Tx, sellerId: string): Promise<SellerGate> {
    return (await this.gates(executor, [sellerId])).get(sellerId)!;
  }

  /**
   * An admin holds a seller's payouts (with a reason, audited): their open orders become BLOCKED
   * (ADMIN_HOLD) in the same transaction and no new payout starts until the hold is lifted.
   * A payout past phase 1 and not sent yet is not sent while the hold lasts (PayoutService.transfer
   * fails it); a transfer Stripe already made cannot be recalled.
   */
  async setHold(
    admin: { userId: string; requestId?: string | null },
    input: { sellerId: string | null; reason: string },
  ): Promise<Refusable<{ hold: PayoutHoldRow }, PayoutHoldErrorCode>> {
    return catchRefusal(() =>
      withTransaction(this.database, async (tx) => {
        const reason = validReason(input.reason);
        await holdAccountActive(tx, admin.userId);
        const sellerId = await this.existingSeller(tx, input.sellerId);
        refuseOwnHold(admin.userId, sellerId);
        await lockSellerHolds(tx, sellerId);
        const [active] = await tx
          .select({ id: payoutHolds.id })
          .from(payoutHolds)
          .where(and(eq(payoutHolds.sellerId, sellerId), isNull(payoutHolds.liftedAt)));
        if (active)
          refuse(
            PayoutHoldErrorCode.HOLD_ALREADY_ACTIVE,
            "This seller's payouts are already on hold.",
            'sellerId',
          );
        const [hold] = await tx
          .insert(payoutHolds)
          .values({ id: crypto.randomUUID(), sellerId, reason, setBy: admin.userId })
          .returning();
        await this.refreshSellers(tx, [sellerId]);
        await recordAudit(tx, {
          actorUserId: admin.userId,
          action: 'PAYOUT_HOLD_SET',
          subjectType: 'USER',
          subjectId: sellerId,
          details: { reason, holdId: hold!.id },
          requestId: admin.requestId ?? null,
        });
        return { hold: hold! };
      }),
    );
  }

  async liftHold(
    admin: { userId: string; requestId?: string | null },
    input: { sellerId: string | null; reason: string },
  ): Promise<Refusable<{ hold: PayoutHoldRow }, PayoutHoldErrorCode>> {
    return catchRefusal(() =>
      withTransaction(this.database, async (tx) => {
        const reason = validReason(input.reason);
        await holdAccountActive(tx, admin.userId);
        const sellerId = await this.existingSeller(tx, input.sellerId);
        refuseOwnHold(admin.userId, sellerId);
        await lockSellerHolds(tx, sellerId);
        const [lifted] = await tx
          .update(payoutHolds)
          .set({ liftedAt: new Date(), liftedBy: admin.userId, liftReason: reason })
          .where(and(eq(payoutHolds.sellerId, sellerId), isNull(payoutHolds.liftedAt)))
          .returning();
        if (!lifted)
          refuse(PayoutHoldErrorCode.NO_ACTIVE_HOLD, "This seller's payouts are not on hold.", 'sellerId');
        await this.refreshSellers(tx, [sellerId]);
        await recordAudit(tx, {
          actorUserId: admin.userId,
          action: 'PAYOUT_HOLD_LIFTED',
          subjectType: 'USER',
          subjectId: sellerId,
          details: { reason, holdId: lifted.id },
          requestId: admin.requestId ?? null,
        });
        return { hold: lifted };
      }),
    );
  }

  /** A seller's holds, newest first (admins). */
  async holds(executor: Database | Tx, sellerId: string, limit = 50): Promise<PayoutHoldRow[]> {
    return executor
      .select()
      .from(payoutHolds)
      .where(eq(payoutHolds.sellerId, sellerId))
      .orderBy(desc(payoutHolds.setAt))
      .limit(limit);
  }

  private async existingSeller(tx: Tx, sellerId: string | null): Promise<string> {
    const standing = sellerId ? await userStanding(tx, sellerId) : undefined;
    if (!standing || !standing.roles.includes('SELLER'))
      refuse(PayoutHoldErrorCode.SELLER_NOT_FOUND, 'No such seller.', 'sellerId');
    return sellerId!;
  }

  /**
   * The seller's ELIGIBLE orders in one currency, oldest release first, locked for this
   * transaction (a refresh or another allocation waits, then sees them taken).
   */
  async lockEligibleOrders(
    tx: Tx,
    sellerId: string,
    currency: string,
    limit: number,
  ): Promise<PayableOrder[]> {
    return eligibleOrdersQuery(tx, sellerId, currency, limit).for('update');
  }

  /** The seller's ELIGIBLE orders in FIFO order, unlocked (quotes shown before confirming). */
  async eligibleOrders(
    executor: Database | Tx,
    sellerId: string,
    currency: string,
    limit: number,
  ): Promise<PayableOrder[]> {
    return eligibleOrdersQuery(executor, sellerId, currency, limit);
  }

  /** Per state (and blocked reason), the count and sum of a seller's orders in one currency. */
  async stateTotals(
    executor: Database | Tx,
    sellerId: string,
  ): Promise<
    { currency: string; state: string; blockedReason: string | null; orders: number; amount: number }[]
  > {
    const rows = await executor
      .select({
        currency: payoutOrders.currency,
        state: payoutOrders.state,
        blockedReason: payoutOrders.blockedReason,
        orders: sql<number>`count(*)::int`,
        amount: sql<string>`sum(${payoutOrders.netAmount})`,
      })
      .from(payoutOrders)
      .where(eq(payoutOrders.sellerId, sellerId))
      .groupBy(payoutOrders.currency, payoutOrders.state, payoutOrders.blockedReason);
    return rows.map((row) => ({ ...row, amount: Number(row.amount) }));
  }

  /**
   * Per currency, the seller's releases the job has not tracked yet: their count and earnings (the
   * release postings' earnings legs). Read in the same snapshot as `stateTotals`, an order counts in
   * exactly one of the two.
   */
  async untrackedTotals(
    executor: Database | Tx,
    sellerId: string,
  ): Promise<{ currency: string; orders: number; amount: number }[]> {
    const released = await untrackedReleases(executor, sellerId, trackPageSize);
    const earnings = await releaseEarnings(
      executor,
      released.map((order) => order.orderId),
    );
    const totals = new Map<string, { currency: string; orders: number; amount: number }>();
    for (const order of released) {
      const total = totals.get(order.currency) ?? { currency: order.currency, orders: 0, amount: 0 };
      total.orders++;
      total.amount += earnings.get(order.orderId) ?? 0;
      totals.set(order.currency, total);
    }
    return [...totals.values()];
  }
}

/**
 * The seller's released orders of the last `untrackedReleaseWindowMs` that have no payout_orders
 * row yet, oldest release first, at most `limit`.
 */
async function untrackedReleases(executor: Database | Tx, sellerId: string, limit: number) {
  const released = await sellerReleasesSince(
    executor,
    sellerId,
    new Date(Date.now() - untrackedReleaseWindowMs),
    limit,
  );
  if (released.length === 0) return released;
  const tracked = await executor
    .select({ orderId: payoutOrders.orderId })
    .from(payoutOrders)
    .where(
      inArray(
        payoutOrders.orderId,
        released.map((order) => order.orderId),
      ),
    );
  const trackedIds = new Set(tracked.map((row) => row.orderId));
  return released.filter((order) => !trackedIds.has(order.orderId));
}

/** No one holds or releases their own payouts: an admin who also sells asks a colleague. */
function refuseOwnHold(adminId: string, sellerId: string): void {
  if (adminId === sellerId) {
    refuse(
      PayoutHoldErrorCode.OWN_ACCOUNT,
      'These are your own payouts: another admin holds or lifts them.',
      'sellerId',
    );
  }
}

import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.service';
import { holdAccountActive, holdSessionOpen } from '../auth/auth.queries';
import type { Database } from '../db/pool';
import { withTransaction, type Tx } from '../db/transaction';
import { adminReasonRule, isAdminReason } from '../shared/admin-reason';
import type { RequestMeta } from '../shared/request-meta';
import { userError, type UserErrorValue } from '../shared/user-error';
import { codeReveals, orders } from './checkout.tables';
import { EscrowErrorCode, type EscrowService, type OrderRow, type SettledBy } from './escrow.service';

export enum RevealCodeErrorCode {
  ORDER_NOT_FOUND = 'ORDER_NOT_FOUND',
  ORDER_REFUNDED = 'ORDER_REFUNDED',
}

export enum ConfirmDeliveryErrorCode {
  ORDER_NOT_FOUND = 'ORDER_NOT_FOUND',
  ESCROW_ALREADY_REFUNDED = 'ESCROW_ALREADY_REFUNDED',
  /** Released without the buyer: by the auto-release after its window, or by support. */
  ESCROW_ALREADY_RELEASED = 'ESCROW_ALREADY_RELEASED',
  DISPUTE_OPEN = 'DISPUTE_OPEN',
}

/** Why there is nothing left for the buyer to confirm, by who released the order instead. */
const releasedWithoutBuyer: Record<Exclude<SettledBy, 'BUYER_CONFIRMATION'>, string> = {
  AUTO_RELEASE:
    'This order was already released to the seller when its protection window ended; there is nothing left to confirm.',
  ADMIN: "Support already released this order's payment to the seller; there is nothing left to confirm.",
};

export enum RevealDeliveredCodeErrorCode {
  ORDER_NOT_FOUND = 'ORDER_NOT_FOUND',
  /** Support sees a delivered code only for an order that was disputed. */
  NO_DISPUTE = 'NO_DISPUTE',
  INVALID_REASON = 'INVALID_REASON',
}

/** Who asks to see a sold code they did not buy: its seller, or staff (admins for any order). */
export interface CodeInspector {
  userId: string;
  kind: 'SELLER' | 'SUPPORT' | 'ADMIN';
}

/** The catalog's vault: decrypts a sold code. Only the delivery service asks it, only for the order's buyer. */
export interface CodeVault {
  decrypt(tx: Tx, codeId: string): Promise<string>;
}

/** Settlement is blocked while a dispute is open (the dispute area answers this). */
export type OpenDisputeCheck = (tx: Tx, orderId: string) => Promise<boolean>;

/**
 * Delivery: the buyer reveals the code (every reveal audited) and confirms delivery, which
 * releases escrow. Orders nobody confirmed are released by the auto-release sweep after the
 * protection window, unless a dispute is open.
 */
export class DeliveryService {
  constructor(
    private readonly database: Database,
    private readonly escrow: EscrowService,
    private readonly vault: CodeVault,
    private readonly hasOpenDispute: OpenDisputeCheck = async () => false,
    /** Whether the order was ever disputed (the dispute area answers this). */
    private readonly wasDisputed: OpenDisputeCheck = async () => false,
  ) {}

  async revealCode(
    buyerId: string,
    orderId: string | null,
    meta: RequestMeta,
    /** The buyer's session the request came in on: the code is revealed only while it is open (null: no check). */
    sessionId: string | null = null,
  ): Promise<{ code: string; order: OrderRow } | { errors: UserErrorValue<RevealCodeErrorCode>[] }> {
    const notFound = {
      errors: [userError(RevealCodeErrorCode.ORDER_NOT_FOUND, 'No such order.', 'orderId')],
    };
    if (!orderId) return notFound;
    return withTransaction(this.database, async (tx) => {
      // A revocation (a password change after a theft, say) waits for this reveal, or refuses it.
      await holdSessionOpen(tx, sessionId, buyerId);
      const [order] = await tx
        .select()
        .from(orders)
        .where(and(eq(orders.id, orderId), eq(orders.buyerId, buyerId)));
      // Another buyer's order is "not found": its existence is not theirs to learn.
      if (!order) return notFound;
      if (order.escrowStatus === 'REFUNDED') {
        return {
          errors: [
            userError(
              RevealCodeErrorCode.ORDER_REFUNDED,
              'This order was refunded; its code is no longer yours.',
            ),
          ],
        };
      }
      const code = await this.vault.decrypt(tx, order.codeId);
      await tx.insert(codeReveals).values({
        orderId: order.id,
        userId: buyerId,
        requestId: meta.requestId,
        address: meta.address,
        userAgent: meta.userAgent?.slice(0, 500) ?? null,
      });
      const [updated] = await tx
        .update(orders)
        .set({ codeRevealedAt: new Date() })
        .where(and(eq(orders.id, order.id), isNull(orders.codeRevealedAt)))
        .returning();
      return { code, order: updated ?? order };
    });
  }

  /**
   * The code an order delivered, for its seller or for staff checking a dispute (the buyer's
   * screenshot against the code, one code sold twice). Each reveal is in the audit log with its
   * reason; it is not a buyer's reveal, so it leaves the order's reveal record (the dispute
   * evidence) as it was. Support sees codes of disputed orders only.
   */
  async revealDeliveredCode(
    inspector: CodeInspector,
    orderId: string | null,
    reason: string,
    meta: RequestMeta,
  ): Promise<{ code: string; order: OrderRow } | { errors: UserErrorValue<RevealDeliveredCodeErrorCode>[] }> {
    const notFound = {
      errors: [userError(RevealDeliveredCodeErrorCode.ORDER_NOT_FOUND, 'No such order.', 'orderId')],
    };
    const trimmed = reason.trim();
    if (!isAdminReason(trimmed)) {
      return { errors: [userError(RevealDeliveredCodeErrorCode.INVALID_REASON, adminReasonRule, 'reason')] };
    }
    if (!orderId) return notFound;
    return withTransaction(this.database, async (tx) => {
      // First: a colleague disabling this account now waits for the reveal, or refuses it.
      await holdAccountActive(tx, inspector.userId);
      const [order] = await tx.select().from(orders).where(eq(orders.id, orderId));
      // Another seller's sale is "not found": its existence is not theirs to learn.
      if (!order || (inspector.kind === 'SELLER' && order.sellerId !== inspector.userId)) return notFound;
      if (inspector.kind === 'SUPPORT' && !(await this.wasDisputed(tx, order.id))) {
        return {
          errors: [
            userError(
              RevealDeliveredCodeErrorCode.NO_DISPUTE,
              'Support sees the code an order delivered only when the order was disputed.',
              'orderId',
            ),
          ],
        };
      }
      const code = await this.vault.decrypt(tx, order.codeId);
      await recordAudit(tx, {
        actorUserId: inspector.userId,
        action: 'order.code_revealed',
        subjectType: 'Order',
        subjectId: order.id,
        details: { reason: trimmed, as: inspector.kind },
        requestId: meta.requestId,
        address: meta.address,
      });
      return { code, order };
    });
  }

  async confirmDelivery(
    buyerId: string,
    orderId: string | null,
  ): Promise<{ order: OrderRow } | { errors: UserErrorValue<ConfirmDeliveryErrorCode>[] }> {
    const notFound = {
      errors: [userError(ConfirmDeliveryErrorCode.ORDER_NOT_FOUND, 'No such order.', 'orderId')],
    };
    if (!orderId) return notFound;
    return withTransaction(this.database, async (tx) => {
      const [order] = await tx
        .select({ id: orders.id })
        .from(orders)
        .where(and(eq(orders.id, orderId), eq(orders.buyerId, buyerId)));
      if (!order) return notFound;
      if (await this.hasOpenDispute(tx, order.id)) {
        return {
          errors: [userError(ConfirmDeliveryErrorCode.DISPUTE_OPEN, 'This order has an open dispute.')],
        };
      }
      const result = await this.escrow.release(tx, order.id, 'BUYER_CONFIRMATION');
      if ('error' in result) {
        const code =
          result.error.code === EscrowErrorCode.ESCROW_ALREADY_REFUNDED
            ? ConfirmDeliveryErrorCode.ESCROW_ALREADY_REFUNDED
            : ConfirmDeliveryErrorCode.ORDER_NOT_FOUND;
        return { errors: [{ ...result.error, code }] };
      }
      // Confirming again is a replay; an order someone else released was never confirmed by its buyer.
      const { settledBy } = result.order;
      if (result.replayed && settledBy && settledBy !== 'BUYER_CONFIRMATION') {
        return {
          errors: [
            userError(ConfirmDeliveryErrorCode.ESCROW_ALREADY_RELEASED, releasedWithoutBuyer[settledBy]),
          ],
        };
      }
      return { order: result.order };
    });
  }

  /** Auto-release of one order: releases it if it is still held, past its window (as of `now`), and undisputed. */
  async autoRelease(orderId: string, now: Date = new Date()): Promise<AutoReleaseOutcome> {
    return withTransaction(this.database, async (tx) => {
      const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update');
      return order ? this.releaseIfDue(tx, order, now) : 'SKIPPED';
    });
  }

  /**
   * The auto-release sweep's step (escrow.jobs.ts), in one transaction: locks the first held order
   * whose protection window ended by `now` and that comes after `after` (window end, then id),
   * skipping orders another transaction holds (another instance's sweep, a buyer confirming, a
   * dispute opening: each decides that order), and releases it unless a dispute is open; null when
   * no such order is left. Reads orders_held_idx. Locks as autoRelease does: the order, then
   * the dispute check (which locks the order again), then the release.
   */
  async autoReleaseNext(
    now: Date,
    after: AutoReleaseCursor | null,
  ): Promise<{ cursor: AutoReleaseCursor; outcome: AutoReleaseOutcome } | null> {
    return withTransaction(this.database, async (tx) => {
      const [next] = await tx
        .select({ order: orders, endsAt: sql<string>`${orders.protectionEndsAt}::text` })
        .from(orders)
        .where(
          and(
            // A literal, so the partial index's predicate holds under any plan.
            sql`${orders.escrowStatus} = 'HELD'`,
            lte(orders.protectionEndsAt, now),
            after
              ? sql`(${orders.protectionEndsAt}, ${orders.id}) > (${after.protectionEndsAt}::timestamptz, ${after.id}::uuid)`
              : undefined,
          ),
        )
        .orderBy(asc(orders.protectionEndsAt), asc(orders.id))
        .limit(1)
        .for('update', { skipLocked: true });
      if (!next) return null;
      return {
        // The window's end as the database holds it (microseconds), so the next step starts after it.
        cursor: { protectionEndsAt: next.endsAt, id: next.order.id },
        outcome: await this.releaseIfDue(tx, next.order, now),
      };
    });
  }

  /** Under the order's lock: a confirmed, refunded or disputed order, or one still in its window, is left alone. */
  private async releaseIfDue(tx: Tx, order: OrderRow, now: Date): Promise<AutoReleaseOutcome> {
    if (order.escrowStatus !== 'HELD' || order.protectionEndsAt > now) return 'SKIPPED';
    if (await this.hasOpenDispute(tx, order.id)) return 'SKIPPED';
    const result = await this.escrow.release(tx, order.id, 'AUTO_RELEASE');
    return 'error' in result || result.replayed ? 'SKIPPED' : 'RELEASED';
  }
}

export type AutoReleaseOutcome = 'RELEASED' | 'SKIPPED';

/** Where an auto-release sweep is: the last order it visited (its window's end as text, exact to the microsecond). */
export interface AutoReleaseCursor {
  protectionEndsAt: string;
  id: string;
}

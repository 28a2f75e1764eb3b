import { eq, sql, type SQL } from 'drizzle-orm';
import { insertViewerEventsSql } from '../auth/viewer-events';
import { preparedStatement, runPrepared } from '../db/prepared';
import type { Tx } from '../db/transaction';
import { releasePosting, refundPosting } from '../domain/posting-rules';
import type { LedgerService } from '../ledger/ledger.service';
import { assert } from '../shared/assert';
import { userError, type UserErrorValue } from '../shared/user-error';
import { enqueueRiskRecompute } from '../risk/risk.jobs';
import { walletChangedPayloadSql } from '../wallet/wallet-events';
import { orderRowColumns, orders } from './checkout.tables';

export type OrderRow = typeof orders.$inferSelect;
export type SettledBy = NonNullable<OrderRow['settledBy']>;

export enum EscrowErrorCode {
  ORDER_NOT_FOUND = 'ORDER_NOT_FOUND',
  ESCROW_ALREADY_RELEASED = 'ESCROW_ALREADY_RELEASED',
  ESCROW_ALREADY_REFUNDED = 'ESCROW_ALREADY_REFUNDED',
}

export type EscrowResult =
  { order: OrderRow; replayed: boolean } | { error: UserErrorValue<EscrowErrorCode> };

const value = (name: string, type: string): SQL => sql`${sql.placeholder(name)}::${sql.raw(type)}`;
const settledOrder = (column: string): SQL => sql`(select settled.${sql.identifier(column)} from settled)`;
const orderUpdated = sql`jsonb_build_object('kind', 'ORDER_UPDATED', 'subjectId', ${settledOrder('id')})`;
const saleUpdated = sql`jsonb_build_object('kind', 'SALE_UPDATED', 'subjectId', ${settledOrder('id')})`;

/**
 * One statement settles a HELD order and publishes its viewer events: it moves the order out of
 * HELD (locking its row; a concurrent settlement waits, then finds it no longer HELD and settles
 * nothing), returns it, and inserts the events only if it did: `events` for its buyer, SALE_UPDATED
 * for its seller. `changes` is the SET list.
 */
function settleStatement(name: string, changes: SQL, events: SQL) {
  return preparedStatement<OrderRow & Record<string, unknown>>(
    name,
    sql`with settled as (
          update ${orders} set ${changes}
           where ${orders.id} = ${value('orderId', 'uuid')} and ${orders.escrowStatus} = 'HELD'
          returning ${orderRowColumns}
        ),
        published as (
          ${insertViewerEventsSql({
            userId: sql`${settledOrder('buyerId')}::text`,
            payloads: events,
            when: sql`exists (select 1 from settled)`,
          })}
        ),
        published_to_seller as (
          ${insertViewerEventsSql({
            userId: sql`${settledOrder('sellerId')}::text`,
            payloads: sql`jsonb_build_array(${saleUpdated})`,
            when: sql`exists (select 1 from settled)`,
          })}
        )
        select * from settled`,
  );
}

const releaseStatement = settleStatement(
  'checkout.release',
  sql`escrow_status = 'RELEASED', released_at = ${value('now', 'timestamptz')},
      confirmed_at = case when ${value('settledBy', 'text')} = 'BUYER_CONFIRMATION'
                          then ${value('now', 'timestamptz')} else confirmed_at end,
      payout_eligible_at = ${value('payoutEligibleAt', 'timestamptz')},
      settled_by = ${value('settledBy', 'text')}`,
  sql`jsonb_build_array(${orderUpdated})`,
);

const refundStatement = settleStatement(
  'checkout.refund',
  sql`escrow_status = 'REFUNDED', refunded_at = ${value('now', 'timestamptz')},
      settled_by = ${value('settledBy', 'text')}`,
  sql`jsonb_build_array(${walletChangedPayloadSql(settledOrder('buyerId'), settledOrder('currency'))}, ${orderUpdated})`,
);

/**
 * The only code that settles escrow. `release` and `refund` are symmetric: each settles the order
 * if it is HELD (one statement: the order leaves HELD, its events are published), posts one ledger
 * transaction, and enqueues the parties' risk recomputes; otherwise it is a no-op replay when the
 * order was settled its way, and refused when it was settled the other way. Three round trips and
 * the jobs', where it used to lock the order, post, update it, then publish.
 */
export class EscrowService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly payoutHoldHours: number,
  ) {}

  async release(tx: Tx, orderId: string, settledBy: SettledBy): Promise<EscrowResult> {
    const now = new Date();
    const [released] = await runPrepared(tx, releaseStatement, {
      orderId,
      now,
      settledBy,
      payoutEligibleAt: new Date(now.getTime() + this.payoutHoldHours * 3_600_000),
    });
    if (!released) return this.notHeld(tx, orderId, 'RELEASED');
    await this.ledger.post(
      tx,
      releasePosting({
        orderId: released.id,
        sellerId: released.sellerId,
        amount: released.priceAmount,
        currency: released.currency,
        feeBasisPoints: released.feeBasisPoints,
      }),
    );
    await enqueueRiskRecompute(tx, [released.buyerId, released.sellerId], 'ORDER_COMPLETED');
    return { order: released, replayed: false };
  }

  async refund(tx: Tx, orderId: string, settledBy: SettledBy): Promise<EscrowResult> {
    const [refunded] = await runPrepared(tx, refundStatement, { orderId, now: new Date(), settledBy });
    if (!refunded) return this.notHeld(tx, orderId, 'REFUNDED');
    await this.ledger.post(
      tx,
      refundPosting({
        orderId: refunded.id,
        buyerId: refunded.buyerId,
        amount: refunded.priceAmount,
        currency: refunded.currency,
      }),
    );
    await enqueueRiskRecompute(tx, [refunded.buyerId, refunded.sellerId], 'ORDER_REFUNDED');
    return { order: refunded, replayed: false };
  }

  /** The answer for an order the settlement found not HELD: missing, settled this way (replay), or the other. */
  private async notHeld(tx: Tx, orderId: string, wanted: 'RELEASED' | 'REFUNDED'): Promise<EscrowResult> {
    const [order] = await tx.select().from(orders).where(eq(orders.id, orderId));
    if (!order) return notFound();
    assert(
      order.escrowStatus !== 'HELD',
      `order ${orderId} is HELD although its settlement found it settled`,
    );
    if (order.escrowStatus === wanted) return { order, replayed: true };
    return {
      error:
        order.escrowStatus === 'REFUNDED'
          ? userError(
              EscrowErrorCode.ESCROW_ALREADY_REFUNDED,
              'This order was refunded; it cannot be released.',
            )
          : userError(
              EscrowErrorCode.ESCROW_ALREADY_RELEASED,
              'This order was released; it cannot be refunded.',
            ),
    };
  }
}

function notFound(): { error: UserErrorValue<EscrowErrorCode> } {
  return { error: userError(EscrowErrorCode.ORDER_NOT_FOUND, 'No such order.', 'orderId') };
}

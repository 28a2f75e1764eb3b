import { eq } from 'drizzle-orm';
import type { Tx } from '../db/transaction';
import { releasePosting, refundPosting } from '../domain/posting-rules';
import type { LedgerService } from '../ledger/ledger.service';
import { userError, type UserErrorValue } from '../shared/user-error';
import { enqueueRiskRecompute } from '../risk/risk.jobs';
import { publishViewerEvent } from '../auth/viewer-events';
import { publishWalletChanged } from '../wallet/wallet-events';
import { orders } from './checkout.tables';

export type OrderRow = typeof orders.$inferSelect;
export type SettledBy = NonNullable<OrderRow['settledBy']>;

export enum EscrowErrorCode {
  ORDER_NOT_FOUND = 'ORDER_NOT_FOUND',
  ESCROW_ALREADY_RELEASED = 'ESCROW_ALREADY_RELEASED',
  ESCROW_ALREADY_REFUNDED = 'ESCROW_ALREADY_REFUNDED',
}

export type EscrowResult =
  { order: OrderRow; replayed: boolean } | { error: UserErrorValue<EscrowErrorCode> };

/**
 * The only code that settles escrow. `release` and `refund` are symmetric: each locks the order,
 * is a no-op replay when the order is already settled its way, is refused when it was settled
 * the other way, and otherwise posts one ledger transaction and mirrors it on the order.
 */
export class EscrowService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly payoutHoldHours: number,
  ) {}

  async release(tx: Tx, orderId: string, settledBy: SettledBy): Promise<EscrowResult> {
    const order = await this.lockOrder(tx, orderId);
    if (!order) return notFound();
    if (order.escrowStatus === 'RELEASED') return { order, replayed: true };
    if (order.escrowStatus === 'REFUNDED') {
      return {
        error: userError(
          EscrowErrorCode.ESCROW_ALREADY_REFUNDED,
          'This order was refunded; it cannot be released.',
        ),
      };
    }
    await this.ledger.post(
      tx,
      releasePosting({
        orderId: order.id,
        sellerId: order.sellerId,
        amount: order.priceAmount,
        currency: order.currency,
        feeBasisPoints: order.feeBasisPoints,
      }),
    );
    const now = new Date();
    const [released] = await tx
      .update(orders)
      .set({
        escrowStatus: 'RELEASED',
        releasedAt: now,
        confirmedAt: settledBy === 'BUYER_CONFIRMATION' ? now : order.confirmedAt,
        payoutEligibleAt: new Date(now.getTime() + this.payoutHoldHours * 3_600_000),
        settledBy,
      })
      .where(eq(orders.id, order.id))
      .returning();
    await enqueueRiskRecompute(tx, [order.buyerId, order.sellerId], 'ORDER_COMPLETED');
    await publishViewerEvent(tx, order.buyerId, 'ORDER_UPDATED', order.id);
    return { order: released!, replayed: false };
  }

  async refund(tx: Tx, orderId: string, settledBy: SettledBy): Promise<EscrowResult> {
    const order = await this.lockOrder(tx, orderId);
    if (!order) return notFound();
    if (order.escrowStatus === 'REFUNDED') return { order, replayed: true };
    if (order.escrowStatus === 'RELEASED') {
      return {
        error: userError(
          EscrowErrorCode.ESCROW_ALREADY_RELEASED,
          'This order was released; it cannot be refunded.',
        ),
      };
    }
    await this.ledger.post(
      tx,
      refundPosting({
        orderId: order.id,
        buyerId: order.buyerId,
        amount: order.priceAmount,
        currency: order.currency,
      }),
    );
    const [refunded] = await tx
      .update(orders)
      .set({ escrowStatus: 'REFUNDED', refundedAt: new Date(), settledBy })
      .where(eq(orders.id, order.id))
      .returning();
    await enqueueRiskRecompute(tx, [order.buyerId, order.sellerId], 'ORDER_REFUNDED');
    await publishWalletChanged(tx, order.buyerId, order.currency);
    await publishViewerEvent(tx, order.buyerId, 'ORDER_UPDATED', order.id);
    return { order: refunded!, replayed: false };
  }

  private async lockOrder(tx: Tx, orderId: string): Promise<OrderRow | undefined> {
    const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update');
    return order;
  }
}

function notFound(): { error: UserErrorValue<EscrowErrorCode> } {
  return { error: userError(EscrowErrorCode.ORDER_NOT_FOUND, 'No such order.', 'orderId') };
}

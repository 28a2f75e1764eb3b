import type { Tx } from '../db/transaction';
import { enqueueRiskRecompute } from '../risk/risk.jobs';
import type { OrderRow } from './escrow.service';

/**
 * What a committed purchase sets in motion, enqueued inside its transaction. (What the checkout
 * asks the auth, risk and wallet authorities before it takes the buyer's money is part of its one
 * read of a purchase: checkout/purchase-statements.ts.) services.ts only passes these to CheckoutService.
 */

/**
 * The effects of a purchase, run inside its transaction once the order exists: one statement, a
 * request to recompute the buyer's risk (the score counts orders and their velocity), which exists
 * if and only if the purchase commits. The auto-release needs nothing: the held order is its own
 * schedule, read by the auto-release sweep once its window ends (escrow.jobs.ts).
 */
export function purchaseEffects(): (tx: Tx, order: OrderRow) => Promise<void> {
  return async (tx, order) => {
    await enqueueRiskRecompute(tx, order.buyerId, 'ORDER_PLACED');
  };
}

import type { Tx } from '../db/transaction';
import { enqueueRiskRecompute } from '../risk/risk.jobs';
import type { PurchaseFacts } from './checkout.service';

/**
 * What a committed purchase sets in motion, enqueued inside its transaction. (What the checkout
 * asks the auth, risk and wallet authorities before it takes the buyer's money is part of its one
 * read of a purchase: checkout/purchase-statements.ts.) services.ts only passes these to CheckoutService.
 */

/**
 * The effects of a purchase, run inside its transaction once the buyer is charged: one statement, a
 * request to recompute the buyer's risk (the score counts orders and their velocity), which exists
 * if and only if the purchase commits. The auto-release needs nothing: the held order is its own
 * schedule, read by the auto-release sweep once its window ends (escrow.jobs.ts).
 */
export function purchaseEffects(): (tx: Tx, purchase: PurchaseFacts) => Promise<void> {
  return async (tx, purchase) => {
    await enqueueRiskRecompute(tx, purchase.buyerId, 'ORDER_PLACED');
  };
}

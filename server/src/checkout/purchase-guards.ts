import type { Tx } from '../db/transaction';
import type { JobQueue } from '../jobs/queue';
import { enqueueRiskRecompute } from '../risk/risk.jobs';
import { scheduleAutoRelease } from './escrow.jobs';
import type { OrderRow } from './escrow.service';

/**
 * What a committed purchase sets in motion, enqueued inside its transaction. (What the checkout
 * asks the auth, risk and wallet authorities before it takes the buyer's money is part of its one
 * read of a purchase: checkout/purchase-statements.ts.) services.ts only passes these to CheckoutService.
 */

/**
 * The effects of a purchase, run inside its transaction once the order exists, so each job exists
 * if and only if the purchase commits: the auto-release at the end of the protection window, and a
 * recompute of the buyer's risk (the score counts orders and their velocity).
 */
export function purchaseEffects(jobs: JobQueue): (tx: Tx, order: OrderRow) => Promise<void> {
  return async (tx, order) => {
    await scheduleAutoRelease(tx, jobs, order);
    await enqueueRiskRecompute(tx, jobs, order.buyerId, 'ORDER_PLACED');
  };
}

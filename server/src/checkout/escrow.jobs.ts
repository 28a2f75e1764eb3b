import type { Tx } from '../db/transaction';
import type { JobQueue } from '../jobs/queue';
import type { DeliveryService } from './delivery.service';
import type { OrderRow } from './escrow.service';

/**
 * Auto-release: every purchase schedules, in its own transaction, one job at the end of the
 * protection window. The job releases the order if it is still held and undisputed; a confirmed
 * or refunded order makes it a no-op. The job exists if and only if the purchase committed.
 */
export const autoReleaseTask = 'escrow.auto_release';

export async function scheduleAutoRelease(tx: Tx, jobs: JobQueue, order: OrderRow): Promise<void> {
  await jobs.enqueue(
    tx,
    autoReleaseTask,
    { orderId: order.id },
    { runAt: order.protectionEndsAt, jobKey: `auto_release:${order.id}` },
  );
}

export function registerEscrowTasks(jobs: JobQueue, delivery: DeliveryService): void {
  jobs.register(autoReleaseTask, async (payload) => {
    const orderId = (payload as { orderId?: unknown }).orderId;
    if (typeof orderId !== 'string') throw new Error('auto-release job without an order id');
    await delivery.autoRelease(orderId);
  });
}

import type { JobQueue, SweepOutcome } from '../jobs/queue';
import type { AutoReleaseCursor, DeliveryService } from './delivery.service';

/**
 * Auto-release: a sweep over the held orders whose protection window has ended, not a job per
 * order. Every AUTO_RELEASE_SWEEP_SECONDS, in every worker process, a pass walks those orders in
 * window order (orders_held_idx) and releases each in its own transaction, exactly as
 * DeliveryService.autoRelease does: a confirmed, refunded or disputed order is left alone. The
 * orders themselves are the schedule, so nothing is lost on a restart; each step takes its order
 * FOR UPDATE SKIP LOCKED, so two instances never take the same one, and a release happens once
 * (the status is checked under the lock). An order is released by the first pass that starts
 * after its window ends: within one interval (plus the pass before it), never before.
 */
export const autoReleaseSweep = 'escrow.auto_release';

/** Orders one pass visits at most; while the walk goes on, the next pass starts at once. */
export const autoReleaseBatchSize = 100;

export class AutoReleaseSweep {
  /** Where the walk is; null at its start. Kept between passes so that disputed orders at the
   * front of the range (left held, and visited again by every walk) never hold up the rest. */
  private cursor: AutoReleaseCursor | null = null;

  constructor(
    private readonly delivery: DeliveryService,
    private readonly batchSize = autoReleaseBatchSize,
  ) {}

  /** Visits up to batchSize orders due by `now`; `more` while the walk has not reached the end. */
  async pass(signal?: AbortSignal, now: Date = new Date()): Promise<SweepOutcome> {
    let released = 0;
    for (let visited = 0; visited < this.batchSize; visited++) {
      if (signal?.aborted) return { processed: released, more: true };
      const step = await this.delivery.autoReleaseNext(now, this.cursor);
      if (!step) {
        this.cursor = null;
        return { processed: released, more: false };
      }
      this.cursor = step.cursor;
      if (step.outcome === 'RELEASED') released++;
    }
    return { processed: released, more: true };
  }
}

export function registerEscrowTasks(
  jobs: JobQueue,
  delivery: DeliveryService,
  settings: { autoReleaseSweepSeconds: number },
): void {
  const sweep = new AutoReleaseSweep(delivery);
  jobs.registerSweep(autoReleaseSweep, settings.autoReleaseSweepSeconds, ({ signal }) => sweep.pass(signal));
}

import type { Config } from '../config';
import type { JobQueue } from '../jobs/queue';
import { assert } from '../shared/assert';
import type { PayoutEligibilityService } from './payout-eligibility.service';
import type { PayoutService } from './payout.service';
import { executeWithdrawalTask } from './withdrawal-domain.service';
import type { WithdrawalExecutionService } from './withdrawal-execution.service';

/** Scheduled: track new releases and re-derive eligibility; then re-drive stuck payouts. */
export const refreshEligibilityTask = 'payouts.refresh_eligibility';
/** Scheduled: the automated payout of every enabled seller's eligible orders. */
export const sweepTask = 'payouts.sweep';

/**
 * The payouts area's jobs: a withdrawal's execution (enqueued by its request), a payout's
 * transfer (enqueued by phase 1, registered by PayoutService), and the scheduled ones. Each
 * handler is idempotent: a job may run again after a crash.
 */
export function registerPayoutTasks(
  jobs: JobQueue,
  services: {
    eligibility: PayoutEligibilityService;
    execution: WithdrawalExecutionService;
    payouts: PayoutService;
  },
  settings: Config['payouts'],
): void {
  jobs.register(executeWithdrawalTask, async (payload, job) => {
    const withdrawalId = (payload as { withdrawalId?: unknown }).withdrawalId;
    assert(typeof withdrawalId === 'string', `${executeWithdrawalTask} without a withdrawal id`);
    const result = await services.execution.executeWithdrawal(withdrawalId);
    job.log.info({ withdrawalId, outcome: result.outcome }, 'withdrawal executed');
  });
  jobs.register(refreshEligibilityTask, async (_payload, job) => {
    const refreshed = await services.eligibility.refreshAll();
    const recovered = await services.payouts.recoverStuck(settings.stuckAfterSeconds);
    job.log.info({ ...refreshed, recovered }, 'payout eligibility refreshed');
  });
  jobs.register(sweepTask, async (_payload, job) => {
    const result = await services.execution.sweep();
    job.log.info(result, 'payout sweep done');
  });
  jobs.schedule(refreshEligibilityTask, { everyMinutes: settings.eligibilityRefreshMinutes });
  jobs.schedule(sweepTask, { everyHours: settings.sweepIntervalHours, atMinute: 15 });
}

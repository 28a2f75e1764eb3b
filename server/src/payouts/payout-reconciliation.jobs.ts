import type { Config } from '../config';
import type { JobQueue } from '../jobs/queue';
import type { PayoutReconciliationService } from './payout-reconciliation.service';

/** Scheduled: Stripe's transfers against the payouts table and the ledger (PAYOUT_RECONCILE_INTERVAL_HOURS). */
export const reconcilePayoutsTask = 'payouts.reconcile';

/**
 * The reconciliation job. A run that finds discrepancies is a warning with their count by kind
 * (ids only: a discrepancy holds no personal data); the report itself is stored for admins. A run
 * refused because another is running (the command, an admin) is skipped: that one reports.
 */
export function registerPayoutReconciliationTasks(
  jobs: JobQueue,
  reconciliation: PayoutReconciliationService,
  settings: Pick<Config['payouts'], 'reconcileIntervalHours'>,
): void {
  jobs.register(reconcilePayoutsTask, async (_payload, job) => {
    const result = await reconciliation.reconcile({ trigger: 'SCHEDULE' });
    if (result.outcome === 'ALREADY_RUNNING') {
      job.log.info('payout reconciliation skipped: another run is in progress');
      return;
    }
    const { run } = result;
    const summary = {
      reconciliationId: run.id,
      transfersChecked: run.transfersChecked,
      payoutsChecked: run.payoutsChecked,
      discrepancyCount: run.discrepancyCount,
    };
    if (run.discrepancyCount === 0) {
      job.log.info(summary, 'payout reconciliation clean');
      return;
    }
    const byKind: Record<string, number> = {};
    for (const discrepancy of run.discrepancies)
      byKind[discrepancy.kind] = (byKind[discrepancy.kind] ?? 0) + 1;
    job.log.warn({ ...summary, storedByKind: byKind }, 'payout reconciliation found discrepancies');
  });
  // Off the hour and away from the sweep (minute 15), so the two do not start together.
  jobs.schedule(reconcilePayoutsTask, { everyHours: settings.reconcileIntervalHours, atMinute: 45 });
}

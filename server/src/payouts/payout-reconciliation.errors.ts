/** The error codes of the reconciliation mutation (a GraphQL enum in payout-reconciliation.types.ts). */
export enum RunPayoutReconciliationErrorCode {
  /** Another run (the scheduled job, the command, another admin) holds the lock; its report follows. */
  RECONCILIATION_RUNNING = 'RECONCILIATION_RUNNING',
}

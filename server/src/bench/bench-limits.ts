/**
 * The abuse limits every bench lifts, for what its setup does that a real crowd does not: it opens
 * all its accounts from 127.0.0.1 (the per-address limit on new accounts), and one seller uploads
 * the whole run's stock (the hourly budget of code lines). Neither is what a bench measures.
 */
export const benchSetupLimits = {
  SIGN_UP_MAX_ACCOUNTS_PER_ADDRESS: '1000000',
  CODE_LINES_MAX_PER_HOUR: '100000000',
} as const;
